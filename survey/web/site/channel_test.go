package site_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/channels"
	"github.com/safeguarding/safetysurvey/survey/staff"
	"github.com/safeguarding/safetysurvey/survey/web/site"
)

// api sends an API request with the admin token, or with token when one is given.
func (ta *testApp) api(t *testing.T, method, target, body string, token ...string) (*http.Response, []byte) {
	t.Helper()
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	bearer := adminToken
	if len(token) > 0 {
		bearer = token[0]
	}
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	return ta.do(t, req)
}

func TestChannelAPIAuth(t *testing.T) {
	ta := newTestApp(t)
	target := "/api/v1/surveys/" + slug + "/channels"
	for _, tc := range []struct {
		name, token string
		want        int
		challenge   string
	}{
		{"ErrNoToken", "", http.StatusUnauthorized, `Bearer realm="safetysurvey staff"`},
		{"ErrWrongToken", "not-the-admin-token-at-all", http.StatusUnauthorized, `Bearer realm="safetysurvey staff", error="invalid_token"`},
		{"ErrTokenPrefix", adminToken[:10], http.StatusUnauthorized, `Bearer realm="safetysurvey staff", error="invalid_token"`},
		{"OK", adminToken, http.StatusOK, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := ta.api(t, http.MethodGet, target, "", tc.token)
			if resp.StatusCode != tc.want || resp.Header.Get("WWW-Authenticate") != tc.challenge {
				t.Errorf("%d %q, want %d %q: %s", resp.StatusCode, resp.Header.Get("WWW-Authenticate"), tc.want, tc.challenge, body)
			}
		})
	}
	t.Run("ErrNoTokenCreates", func(t *testing.T) {
		resp, _ := ta.api(t, http.MethodPost, target, `{"name":"X","setting":"school"}`, "")
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("create without a token: %d, want 401", resp.StatusCode)
		}
		if list, _ := ta.db.Channels(t.Context(), slug); len(list) != 0 {
			t.Errorf("a channel was created without a token: %+v", list)
		}
	})
}

func TestStaffCreateChannel(t *testing.T) {
	ta := newTestApp(t)
	ta.addStaff(t, "youth@example.org", staff.YouthWorker)
	b := ta.signIn(t, "youth@example.org")
	list := "/staff/surveys/" + slug + "/channels"
	b.get(t, list+"/new")
	t.Run("ErrFieldsMarked", func(t *testing.T) {
		resp, doc := b.post(t, list, url.Values{"name": {""}, "setting": {"castle"}, "area": {"Putney"}, "closes": {"31/03/2027"}})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422", resp.StatusCode)
		}
		for _, field := range []string{"name", "setting", "closes"} {
			if doc.Find("#"+field+"-error").Length() != 1 || doc.Find("#"+field).AttrOr("aria-invalid", "") != "true" {
				t.Errorf("field %s is not marked invalid", field)
			}
		}
		var links []string
		doc.Find(".problem li a").Each(func(_ int, a *goquery.Selection) { links = append(links, a.AttrOr("href", "")) })
		if got := strings.Join(links, " "); got != "#name #setting #closes" {
			t.Errorf("problems link to %q, want the fields in form order", got)
		}
		if doc.Find("#area-error").Length() != 0 || doc.Find("#area").AttrOr("value", "") != "Putney" {
			t.Error("a valid field was marked, or what was typed was lost")
		}
	})
	t.Run("ErrNoCSRFToken", func(t *testing.T) {
		resp, _ := b.send(t, http.MethodPost, list, url.Values{"name": {"Forged"}, "setting": {"school"}})
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("create without the form's token: %d, want 403", resp.StatusCode)
		}
	})
	t.Run("OK", func(t *testing.T) {
		resp, _ := b.post(t, list, url.Values{"name": {"Southfields Academy"}, "setting": {"school"}, "area": {"Southfields"}, "closes": {"2027-03-31"}})
		loc := resp.Header.Get("Location")
		code := strings.TrimPrefix(loc, list+"?created=")
		if resp.StatusCode != http.StatusSeeOther || survey.NormalizeChannel(code) != code || code == "" {
			t.Fatalf("status %d to %q, want 303 to the list naming the new code", resp.StatusCode, loc)
		}
		_, doc := b.get(t, loc)
		row := doc.Find("#channel-" + code)
		if row.Find(".name").Text() != "Southfields Academy" || row.Find(".setting").Text() != "School" || row.Find(".link").Text() != publicURL+"/j/"+code {
			t.Errorf("row = %q", strings.Join(strings.Fields(row.Text()), " "))
		}
		if !strings.Contains(doc.Find(".notice").Text(), code) {
			t.Error("no notice names the new code")
		}
		if list, _ := ta.db.Channels(t.Context(), slug); len(list) != 1 {
			t.Errorf("channels stored: %+v, want only the one made with the form's token", list)
		}
		if got := ta.auditActions(t); !slices.Contains(got, staff.AuditChannelCreated) {
			t.Errorf("audit = %q, lacks the new channel", got)
		}
	})
	t.Run("ErrViewOnlyRole", func(t *testing.T) {
		ta.addStaff(t, "scrutineer@example.org", staff.Scrutineer)
		viewer := ta.signIn(t, "scrutineer@example.org")
		resp, doc := viewer.get(t, list)
		if resp.StatusCode != http.StatusOK || doc.Find("#channels tbody tr").Length() != 1 {
			t.Fatalf("a scrutineer's view of the channels: %d", resp.StatusCode)
		}
		if doc.Find(`a[href$="/channels/new"]`).Length() != 0 {
			t.Error("a scrutineer is offered a way to add channels")
		}
		if resp, _ := viewer.post(t, list, url.Values{"name": {"Mine"}, "setting": {"school"}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("a scrutineer adding a channel: %d, want 403", resp.StatusCode)
		}
	})
}

