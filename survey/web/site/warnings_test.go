package site_test

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/safeguarding/safetysurvey/i18n"
	"github.com/safeguarding/safetysurvey/public"
	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/staff"
	"github.com/safeguarding/safetysurvey/survey/web/site"
)

// TestLocalLinksWarning: while the public address opens only on the server's machine, the
// channels page and the poster page say so in the staff member's language and name --public-url;
// the poster's note never prints.
func TestLocalLinksWarning(t *testing.T) {
	const local = "http://127.0.0.1:8080"
	messages, err := i18n.Load(public.Files, "locales")
	if err != nil {
		t.Fatal(err)
	}
	ta := newConfiguredApp(t, func(c *site.Config) { c.PublicURL = local })
	ta.addChannel(t, survey.Channel{Code: "K7P3QX", Survey: slug, Name: "Southfields Academy", Setting: survey.SettingSchool})
	ta.addStaff(t, "youth@example.org", staff.YouthWorker)
	b := ta.signIn(t, "youth@example.org")
	for _, lang := range messages.Languages() {
		want := messages.Localizer(lang).T("staff.public_url.local", "URL", local)
		t.Run("Channels/"+lang, func(t *testing.T) {
			_, doc := b.get(t, "/staff/surveys/"+slug+"/channels?lang="+lang)
			if got := strings.TrimSpace(doc.Find(".warning p").Text()); got != want || !strings.Contains(got, "--public-url") {
				t.Errorf("banner %q, want %q naming --public-url", got, want)
			}
		})
		t.Run("Poster/"+lang, func(t *testing.T) {
			b.cookies["lang"] = &http.Cookie{Name: "lang", Value: lang}
			// The poster itself is in Polish whatever the staff member reads.
			_, doc := b.get(t, "/staff/surveys/"+slug+"/channels/K7P3QX/poster?lang=pl")
			note := doc.Find(".screen-note")
			if got, _ := note.Attr("lang"); got != lang || strings.TrimSpace(note.Text()) != want {
				t.Errorf("note in %q: %q, want in %s: %q", got, note.Text(), lang, want)
			}
			if got, _ := doc.Find("html").Attr("lang"); got != "pl" {
				t.Errorf("poster in %q, want pl", got)
			}
		})
	}
	delete(b.cookies, "lang")
	t.Run("NotPrinted", func(t *testing.T) {
		css, err := public.Files.ReadFile("static/poster.css")
		if err != nil {
			t.Fatal(err)
		}
		print := string(css[strings.Index(string(css), "@media print"):])
		if !strings.Contains(print, ".screen-note { display: none; }") {
			t.Errorf("poster.css does not hide the note in print:\n%s", print)
		}
	})

	t.Run("OKPublicAddress", func(t *testing.T) {
		ta := newTestApp(t)
		ta.addChannel(t, survey.Channel{Code: "K7P3QX", Survey: slug, Name: "Southfields Academy", Setting: survey.SettingSchool})
		ta.addStaff(t, "youth@example.org", staff.YouthWorker)
		b := ta.signIn(t, "youth@example.org")
		if _, doc := b.get(t, "/staff/surveys/"+slug+"/channels"); doc.Find(".warning").Length() != 0 {
			t.Errorf("channels page warns with a public address: %q", doc.Find(".warning").Text())
		}
		if _, doc := b.get(t, "/staff/surveys/"+slug+"/channels/K7P3QX/poster"); doc.Find(".screen-note").Length() != 0 {
			t.Errorf("poster page warns with a public address: %q", doc.Find(".screen-note").Text())
		}
	})
}

// TestInsecureSignInWarning: the sign-in page explains why signing in fails when its Secure cookie
// cannot come back over plain http, and only then.
func TestInsecureSignInWarning(t *testing.T) {
	messages, err := i18n.Load(public.Files, "locales")
	if err != nil {
		t.Fatal(err)
	}
	secure := newTestApp(t)
	insecure := newConfiguredApp(t, func(c *site.Config) { c.Staff.SecureCookies = false })
	proxied := newConfiguredApp(t, func(c *site.Config) { c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("0.0.0.0/32")} })
	for _, tc := range []struct {
		name   string
		ta     *testApp
		target string
		header map[string]string
		warn   bool
	}{
		{"WarnPlainHTTPAtAName", secure, "http://survey.example.org/staff/sign-in", nil, true},
		{"WarnPlainHTTPAtAnAddress", secure, "http://192.168.1.20:8080/staff/sign-in", nil, true},
		{"WarnForwardedProtoFromAnyone", secure, "http://survey.example.org/staff/sign-in", map[string]string{"X-Forwarded-Proto": "https"}, true},
		{"OKLocalhost", secure, "http://localhost:8080/staff/sign-in", nil, false},
		{"OKLoopback", secure, "http://127.0.0.1:8080/staff/sign-in", nil, false},
		{"OKTLSAtATrustedProxy", proxied, "http://survey.example.org/staff/sign-in", map[string]string{"X-Forwarded-Proto": "https"}, false},
		{"OKCookiesNotSecure", insecure, "http://survey.example.org/staff/sign-in", nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, tc.target, nil)
			for k, v := range tc.header {
				req.Header.Set(k, v)
			}
			_, body := tc.ta.do(t, req)
			got := strings.TrimSpace(parse(t, body).Find(".warning p").Text())
			if want := messages.Localizer("en").T("staff.sign_in.insecure"); tc.warn && got != want || !tc.warn && got != "" {
				t.Errorf("warning %q, want one: %v", got, tc.warn)
			}
			if tc.warn && !strings.Contains(got, "--secure-cookies=false") {
				t.Errorf("warning %q does not name --secure-cookies", got)
			}
		})
	}
	t.Run("InEveryLanguage", func(t *testing.T) {
		for _, lang := range messages.Languages() {
			_, doc := secure.get(t, "http://survey.example.org/staff/sign-in?lang="+lang)
			if got, want := strings.TrimSpace(doc.Find(".warning p").Text()), messages.Localizer(lang).T("staff.sign_in.insecure"); got != want {
				t.Errorf("%s: %q, want %q", lang, got, want)
			}
		}
	})
}
