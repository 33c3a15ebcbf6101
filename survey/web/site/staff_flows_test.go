package site_test

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/safeguarding/safetysurvey/survey/staff"
	"github.com/safeguarding/safetysurvey/survey/web/site"
)

func totpCode(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	code, err := staff.TOTPCode(secret, at)
	if err != nil {
		t.Fatal(err)
	}
	return code
}

func TestStaffSecondFactor(t *testing.T) {
	ta := newTestApp(t)
	ta.addStaff(t, "sam@example.org", staff.Scrutineer)
	b := ta.signIn(t, "sam@example.org")
	_, doc := b.get(t, "/staff/account/totp")
	secret, ok := doc.Find("input#secret").Attr("value")
	if !ok || secret == "" {
		t.Fatal("no key to type into an app")
	}
	if href, _ := doc.Find(`a[href^="otpauth://totp/"]`).Attr("href"); !strings.Contains(href, "secret="+secret) {
		t.Errorf("otpauth link %q lacks the key", href)
	}
	t.Run("ErrWrongCodeKeepsKey", func(t *testing.T) {
		resp, doc := b.post(t, "/staff/account/totp", url.Values{"code": {"000000"}})
		if resp.StatusCode != http.StatusUnprocessableEntity || doc.Find("#code[aria-invalid=true]").Length() != 1 {
			t.Fatalf("status %d; want 422 with the code field marked", resp.StatusCode)
		}
		if again, _ := doc.Find("input#secret").Attr("value"); again != secret {
			t.Error("a wrong code changed the key the app already has")
		}
	})
	resp, _ := b.post(t, "/staff/account/totp", url.Values{"code": {totpCode(t, secret, ta.clock)}})
	wantStatus(t, resp, http.StatusSeeOther, "/staff/account?notice=totp_on")

	t.Run("OKSignInWithCode", func(t *testing.T) {
		ta.clock = ta.clock.Add(30 * time.Second)
		c := newBrowser(ta)
		c.get(t, "/staff/sign-in")
		resp, _ := c.post(t, "/staff/sign-in", url.Values{"email": {"sam@example.org"}, "password": {staffPassword}, "next": {"/staff/account"}})
		wantStatus(t, resp, http.StatusSeeOther, "/staff/sign-in/code?next=%2Fstaff%2Faccount")
		if resp, _ := c.get(t, "/staff"); resp.StatusCode != http.StatusSeeOther {
			t.Fatal("signed in before giving the code")
		}
		_, doc := c.get(t, "/staff/sign-in/code?next=%2Fstaff%2Faccount")
		if doc.Find(`input#code[autocomplete="one-time-code"]`).Length() != 1 {
			t.Fatal("no code field")
		}
		resp, doc = c.post(t, "/staff/sign-in/code", url.Values{"code": {"123456"}, "next": {"/staff/account"}})
		if resp.StatusCode != http.StatusUnauthorized || problem(doc) == "" {
			t.Fatalf("wrong code: %d, want 401 with a problem", resp.StatusCode)
		}
		before := c.cookies["staff_session"].Value
		resp, _ = c.post(t, "/staff/sign-in/code", url.Values{"code": {totpCode(t, secret, ta.clock)}, "next": {"/staff/account"}})
		wantStatus(t, resp, http.StatusSeeOther, "/staff/account")
		if c.cookies["staff_session"].Value == before {
			t.Error("the session id was not changed on sign-in")
		}
		if resp, _ := c.get(t, "/staff"); resp.StatusCode != http.StatusOK {
			t.Errorf("after the code: %d, want 200", resp.StatusCode)
		}
	})
	t.Run("ErrCodeReused", func(t *testing.T) {
		c := newBrowser(ta)
		c.get(t, "/staff/sign-in")
		c.post(t, "/staff/sign-in", url.Values{"email": {"sam@example.org"}, "password": {staffPassword}})
		c.get(t, "/staff/sign-in/code")
		if resp, _ := c.post(t, "/staff/sign-in/code", url.Values{"code": {totpCode(t, secret, ta.clock)}}); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("a used code: %d, want 401", resp.StatusCode)
		}
	})
	t.Run("ErrCodeTooLate", func(t *testing.T) {
		c := newBrowser(ta)
		c.get(t, "/staff/sign-in")
		c.post(t, "/staff/sign-in", url.Values{"email": {"sam@example.org"}, "password": {staffPassword}})
		c.get(t, "/staff/sign-in/code")
		ta.clock = ta.clock.Add(5 * time.Minute)
		resp, _ := c.post(t, "/staff/sign-in/code", url.Values{"code": {totpCode(t, secret, ta.clock)}})
		wantStatus(t, resp, http.StatusSeeOther, "/staff/sign-in?notice=code_timeout")
	})
	t.Run("OKTurnOff", func(t *testing.T) {
		ta.clock = ta.clock.Add(30 * time.Second)
		_, doc := b.get(t, "/staff/account/totp")
		if doc.Find("input#secret").Length() != 0 {
			t.Fatal("turning off shows a new key")
		}
		resp, _ := b.post(t, "/staff/account/totp", url.Values{"code": {totpCode(t, secret, ta.clock)}})
		wantStatus(t, resp, http.StatusSeeOther, "/staff/account?notice=totp_off")
		ta.signIn(t, "sam@example.org")
	})
	want := []string{staff.AuditUserCreated, staff.AuditSignIn, staff.AuditTOTPEnabled, staff.AuditSignInFailed, staff.AuditSignIn,
		staff.AuditSignInFailed, staff.AuditTOTPDisabled, staff.AuditSignIn}
	if got := ta.auditActions(t); !slices.Equal(got, want) {
		t.Errorf("audit = %q, want %q", got, want)
	}
}