// TestAdminTokenOnlyForAPI checks the admin token opens the API and nothing else: the staff pages
// want an account, whatever the request carries.
func TestAdminTokenOnlyForAPI(t *testing.T) {
	ta := newTestApp(t)
	page := "/staff/surveys/" + slug + "/channels"
	for name, header := range map[string][]string{
		"Bearer": {"Authorization", "Bearer " + adminToken},
		"Cookie": {"Cookie", "staff_session=" + adminToken},
	} {
		t.Run(name, func(t *testing.T) {
			resp, _ := ta.get(t, page, header...)
			if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/staff/sign-in?next=") {
				t.Errorf("%d to %q, want 303 to the sign-in page", resp.StatusCode, resp.Header.Get("Location"))
			}
		})
	}
	t.Run("ErrNoTokenConfigured", func(t *testing.T) {
		ta := newConfiguredApp(t, func(cfg *site.Config) { cfg.AdminToken = "" })
		if resp, _ := ta.api(t, http.MethodGet, "/api/v1/surveys/"+slug+"/channels", "", ""); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("API with no token configured and none sent: %d, want 401", resp.StatusCode)
		}
	})
}

func TestStaffChannelCounts(t *testing.T) {
	ta := newTestApp(t)
	ta.addChannel(t, survey.Channel{Code: "K7P3QX", Name: "Southfields Academy", Setting: survey.SettingSchool, Area: "Southfields"})
	ta.addChannel(t, survey.Channel{Code: "ABCD23", Name: "Balham Youth Club", Setting: survey.SettingYouthClub, Area: "Balham"})
	for range 4 {
		ta.get(t, "/s/"+slug+"?c=K7P3QX")
	}
	for i, code := range []string{"K7P3QX", "K7P3QX", "ABCD23", ""} {
		resp, _ := ta.postJSON(t, "/api/v1/surveys/"+slug+"/responses", "count-key-00000000000"+string(rune('a'+i)), `{"answers":{"area":"putney"},"channel":"`+code+`"}`)
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("submit: %d", resp.StatusCode)
		}
	}
	ta.count(t) // settles the counters
	ta.addStaff(t, "lead@example.org", staff.SafeguardingLead)
	_, doc := ta.signIn(t, "lead@example.org").get(t, "/staff/surveys/"+slug+"/channels")
	cells := func(sel string) string {
		var out []string
		doc.Find(sel).Each(func(_ int, s *goquery.Selection) { out = append(out, strings.TrimSpace(s.Text())) })
		return strings.Join(out, " | ")
	}
	if got, want := cells("#channel-K7P3QX .count"), "4 | 2 | 50.0%"; got != want {
		t.Errorf("Southfields: %q, want %q", got, want)
	}
	if got, want := cells("#channel-ABCD23 .count"), "0 | 1 | –"; got != want {
		t.Errorf("Balham: %q, want %q", got, want)
	}
	if got, want := cells("#by-setting tbody th, #by-setting tbody td"), "School | 1 | 4 | 2 | 50.0% | Youth club | 1 | 0 | 1 | –"; got != want {
		t.Errorf("by setting: %q, want %q", got, want)
	}
	if got, want := cells("#by-setting tfoot th, #by-setting tfoot td"), "All settings | 2 | 4 | 3 | 75.0%"; got != want {
		t.Errorf("total: %q, want %q", got, want)
	}
	if got, want := cells("#by-area tbody th, #by-area tbody td"), "Balham | 1 | 0 | 1 | – | Southfields | 1 | 4 | 2 | 50.0%"; got != want {
		t.Errorf("by area: %q, want %q", got, want)
	}
	if !strings.Contains(doc.Find(".unattributed").Text(), ": 1") {
		t.Errorf("unattributed: %q", doc.Find(".unattributed").Text())
	}
	t.Run("OKAPI", func(t *testing.T) {
		_, body := ta.api(t, http.MethodGet, "/api/v1/surveys/"+slug+"/channels", "")
		var got struct {
			Channels []struct {
				Code      string   `json:"code"`
				ShortLink string   `json:"short_link"`
				Opened    int64    `json:"opened"`
				Completed int64    `json:"completed"`
				Rate      *float64 `json:"completion_rate"`
			} `json:"channels"`
			BySetting []channels.Total `json:"by_setting"`
		}
		if err := json.Unmarshal(body, &got); err != nil {
			t.Fatal(err)
		}
		c := got.Channels[1]
		if len(got.Channels) != 2 || c.Code != "K7P3QX" || c.ShortLink != publicURL+"/j/K7P3QX" || c.Opened != 4 || c.Completed != 2 || *c.Rate != 50 || len(got.BySetting) != 2 {
			t.Errorf("API list = %s", body)
		}
	})
}

