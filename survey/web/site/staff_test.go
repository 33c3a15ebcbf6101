package site_test

import (
	"context"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/staff"
)

const staffPassword = "violet kettle harbour 42"

// browser keeps the cookies one browser would, and the CSRF token of the last form it saw.
type browser struct {
	ta      *testApp
	cookies map[string]*http.Cookie
	csrf    string
	// forwardedFor, when set, is sent as X-Forwarded-For, for apps that trust app.Test's peer as a proxy.
	forwardedFor string
}

func newBrowser(ta *testApp) *browser {
	return &browser{ta: ta, cookies: map[string]*http.Cookie{}}
}

func (b *browser) send(t *testing.T, method, target string, form url.Values) (*http.Response, *goquery.Document) {
	t.Helper()
	if form != nil {
		return b.sendBody(t, method, target, strings.NewReader(form.Encode()), "application/x-www-form-urlencoded")
	}
	return b.sendBody(t, method, target, nil, "")
}

// sendBody sends a request with body of contentType, keeping cookies and the CSRF token as send does.
func (b *browser) sendBody(t *testing.T, method, target string, body io.Reader, contentType string) (*http.Response, *goquery.Document) {
	t.Helper()
	req := httptest.NewRequest(method, target, body)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if b.forwardedFor != "" {
		req.Header.Set("X-Forwarded-For", b.forwardedFor)
	}
	for _, c := range b.cookies {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	resp, page := b.ta.do(t, req)
	for _, c := range resp.Cookies() {
		if c.MaxAge < 0 || (!c.Expires.IsZero() && c.Expires.Before(time.Now())) {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c
		}
	}
	doc := parse(t, page)
	if token, ok := doc.Find(`input[name="_csrf"]`).Attr("value"); ok {
		b.csrf = token
	}
	return resp, doc
}

func (b *browser) get(t *testing.T, target string) (*http.Response, *goquery.Document) {
	t.Helper()
	return b.send(t, http.MethodGet, target, nil)
}

// post sends a form with the browser's CSRF token, unless the form brings its own.
func (b *browser) post(t *testing.T, target string, form url.Values) (*http.Response, *goquery.Document) {
	t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["_csrf"]; !ok {
		form.Set("_csrf", b.csrf)
	}
	return b.send(t, http.MethodPost, target, form)
}

// addStaff creates an account from the command line, as the first admin is made.
func (ta *testApp) addStaff(t *testing.T, email string, roles ...staff.Role) *staff.User {
	t.Helper()
	u, err := ta.staff.AddUser(context.Background(), email, strings.Split(email, "@")[0], roles, staffPassword)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// signIn signs a new browser in as email, checking it lands on the staff home page.
func (ta *testApp) signIn(t *testing.T, email string) *browser {
	t.Helper()
	b := newBrowser(ta)
	b.get(t, "/staff/sign-in")
	resp, _ := b.post(t, "/staff/sign-in", url.Values{"email": {email}, "password": {staffPassword}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/staff" {
		t.Fatalf("sign in as %s: %d to %q, want 303 to /staff", email, resp.StatusCode, resp.Header.Get("Location"))
	}
	// Signing in replaced the session and its CSRF token; the page it leads to has the new one.
	if resp, _ := b.get(t, "/staff"); resp.StatusCode != http.StatusOK {
		t.Fatalf("home page after sign-in: %d", resp.StatusCode)
	}
	return b
}

// auditActions lists the audit log's actions, oldest first.
func (ta *testApp) auditActions(t *testing.T) []string {
	t.Helper()
	var got []string
	if err := ta.db.EachAuditEntry(context.Background(), func(e staff.AuditEntry) error { got = append(got, e.Action); return nil }); err != nil {
		t.Fatal(err)
	}
	return got
}

func wantStatus(t *testing.T, resp *http.Response, status int, location string) {
	t.Helper()
	if resp.StatusCode != status || resp.Header.Get("Location") != location {
		t.Fatalf("got %d to %q, want %d to %q", resp.StatusCode, resp.Header.Get("Location"), status, location)
	}
}

func problem(doc *goquery.Document) string {
	return strings.TrimSpace(doc.Find(".problem p").First().Text())
}

// TestStaffRoutePermissions tries every staff route as every role and as nobody. Every route the
// app serves under /staff must be in the table, so a new route cannot go untested.
func TestStaffRoutePermissions(t *testing.T) {
	ta := newTestApp(t)
	target := ta.addStaff(t, "target@example.org", staff.YouthWorker)
	admin := ta.addStaff(t, "admin@example.org", staff.Admin)
	invite, err := ta.staff.Invite(context.Background(), admin, "new@example.org", []staff.Role{staff.Scrutineer})
	if err != nil {
		t.Fatal(err)
	}
	ta.addChannel(t, survey.Channel{Code: "K7P3QX", Name: "Southfields Academy", Setting: survey.SettingSchool})
	answers := ta.seedTexts(t, 12)
	flaggedAnswer, textAnswer := answers[0], answers[1]
	// Proposed by someone else, so that whoever may approve it can.
	if err := ta.svc.ProposeQuote(context.Background(), slug, "needs_done", textAnswer, target.ID); err != nil {
		t.Fatal(err)
	}
	all := slices.Clone(staff.Roles)
	admins := []staff.Role{staff.Admin}
	distributors := []staff.Role{staff.Admin, staff.YouthWorker}
	channelViewers := []staff.Role{staff.Admin, staff.SafeguardingLead, staff.Scrutineer, staff.YouthWorker}
	translators := []staff.Role{staff.Admin, staff.Translator} // the translator translates Polish
	polish := "/staff/translations/pl/ui"
	channels := "/staff/surveys/" + slug + "/channels"
	texts := "/staff/surveys/" + slug + "/texts/needs_done"
	readers := []staff.Role{staff.Admin, staff.Scrutineer}
	findingsReaders := []staff.Role{staff.Admin, staff.SafeguardingLead, staff.Scrutineer}
	draft, err := ta.design.Start(context.Background(), admin, slug)
	if err != nil {
		t.Fatal(err)
	}
	d := "/staff/drafts/" + draft.ID()
	q := d + "/questions/" + draft.Survey.Questions[0].ID
	draftReaders := []staff.Role{staff.Admin, staff.SafeguardingLead, staff.Scrutineer}
	designers := []staff.Role{staff.Admin, staff.Scrutineer}
	// public routes are for people not signed in; the others name the roles that may use them.
	routes := []struct {
		method, path, target string
		public               bool
		roles                []staff.Role
	}{
		{"GET", "/staff/sign-in", "/staff/sign-in", true, nil},
		{"POST", "/staff/sign-in", "/staff/sign-in", true, nil},
		{"GET", "/staff/sign-in/code", "/staff/sign-in/code", true, nil},
		{"POST", "/staff/sign-in/code", "/staff/sign-in/code", true, nil},
		{"GET", "/staff/accept/:token", "/staff/accept/" + invite, true, nil},
		{"POST", "/staff/accept/:token", "/staff/accept/" + invite, true, nil},
		{"GET", "/staff/", "/staff", false, all},
		{"POST", "/staff/sign-out", "/staff/sign-out", false, all},
		{"POST", "/staff/sign-out-everywhere", "/staff/sign-out-everywhere", false, all},
		{"GET", "/staff/account", "/staff/account", false, all},
		{"GET", "/staff/account/totp", "/staff/account/totp", false, all},
		{"POST", "/staff/account/totp", "/staff/account/totp", false, all},
		{"GET", "/staff/invite", "/staff/invite", false, admins},
		{"POST", "/staff/invite", "/staff/invite", false, admins},
		{"GET", "/staff/users", "/staff/users", false, admins},
		{"POST", "/staff/users/:id/roles", "/staff/users/" + target.ID + "/roles", false, admins},
		{"POST", "/staff/users/:id/disabled", "/staff/users/" + target.ID + "/disabled", false, admins},
		{"GET", "/staff/audit", "/staff/audit", false, admins},
		{"GET", "/staff/audit.csv", "/staff/audit.csv", false, admins},
		{"GET", "/staff/surveys/:slug/channels", channels, false, channelViewers},
		{"GET", "/staff/surveys/:slug/channels/new", channels + "/new", false, distributors},
		{"POST", "/staff/surveys/:slug/channels", channels, false, distributors},
		{"GET", "/staff/surveys/:slug/channels.csv", "/staff/surveys/" + slug + "/channels.csv", false, channelViewers},
		{"GET", "/staff/surveys/:slug/posters.pdf", "/staff/surveys/" + slug + "/posters.pdf", false, channelViewers},
		{"GET", "/staff/surveys/:slug/channels/:code/qr.png", channels + "/K7P3QX/qr.png", false, channelViewers},
		{"GET", "/staff/surveys/:slug/channels/:code/qr.svg", channels + "/K7P3QX/qr.svg", false, channelViewers},
		{"GET", "/staff/surveys/:slug/channels/:code/poster", channels + "/K7P3QX/poster", false, channelViewers},
		{"GET", "/staff/surveys/:slug/channels/:code/poster.pdf", channels + "/K7P3QX/poster.pdf", false, channelViewers},
		{"GET", "/staff/surveys/:slug/flagged", "/staff/surveys/" + slug + "/flagged", false, []staff.Role{staff.SafeguardingLead}},
		{"POST", "/staff/surveys/:slug/flagged/:answer", "/staff/surveys/" + slug + "/flagged/" + flaggedAnswer, false, []staff.Role{staff.SafeguardingLead}},
		{"POST", "/staff/surveys/:slug/flagged/:answer/gloss", "/staff/surveys/" + slug + "/flagged/" + flaggedAnswer + "/gloss", false, []staff.Role{staff.SafeguardingLead}},
		{"GET", "/staff/surveys/:slug/texts/:question", texts, false, readers},
		{"POST", "/staff/surveys/:slug/texts/:question/:answer/themes", texts + "/" + textAnswer + "/themes", false, readers},
		{"POST", "/staff/surveys/:slug/texts/:question/:answer/quote", texts + "/" + textAnswer + "/quote", false, readers},
		{"POST", "/staff/surveys/:slug/texts/:question/:answer/approve", texts + "/" + textAnswer + "/approve", false, readers},
		{"POST", "/staff/surveys/:slug/texts/:question/:answer/withdraw", texts + "/" + textAnswer + "/withdraw", false, readers},
		{"POST", "/staff/surveys/:slug/texts/:question/:answer/gloss", texts + "/" + textAnswer + "/gloss", false, admins},
		{"GET", "/staff/surveys/:slug/findings", "/staff/surveys/" + slug + "/findings", false, findingsReaders},
		{"GET", "/staff/surveys/:slug/findings.pdf", "/staff/surveys/" + slug + "/findings.pdf", false, findingsReaders},
		{"GET", "/staff/surveys/:slug/findings.png", "/staff/surveys/" + slug + "/findings.png", false, findingsReaders},
		{"GET", "/staff/surveys/:slug/findings-report.pdf", "/staff/surveys/" + slug + "/findings-report.pdf", false, findingsReaders},
		{"GET", "/staff/surveys/:slug/findings/share.png", "/staff/surveys/" + slug + "/findings/share.png", false, findingsReaders},
		{"GET", "/staff/surveys/:slug/summary", "/staff/surveys/" + slug + "/summary", false, findingsReaders},
		{"GET", "/staff/surveys/:slug/responses/export", "/staff/surveys/" + slug + "/responses/export", false, admins},
		{"POST", "/staff/surveys/:slug/responses.csv", "/staff/surveys/" + slug + "/responses.csv", false, admins},
		{"GET", "/staff/surveys/:slug/actions", "/staff/surveys/" + slug + "/actions", false, designers},
		{"POST", "/staff/surveys/:slug/actions", "/staff/surveys/" + slug + "/actions", false, designers},
		{"POST", "/staff/surveys/:slug/actions/:n", "/staff/surveys/" + slug + "/actions/1", false, designers},
		{"POST", "/staff/surveys/:slug/actions/:n/move", "/staff/surveys/" + slug + "/actions/1/move", false, designers},
		{"POST", "/staff/surveys/:slug/actions/:n/delete", "/staff/surveys/" + slug + "/actions/1/delete", false, designers},
		{"GET", "/staff/drafts", "/staff/drafts", false, draftReaders},
		{"POST", "/staff/drafts", "/staff/drafts", false, designers},
		{"GET", "/staff/drafts/import", "/staff/drafts/import", false, designers},
		{"POST", "/staff/drafts/import", "/staff/drafts/import", false, designers},
		{"GET", "/staff/drafts/:id", d, false, draftReaders},
		{"GET", "/staff/drafts/:id/preview", d + "/preview?lang=ar", false, draftReaders},
		{"GET", "/staff/drafts/:id/survey.yaml", d + "/survey.yaml", false, draftReaders},
		{"GET", "/staff/drafts/:id/changes", d + "/changes", false, draftReaders},
		{"POST", "/staff/drafts/:id/survey", d + "/survey", false, designers},
		{"POST", "/staff/drafts/:id/questions", d + "/questions", false, designers},
		{"GET", "/staff/drafts/:id/questions/:q", q, false, designers},
		{"POST", "/staff/drafts/:id/questions/:q", q, false, designers},
		{"POST", "/staff/drafts/:id/questions/:q/move", q + "/move", false, designers},
		{"POST", "/staff/drafts/:id/questions/:q/delete", q + "/delete", false, designers},
		{"POST", "/staff/drafts/:id/questions/:q/comments", q + "/comments", false, draftReaders},
		{"POST", "/staff/drafts/:id/comments/:c/resolve", d + "/comments/NOSUCH/resolve", false, draftReaders},
		{"POST", "/staff/drafts/:id/comments/:c/use", d + "/comments/NOSUCH/use", false, designers},
		{"POST", "/staff/drafts/:id/review", d + "/review", false, designers},
		{"POST", "/staff/drafts/:id/draft", d + "/draft", false, designers},
		{"POST", "/staff/drafts/:id/approve", d + "/approve", false, designers},
		{"POST", "/staff/drafts/:id/open", d + "/open", false, admins},
		{"POST", "/staff/drafts/:id/close", d + "/close", false, admins},
		{"GET", "/staff/translations", "/staff/translations", false, translators},
		{"GET", "/staff/translations/:lang/:set", polish, false, translators},
		{"POST", "/staff/translations/:lang/:set/strings", polish + "/strings", false, translators},
		{"POST", "/staff/translations/:lang/:set/comments", polish + "/comments", false, translators},
		{"POST", "/staff/translations/:lang/:set/signoff", polish + "/signoff", false, translators},
	}
	covered := map[string]bool{}
	for _, r := range routes {
		covered[r.method+" "+r.path] = true
	}
	for _, r := range ta.app.GetRoutes(true) {
		if strings.HasPrefix(r.Path, "/staff") && (r.Method == "GET" || r.Method == "POST") && !covered[r.Method+" "+r.Path] {
			t.Errorf("route %s %s is not in the permission table test", r.Method, r.Path)
		}
	}

	people := map[string]string{"nobody": ""}
	for _, role := range staff.Roles {
		email := "as-" + string(role) + "@example.org"
		u := ta.addStaff(t, email, role)
		people[string(role)] = email
		if role == staff.Translator {
			if err := ta.staff.SetLanguages(context.Background(), nil, u.ID, []string{"pl"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	// One browser per person, signed in again only after a route that signs it out.
	browsers := map[string]*browser{}
	browserFor := func(t *testing.T, who string) *browser {
		if b := browsers[who]; b != nil {
			return b
		}
		b := newBrowser(ta)
		if people[who] == "" {
			b.get(t, "/staff/sign-in")
		} else {
			b = ta.signIn(t, people[who])
		}
		browsers[who] = b
		return b
	}
	for _, r := range routes {
		for _, who := range slices.Sorted(maps.Keys(people)) {
			t.Run(r.method+" "+r.path+" as "+who, func(t *testing.T) {
				b := browserFor(t, who)
				if strings.HasPrefix(r.path, "/staff/sign-out") {
					delete(browsers, who)
				}
				resp, _ := b.send(t, r.method, r.target, url.Values{"_csrf": {b.csrf}})
				if resp.StatusCode >= 500 {
					t.Fatalf("status %d", resp.StatusCode)
				}
				allowed := r.public || slices.Contains(r.roles, staff.Role(who))
				signedIn := people[who] != ""
				switch {
				case resp.StatusCode == http.StatusForbidden:
					if allowed {
						t.Errorf("refused with 403, want allowed")
					}
				case strings.HasPrefix(resp.Header.Get("Location"), "/staff/sign-in?next="), resp.StatusCode == http.StatusUnauthorized && !r.public:
					if signedIn || r.public {
						t.Errorf("%d to %q: sent to sign in, want allowed or 403", resp.StatusCode, resp.Header.Get("Location"))
					}
				default:
					if !allowed || (!signedIn && !r.public) {
						t.Errorf("%d to %q: let through, want refused", resp.StatusCode, resp.Header.Get("Location"))
					}
				}
			})
		}
	}
}

func TestStaffSignInAndOut(t *testing.T) {
	ta := newTestApp(t)
	ta.addStaff(t, "sam@example.org", staff.YouthWorker)
	b := newBrowser(ta)
	resp, _ := b.get(t, "/staff")
	wantStatus(t, resp, http.StatusSeeOther, "/staff/sign-in?next=%2Fstaff")
	resp, doc := b.get(t, resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusOK || doc.Find(`form input[type=email]#email`).Length() != 1 || doc.Find(`label[for=password]`).Length() != 1 {
		t.Fatalf("sign-in page: %d, form %q", resp.StatusCode, doc.Find("form").Text())
	}
	if b.cookies["staff_session"] != nil {
		t.Fatal("the sign-in page started a session: nothing is stored before sign-in")
	}
	// A session id planted before sign-in (session fixation) must not survive it.
	before := &http.Cookie{Name: "staff_session", Value: "planted-by-someone-else"}
	b.cookies["staff_session"] = before
	b.get(t, "/staff/sign-in")

	t.Run("ErrWrongPassword", func(t *testing.T) {
		resp, doc := b.post(t, "/staff/sign-in", url.Values{"email": {"sam@example.org"}, "password": {"not the password!"}, "next": {"/staff"}})
		if resp.StatusCode != http.StatusUnauthorized || problem(doc) == "" {
			t.Fatalf("status %d, problem %q; want 401 with a problem shown", resp.StatusCode, problem(doc))
		}
		if got, _ := doc.Find("#email").Attr("value"); got != "sam@example.org" {
			t.Errorf("email not kept: %q", got)
		}
		if doc.Find("#password").AttrOr("value", "") != "" {
			t.Error("the password is sent back in the page")
		}
	})
	t.Run("ErrUnknownEmailSameAnswer", func(t *testing.T) {
		_, other := b.post(t, "/staff/sign-in", url.Values{"email": {"nobody@example.org"}, "password": {"not the password!"}})
		_, known := b.post(t, "/staff/sign-in", url.Values{"email": {"sam@example.org"}, "password": {"not the password!"}})
		if problem(other) != problem(known) {
			t.Errorf("unknown email says %q, wrong password says %q", problem(other), problem(known))
		}
	})
	t.Run("OKRotatesSession", func(t *testing.T) {
		resp, _ := b.post(t, "/staff/sign-in", url.Values{"email": {"Sam@Example.org"}, "password": {staffPassword}, "next": {"/staff/account"}})
		wantStatus(t, resp, http.StatusSeeOther, "/staff/account")
		after := b.cookies["staff_session"]
		if after == nil || after.Value == before.Value {
			t.Fatal("the session id was not changed on sign-in")
		}
		if !after.HttpOnly || !after.Secure || after.SameSite != http.SameSiteLaxMode || after.Path != "/staff" {
			t.Errorf("session cookie %+v, want HttpOnly, Secure, SameSite=Lax, Path=/staff", after)
		}
		_, doc := b.get(t, "/staff")
		if got := strings.TrimSpace(doc.Find("h1").Text()); got != "Hello, sam" {
			t.Errorf("home heading %q", got)
		}
		// The id from before sign-in is worthless.
		old := newBrowser(ta)
		old.cookies["staff_session"] = before
		resp, _ = old.get(t, "/staff")
		wantStatus(t, resp, http.StatusSeeOther, "/staff/sign-in?next=%2Fstaff")
	})
	t.Run("OKNextStaysOnSite", func(t *testing.T) {
		for _, next := range []string{"https://evil.example/", "//evil.example/staff/", "/staff/sign-in"} {
			b2 := newBrowser(ta)
			b2.get(t, "/staff/sign-in")
			resp, _ := b2.post(t, "/staff/sign-in", url.Values{"email": {"sam@example.org"}, "password": {staffPassword}, "next": {next}})
			wantStatus(t, resp, http.StatusSeeOther, "/staff")
		}
	})
	t.Run("OKSignOut", func(t *testing.T) {
		signedIn := b.cookies["staff_session"]
		_, doc := b.get(t, "/staff")
		if doc.Find(`form[action="/staff/sign-out"] button`).Length() != 1 {
			t.Fatal("no sign-out button")
		}
		resp, _ := b.post(t, "/staff/sign-out", nil)
		wantStatus(t, resp, http.StatusSeeOther, "/staff/sign-in?notice=signed_out")
		if _, ok := b.cookies["staff_session"]; ok {
			t.Error("sign-out left the session cookie")
		}
		_, doc = b.get(t, resp.Header.Get("Location"))
		if !strings.Contains(doc.Find(".notice").Text(), "You have signed out.") {
			t.Error("no signed-out notice")
		}
		replay := newBrowser(ta)
		replay.cookies["staff_session"] = signedIn
		resp, _ = replay.get(t, "/staff")
		wantStatus(t, resp, http.StatusSeeOther, "/staff/sign-in?next=%2Fstaff")
	})
	want := []string{staff.AuditUserCreated, staff.AuditSignInFailed, staff.AuditSignInFailed, staff.AuditSignIn, staff.AuditSignIn,
		staff.AuditSignIn, staff.AuditSignIn, staff.AuditSignOut}
	if got := ta.auditActions(t); !slices.Equal(got, want) {
		t.Errorf("audit = %q, want %q", got, want)
	}
	if strings.Contains(ta.logs.String(), staffPassword) || strings.Contains(ta.logs.String(), "not the password") {
		t.Error("a password reached the logs")
	}
}

func TestStaffSessionTimeouts(t *testing.T) {
	t.Run("ErrIdle", func(t *testing.T) {
		ta := newTestApp(t)
		ta.addStaff(t, "sam@example.org", staff.Scrutineer)
		b := ta.signIn(t, "sam@example.org")
		for range 3 {
			ta.clock = ta.clock.Add(29 * time.Minute)
			if resp, _ := b.get(t, "/staff"); resp.StatusCode != http.StatusOK {
				t.Fatalf("after 29 idle minutes: %d, want 200 (each request restarts the idle time)", resp.StatusCode)
			}
		}
		ta.clock = ta.clock.Add(30 * time.Minute)
		resp, _ := b.get(t, "/staff")
		wantStatus(t, resp, http.StatusSeeOther, "/staff/sign-in?next=%2Fstaff")
	})
	t.Run("ErrAbsolute", func(t *testing.T) {
		ta := newTestApp(t)
		ta.addStaff(t, "sam@example.org", staff.Scrutineer)
		b := ta.signIn(t, "sam@example.org")
		start := ta.clock
		for ta.clock.Sub(start) < 12*time.Hour-20*time.Minute {
			ta.clock = ta.clock.Add(20 * time.Minute)
			if resp, _ := b.get(t, "/staff"); resp.StatusCode != http.StatusOK {
				t.Fatalf("%v after sign-in: %d, want 200", ta.clock.Sub(start), resp.StatusCode)
			}
		}
		ta.clock = start.Add(12 * time.Hour)
		resp, _ := b.get(t, "/staff")
		wantStatus(t, resp, http.StatusSeeOther, "/staff/sign-in?next=%2Fstaff")
	})
	t.Run("OKCleanupRemovesExpired", func(t *testing.T) {
		ta := newTestApp(t)
		ta.addStaff(t, "sam@example.org", staff.Scrutineer)
		ta.signIn(t, "sam@example.org")
		ta.clock = ta.clock.Add(31 * time.Minute)
		n, err := ta.db.SessionStorage(func() time.Time { return ta.clock }).DeleteExpiredSessions(context.Background())
		if err != nil || n == 0 {
			t.Errorf("DeleteExpiredSessions = %d, %v; want the idle session removed", n, err)
		}
	})
}

func TestStaffSignOutEverywhere(t *testing.T) {
	ta := newTestApp(t)
	ta.addStaff(t, "sam@example.org", staff.SafeguardingLead)
	phone, laptop := ta.signIn(t, "sam@example.org"), ta.signIn(t, "sam@example.org")
	laptop.get(t, "/staff/account")
	resp, _ := laptop.post(t, "/staff/sign-out-everywhere", nil)
	wantStatus(t, resp, http.StatusSeeOther, "/staff/sign-in?notice=signed_out")
	for name, b := range map[string]*browser{"phone": phone, "laptop": laptop} {
		resp, _ := b.get(t, "/staff")
		if resp.StatusCode != http.StatusSeeOther {
			t.Errorf("%s still signed in: %d", name, resp.StatusCode)
		}
	}
	if again := ta.signIn(t, "sam@example.org"); again == nil {
		t.Fatal("cannot sign in again")
	}
	if got := ta.auditActions(t); !slices.Contains(got, staff.AuditSignOutEverywhere) {
		t.Errorf("audit = %q, lacks sign_out_everywhere", got)
	}
}

func TestStaffCSRF(t *testing.T) {
	ta := newTestApp(t)
	ta.addStaff(t, "admin@example.org", staff.Admin)
	b := ta.signIn(t, "admin@example.org")
	b.get(t, "/staff/invite")
	other := ta.signIn(t, "admin@example.org")
	other.get(t, "/staff/invite")
	invite := url.Values{"email": {"kim@example.org"}, "role": {"scrutineer"}}
	for name, token := range map[string][]string{
		"ErrMissing":         nil,
		"ErrEmpty":           {""},
		"ErrWrong":           {"not-the-token"},
		"ErrAnotherSessions": {other.csrf},
	} {
		t.Run(name, func(t *testing.T) {
			form := url.Values{"email": invite["email"], "role": invite["role"]}
			if token != nil {
				form["_csrf"] = token
			}
			if resp, _ := b.send(t, http.MethodPost, "/staff/invite", form); resp.StatusCode != http.StatusForbidden {
				t.Fatalf("status %d, want 403", resp.StatusCode)
			}
		})
	}
	t.Run("ErrSignInWithoutToken", func(t *testing.T) {
		resp, _ := newBrowser(ta).send(t, http.MethodPost, "/staff/sign-in", url.Values{"email": {"admin@example.org"}, "password": {staffPassword}})
		if resp.StatusCode != http.StatusForbidden {
			t.Fatalf("status %d, want 403", resp.StatusCode)
		}
	})
	if got := ta.auditActions(t); slices.Contains(got, staff.AuditUserInvited) {
		t.Fatalf("a forged form invited someone: %q", got)
	}
	b.get(t, "/staff/invite")
	if resp, _ := b.post(t, "/staff/invite", invite); resp.StatusCode != http.StatusCreated {
		t.Fatalf("with the right token: %d, want 201", resp.StatusCode)
	}
}