func TestStaffInvitation(t *testing.T) {
	ta := newTestApp(t)
	ta.addStaff(t, "admin@example.org", staff.Admin)
	admin := ta.signIn(t, "admin@example.org")
	_, doc := admin.get(t, "/staff/invite")
	if doc.Find(`input[type=checkbox][name=role]`).Length() != len(staff.Roles) {
		t.Fatal("the form does not offer every role")
	}
	t.Run("ErrNoRole", func(t *testing.T) {
		resp, doc := admin.post(t, "/staff/invite", url.Values{"email": {"kim@example.org"}})
		if resp.StatusCode != http.StatusUnprocessableEntity || doc.Find(`.problem a[href="#roles"]`).Length() != 1 {
			t.Fatalf("status %d; want 422 with the problem linked to the roles", resp.StatusCode)
		}
		if got, _ := doc.Find("#email").Attr("value"); got != "kim@example.org" {
			t.Errorf("email not kept: %q", got)
		}
	})
	resp, doc := admin.post(t, "/staff/invite", url.Values{"email": {"Kim@Example.org"}, "role": {"scrutineer", "youth_worker"}})
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("invite: %d, want 201", resp.StatusCode)
	}
	link, _ := doc.Find("input#link[readonly]").Attr("value")
	u, err := url.Parse(link)
	if err != nil || !strings.HasPrefix(u.Path, "/staff/accept/") {
		t.Fatalf("link %q", link)
	}
	token := strings.TrimPrefix(u.Path, "/staff/accept/")
	if _, err := ta.db.Invitation(t.Context(), token, ta.clock); err == nil {
		t.Error("the token is stored as it is, not hashed")
	}

	kim := newBrowser(ta)
	resp, doc = kim.get(t, u.Path)
	if resp.StatusCode != http.StatusOK || doc.Find("input#email").AttrOr("value", "") != "kim@example.org" {
		t.Fatalf("accept page: %d", resp.StatusCode)
	}
	for name, form := range map[string]url.Values{
		"ErrMismatch": {"name": {"Kim"}, "password": {staffPassword}, "confirm": {staffPassword + "x"}},
		"ErrWeak":     {"name": {"Kim"}, "password": {"password1234"}, "confirm": {"password1234"}},
		"ErrNoName":   {"name": {" "}, "password": {staffPassword}, "confirm": {staffPassword}},
	} {
		t.Run(name, func(t *testing.T) {
			resp, doc := kim.post(t, u.Path, form)
			if resp.StatusCode != http.StatusUnprocessableEntity || doc.Find("[aria-invalid=true]").Length() != 1 {
				t.Errorf("status %d; want 422 with one field marked", resp.StatusCode)
			}
		})
	}
	resp, _ = kim.post(t, u.Path, url.Values{"name": {"Kim"}, "password": {staffPassword}, "confirm": {staffPassword}})
	wantStatus(t, resp, http.StatusSeeOther, "/staff/sign-in?notice=created")
	t.Run("ErrSingleUse", func(t *testing.T) {
		if resp, _ := newBrowser(ta).get(t, u.Path); resp.StatusCode != http.StatusNotFound {
			t.Errorf("used link: %d, want 404", resp.StatusCode)
		}
	})
	k := ta.signIn(t, "kim@example.org")
	if _, doc := k.get(t, "/staff/account"); !strings.Contains(doc.Find(".facts").Text(), "Young scrutineer, Youth worker") {
		t.Errorf("roles shown: %q", doc.Find(".facts").Text())
	}
	t.Run("ErrExpired", func(t *testing.T) {
		_, doc := admin.post(t, "/staff/invite", url.Values{"email": {"lee@example.org"}, "role": {"admin"}})
		link, _ := doc.Find("input#link").Attr("value")
		u, _ := url.Parse(link)
		ta.clock = ta.clock.Add(staff.InvitationLifetime)
		if resp, _ := newBrowser(ta).get(t, u.Path); resp.StatusCode != http.StatusNotFound {
			t.Errorf("expired link: %d, want 404", resp.StatusCode)
		}
	})
	want := []string{staff.AuditUserCreated, staff.AuditSignIn, staff.AuditUserInvited, staff.AuditUserCreated, staff.AuditSignIn, staff.AuditUserInvited}
	if got := ta.auditActions(t); !slices.Equal(got, want) {
		t.Errorf("audit = %q, want %q", got, want)
	}
	if strings.Contains(ta.logs.String(), token) {
		t.Error("an invitation token reached the logs")
	}
}