func TestAPICreateChannel(t *testing.T) {
	ta := newTestApp(t)
	target := "/api/v1/surveys/" + slug + "/channels"
	resp, body := ta.api(t, http.MethodPost, target, `{"name":"Roehampton Club","setting":"youth_club","area":"Roehampton"}`)
	var ch struct {
		Code, Survey, Name, Link string
		ShortLink                string `json:"short_link"`
	}
	if err := json.Unmarshal(body, &ch); err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	if ch.Survey != slug || ch.Link != publicURL+"/s/"+slug+"?c="+ch.Code || ch.ShortLink != publicURL+"/j/"+ch.Code {
		t.Errorf("created %+v", ch)
	}
	if resp, body := ta.api(t, http.MethodGet, target+"/"+ch.Code, ""); resp.StatusCode != http.StatusOK || !bytes.Contains(body, []byte(`"name":"Roehampton Club"`)) {
		t.Errorf("read back: %d %s", resp.StatusCode, body)
	}
	t.Run("ErrInvalid", func(t *testing.T) {
		resp, body := ta.api(t, http.MethodPost, target, `{"name":"","setting":"castle"}`)
		if resp.StatusCode != http.StatusUnprocessableEntity || !bytes.Contains(body, []byte(`"message_id":"error.channel_setting"`)) {
			t.Errorf("%d %s", resp.StatusCode, body)
		}
	})
	t.Run("ErrUnknownField", func(t *testing.T) {
		if resp, _ := ta.api(t, http.MethodPost, target, `{"name":"X","setting":"school","phone":"0800"}`); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%d, want 400", resp.StatusCode)
		}
	})
	t.Run("ErrNoSurvey", func(t *testing.T) {
		if resp, _ := ta.api(t, http.MethodPost, "/api/v1/surveys/nope/channels", `{"name":"X","setting":"school"}`); resp.StatusCode != http.StatusNotFound {
			t.Errorf("%d, want 404", resp.StatusCode)
		}
	})
}

// zbar reads the QR code in a PNG with zbarimg.
func zbar(t *testing.T, png []byte) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "qr.png")
	if err := os.WriteFile(file, png, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("zbarimg", "--raw", "-q", file).Output()
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 4 {
		t.Fatal("zbarimg found no code")
	}
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(out))
}

func TestChannelDownloads(t *testing.T) {
	ta := newTestApp(t)
	ta.addChannel(t, survey.Channel{Code: "K7P3QX", Name: "Southfields Academy", Setting: survey.SettingSchool})
	ta.addChannel(t, survey.Channel{Code: "ABCD23", Name: "Balham Youth Club", Setting: survey.SettingYouthClub})
	base := "/api/v1/surveys/" + slug + "/channels/K7P3QX/"
	link := publicURL + "/s/" + slug + "?c=K7P3QX"
	t.Run("OKPNG", func(t *testing.T) {
		resp, body := ta.api(t, http.MethodGet, base+"qr.png?size=300", "")
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/png" {
			t.Fatalf("%d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		if got := zbar(t, body); got != link {
			t.Errorf("decoded %q, want %q", got, link)
		}
		etag := resp.Header.Get("ETag")
		if etag == "" || !strings.Contains(resp.Header.Get("Cache-Control"), "max-age=") {
			t.Errorf("caching headers: ETag %q, Cache-Control %q", etag, resp.Header.Get("Cache-Control"))
		}
		req := httptest.NewRequest(http.MethodGet, base+"qr.png?size=300", nil)
		req.Header.Set("Authorization", "Bearer "+adminToken)
		req.Header.Set("If-None-Match", etag)
		if resp, _ := ta.do(t, req); resp.StatusCode != http.StatusNotModified {
			t.Errorf("revalidation: %d, want 304", resp.StatusCode)
		}
	})
	t.Run("ErrPNGSize", func(t *testing.T) {
		for size, want := range map[string]int{"big": http.StatusBadRequest, "10": http.StatusUnprocessableEntity, "99999": http.StatusUnprocessableEntity} {
			if resp, _ := ta.api(t, http.MethodGet, base+"qr.png?size="+size, ""); resp.StatusCode != want {
				t.Errorf("size %s: %d, want %d", size, resp.StatusCode, want)
			}
		}
	})
	t.Run("OKSVG", func(t *testing.T) {
		resp, body := ta.api(t, http.MethodGet, base+"qr.svg", "")
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/svg+xml" || !bytes.HasPrefix(body, []byte("<svg")) {
			t.Errorf("%d %s %.40s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
	})
	t.Run("OKPosterPage", func(t *testing.T) {
		ta.addStaff(t, "youth@example.org", staff.YouthWorker)
		resp, doc := ta.signIn(t, "youth@example.org").get(t, "/staff/surveys/"+slug+"/channels/K7P3QX/poster?strips=1")
		if resp.StatusCode != http.StatusOK || doc.Find(".short-link").Text() != "survey.example.org/j/K7P3QX" || doc.Find(".strips li").Length() != 6 {
			t.Errorf("%d: short link %q", resp.StatusCode, doc.Find(".short-link").Text())
		}
		// The poster's own stylesheet is allowed by the page's CSP.
		if csp := resp.Header.Get("Content-Security-Policy"); strings.Count(csp, "'sha256-") < 3 {
			t.Errorf("CSP allows too few stylesheets: %s", csp)
		}
	})
	pdfPages := func(t *testing.T, pdf []byte) (int, string) {
		t.Helper()
		file := filepath.Join(t.TempDir(), "p.pdf")
		if err := os.WriteFile(file, pdf, 0o600); err != nil {
			t.Fatal(err)
		}
		info, err := exec.Command("pdfinfo", file).Output()
		if err != nil {
			t.Fatal(err)
		}
		m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(info)
		text, err := exec.Command("pdftotext", "-enc", "UTF-8", file, "-").Output()
		if err != nil || m == nil {
			t.Fatal(err)
		}
		return int(m[1][0] - '0'), string(text)
	}
	t.Run("OKPosterPDF", func(t *testing.T) {
		resp, body := ta.api(t, http.MethodGet, base+"poster.pdf", "")
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("%d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		if pages, text := pdfPages(t, body); pages != 1 || !strings.Contains(text, "survey.example.org/j/K7P3QX") {
			t.Errorf("%d pages: %s", pages, text)
		}
	})
	t.Run("OKPack", func(t *testing.T) {
		_, body := ta.api(t, http.MethodGet, "/api/v1/surveys/"+slug+"/posters.pdf", "")
		if pages, text := pdfPages(t, body); pages != 2 || !strings.Contains(text, "Balham Youth Club") || !strings.Contains(text, "Southfields Academy") {
			t.Errorf("%d pages: %s", pages, text)
		}
	})
	t.Run("OKCSV", func(t *testing.T) {
		resp, body := ta.api(t, http.MethodGet, "/api/v1/surveys/"+slug+"/channels.csv", "")
		lines := strings.Split(strings.TrimSpace(string(body)), "\n")
		if resp.StatusCode != http.StatusOK || len(lines) != 3 || !strings.HasPrefix(lines[2], "K7P3QX,Southfields Academy,school,,,,"+link+","+publicURL+"/j/K7P3QX") {
			t.Errorf("%d\n%s", resp.StatusCode, body)
		}
	})
	t.Run("ErrOtherSurveysChannel", func(t *testing.T) {
		if err := ta.db.CreateChannel(t.Context(), &survey.Channel{Code: "QTHER2", Survey: "elsewhere", Name: "X", Setting: survey.SettingOther}); err != nil {
			t.Fatal(err)
		}
		if resp, _ := ta.api(t, http.MethodGet, "/api/v1/surveys/"+slug+"/channels/QTHER2/qr.svg", ""); resp.StatusCode != http.StatusNotFound {
			t.Errorf("%d, want 404", resp.StatusCode)
		}
	})
}