func TestStaffUsersPage(t *testing.T) {
	ta := newTestApp(t)
	ta.addStaff(t, "admin@example.org", staff.Admin)
	sam := ta.addStaff(t, "sam@example.org", staff.YouthWorker)
	admin := ta.signIn(t, "admin@example.org")
	samBrowser := ta.signIn(t, "sam@example.org")
	_, doc := admin.get(t, "/staff/users")
	if got := doc.Find("table tbody tr").Length(); got != 2 {
		t.Fatalf("%d rows, want 2", got)
	}
	if doc.Find(`table caption`).Length() != 1 || doc.Find(`th[scope=col]`).Length() != 3 {
		t.Error("the table lacks a caption or column headers")
	}
	t.Run("OKRoles", func(t *testing.T) {
		resp, _ := admin.post(t, "/staff/users/"+sam.ID+"/roles", url.Values{"role": {"youth_worker", "safeguarding_lead"}})
		wantStatus(t, resp, http.StatusSeeOther, "/staff/users?notice=saved")
		_, doc := admin.get(t, "/staff/users")
		if doc.Find(`#role-`+sam.ID+`-safeguarding_lead[checked]`).Length() != 1 {
			t.Error("new role not shown")
		}
	})
	t.Run("ErrLastAdmin", func(t *testing.T) {
		admins, _ := ta.staff.Users(t.Context())
		var adminID string
		for _, u := range admins {
			if u.Email == "admin@example.org" {
				adminID = u.ID
			}
		}
		resp, doc := admin.post(t, "/staff/users/"+adminID+"/roles", url.Values{"role": {"scrutineer"}})
		if resp.StatusCode != http.StatusConflict || !strings.Contains(problem(doc), "only active admin") {
			t.Errorf("status %d, problem %q; want 409 explaining", resp.StatusCode, problem(doc))
		}
	})
	t.Run("OKDisableEndsSessions", func(t *testing.T) {
		resp, _ := admin.post(t, "/staff/users/"+sam.ID+"/disabled", url.Values{"disabled": {"1"}})
		wantStatus(t, resp, http.StatusSeeOther, "/staff/users?notice=saved")
		if resp, _ := samBrowser.get(t, "/staff"); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("a disabled account is still signed in: %d", resp.StatusCode)
		}
		b := newBrowser(ta)
		b.get(t, "/staff/sign-in")
		if resp, _ := b.post(t, "/staff/sign-in", url.Values{"email": {"sam@example.org"}, "password": {staffPassword}}); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("a disabled account signs in: %d", resp.StatusCode)
		}
	})
	t.Run("ErrUnknownUser", func(t *testing.T) {
		if resp, _ := admin.post(t, "/staff/users/nobody/disabled", url.Values{"disabled": {"1"}}); resp.StatusCode != http.StatusNotFound {
			t.Errorf("status %d, want 404", resp.StatusCode)
		}
	})
	want := []string{staff.AuditRolesChanged, staff.AuditUserDisabled, staff.AuditSignInFailed}
	if got := ta.auditActions(t); !slices.Equal(got[len(got)-3:], want) {
		t.Errorf("audit = %q, want it to end %q", got, want)
	}
}

func TestStaffAuditLog(t *testing.T) {
	ta := newTestApp(t)
	ta.addStaff(t, "admin@example.org", staff.Admin)
	ta.addStaff(t, "=cmd@example.org", staff.Scrutineer)
	admin := ta.signIn(t, "admin@example.org")
	_, doc := admin.get(t, "/staff/audit")
	rows := doc.Find("table tbody tr")
	if rows.Length() != 3 {
		t.Fatalf("%d rows, want 3", rows.Length())
	}
	if first := rows.First().Find("td"); strings.TrimSpace(first.Eq(2).Text()) != "Signed in" || strings.TrimSpace(first.Eq(1).Text()) != "admin@example.org" {
		t.Errorf("newest row: %q", rows.First().Text())
	}
	if last := rows.Last().Find("td"); strings.TrimSpace(last.Eq(1).Text()) != "Command line" {
		t.Errorf("oldest row: %q, want done on the command line", rows.Last().Text())
	}
	resp, body := ta.do(t, withCookies(admin, "/staff/audit.csv"))
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") ||
		!strings.HasPrefix(resp.Header.Get("Content-Disposition"), `attachment; filename="audit-2026-11-24.csv"`) {
		t.Fatalf("export: %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"))
	}
	records, err := csv.NewReader(strings.NewReader(string(body))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, r := range records[1:] {
		actions = append(actions, r[3])
	}
	if want := []string{staff.AuditUserCreated, staff.AuditUserCreated, staff.AuditSignIn, staff.AuditExported}; !slices.Equal(actions, want) {
		t.Errorf("exported actions %q, want %q", actions, want)
	}
	if got := records[2][4]; got != "'=cmd@example.org" {
		t.Errorf("a cell starting with = is %q, want it quoted against spreadsheet formulas", got)
	}
	if strings.Contains(string(body), staffPassword) || strings.Contains(string(body), "$argon2id$") {
		t.Error("the export holds a password or hash")
	}
	_, doc = admin.get(t, "/staff/audit")
	if got := strings.TrimSpace(doc.Find("table tbody tr").First().Find("td").Eq(2).Text()); got != "Downloaded the audit log" {
		t.Errorf("newest entry after export: %q", got)
	}
}

// withCookies is a GET request carrying a browser's cookies, for responses that are not HTML.
func withCookies(b *browser, target string) *http.Request {
	req, _ := http.NewRequest(http.MethodGet, target, nil)
	for _, c := range b.cookies {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	return req
}

func TestStaffSignInThrottle(t *testing.T) {
	ta := newTestApp(t)
	ta.addStaff(t, "sam@example.org", staff.YouthWorker)
	try := func(email, password string) *http.Response {
		b := newBrowser(ta)
		b.get(t, "/staff/sign-in")
		resp, _ := b.post(t, "/staff/sign-in", url.Values{"email": {email}, "password": {password}})
		return resp
	}
	t.Run("ErrPerAccountAndSource", func(t *testing.T) {
		for i := range 10 {
			if got := try("sam@example.org", fmt.Sprintf("wrong password %d", i)).StatusCode; got != http.StatusUnauthorized {
				t.Fatalf("try %d: %d, want 401", i, got)
			}
		}
		resp := try("sam@example.org", staffPassword)
		if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
			t.Fatalf("right password after 10 failures from one source: %d Retry-After %q, want 429 with a wait", resp.StatusCode, resp.Header.Get("Retry-After"))
		}
		ta.clock = ta.clock.Add(15 * time.Minute)
		if got := try("sam@example.org", staffPassword).StatusCode; got != http.StatusSeeOther {
			t.Errorf("15 minutes later: %d, want 303", got)
		}
	})
	t.Run("ErrPerSource", func(t *testing.T) {
		ta.clock = ta.clock.Add(15 * time.Minute)
		for i := range 30 {
			try(fmt.Sprintf("guess%d@example.org", i), "wrong password!")
		}
		if got := try("sam@example.org", staffPassword).StatusCode; got != http.StatusTooManyRequests {
			t.Fatalf("after 30 failures from one source: %d, want 429", got)
		}
	})
}

// TestStaffCookiesStayInStaffArea checks a child's pages never set or receive the staff cookies.
func TestStaffCookiesStayInStaffArea(t *testing.T) {
	ta := newTestApp(t)
	ta.addStaff(t, "sam@example.org", staff.YouthWorker)
	b := newBrowser(ta)
	b.get(t, "/s/"+slug)
	if len(b.cookies) != 0 {
		t.Errorf("the survey page set cookies: %v", b.cookies)
	}
	b = ta.signIn(t, "sam@example.org")
	for _, name := range []string{"staff_session", "staff_csrf"} {
		c := b.cookies[name]
		if c == nil || c.Path != "/staff" || !c.HttpOnly || !c.Secure || c.SameSite != http.SameSiteLaxMode {
			t.Errorf("cookie %s = %+v, want Path=/staff, HttpOnly, Secure, SameSite=Lax", name, c)
		}
	}
}

// TestStaffInvitationLink starts the invitation link with the configured public address whatever
// Host the request names, or with the request's own address when none is configured, and gives
// the day it expires in the page's language.
func TestStaffInvitationLink(t *testing.T) {
	for _, tc := range []struct{ name, base, lang, wantLink, wantDay string }{
		{"OKConfigured", "https://survey.example.org", "en", "https://survey.example.org/staff/accept/", "27 November 2026"},
		{"OKRequestAddress", "", "es", "http://example.com/staff/accept/", "27 de noviembre de 2026"},
		{"OKArabicDigits", "https://survey.example.org", "ar", "https://survey.example.org/staff/accept/", "٢٧ نوفمبر ٢٠٢٦"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ta := newConfiguredApp(t, func(c *site.Config) { c.InviteBaseURL = tc.base })
			ta.addStaff(t, "admin@example.org", staff.Admin)
			admin := ta.signIn(t, "admin@example.org")
			resp, doc := admin.post(t, "/staff/invite?lang="+tc.lang, url.Values{"email": {"kim@example.org"}, "role": {"scrutineer"}})
			if resp.StatusCode != http.StatusCreated {
				t.Fatalf("invite: %d, want 201", resp.StatusCode)
			}
			if link, _ := doc.Find("input#link[readonly]").Attr("value"); !strings.HasPrefix(link, tc.wantLink) {
				t.Errorf("link %q, want it to start with %q", link, tc.wantLink)
			}
			if hint := doc.Find("#link-hint").Text(); !strings.Contains(hint, tc.wantDay) {
				t.Errorf("hint %q does not give the day as %q", hint, tc.wantDay)
			}
		})
	}
}
