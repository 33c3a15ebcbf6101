package site_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/safeguarding/safetysurvey/survey/staff"
	"github.com/safeguarding/safetysurvey/survey/web/site"
)

// TestStaffAnonymousPagesStoreNothing floods the pages anyone may open under /staff: not one
// session may be stored for them, and the sign-in form still works afterwards.
func TestStaffAnonymousPagesStoreNothing(t *testing.T) {
	ta := newTestApp(t)
	ta.addStaff(t, "sam@example.org", staff.YouthWorker)
	for range 50 {
		for _, target := range []string{"/staff/sign-in", "/staff/sign-in/code", "/staff/accept/not-a-real-invitation", "/staff", "/staff/audit"} {
			newBrowser(ta).get(t, target)
		}
		b := newBrowser(ta)
		b.get(t, "/staff/sign-in")
		b.post(t, "/staff/sign-in", url.Values{"email": {"nobody@example.org"}, "password": {"not the password!"}})
	}
	if n := ta.storedCount(t, "sessions"); n != 0 {
		t.Fatalf("%d sessions stored for people who never signed in, want 0", n)
	}
	ta.signIn(t, "sam@example.org")
	if n := ta.storedCount(t, "sessions"); n != 1 {
		t.Errorf("%d sessions after one sign-in, want 1", n)
	}
}

// TestStaffCSRFBodyAndOrigin: the token counts only in the form body, and a browser saying the
// form came from another site is refused even with the right token.
func TestStaffCSRFBodyAndOrigin(t *testing.T) {
	ta := newTestApp(t)
	ta.addStaff(t, "admin@example.org", staff.Admin)
	b := ta.signIn(t, "admin@example.org")
	b.get(t, "/staff/invite")
	invite := func(target string, withToken bool, headers ...string) int {
		form := url.Values{"email": {"kim@example.org"}, "role": {"scrutineer"}}
		if withToken {
			form.Set("_csrf", b.csrf)
		}
		req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Set(headers[i], headers[i+1])
		}
		for _, c := range b.cookies {
			req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
		}
		resp, _ := ta.do(t, req)
		return resp.StatusCode
	}
	for _, tc := range []struct {
		name      string
		target    string
		withToken bool
		headers   []string
		want      int
	}{
		{"ErrTokenInQuery", "/staff/invite?_csrf=" + url.QueryEscape(b.csrf), false, nil, http.StatusForbidden},
		{"ErrCrossSite", "/staff/invite", true, []string{"Sec-Fetch-Site", "cross-site"}, http.StatusForbidden},
		{"ErrSameSite", "/staff/invite", true, []string{"Sec-Fetch-Site", "same-site"}, http.StatusForbidden},
		{"ErrOtherOrigin", "/staff/invite", true, []string{"Origin", "https://evil.example"}, http.StatusForbidden},
		{"ErrNullOrigin", "/staff/invite", true, []string{"Origin", "null"}, http.StatusForbidden},
		{"OKSameOrigin", "/staff/invite", true, []string{"Sec-Fetch-Site", "same-origin", "Origin", "http://example.com"}, http.StatusCreated},
		{"OKOriginOnly", "/staff/invite", true, []string{"Origin", "http://example.com"}, http.StatusCreated},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := invite(tc.target, tc.withToken, tc.headers...); got != tc.want {
				t.Errorf("status %d, want %d", got, tc.want)
			}
		})
	}
}

// TestStaffSourceLimit: past its limit, one address gets a cheap 429 on the staff pages, and
// another address is not affected.
func TestStaffSourceLimit(t *testing.T) {
	ta := newConfiguredApp(t, func(cfg *site.Config) {
		behindProxy(0, 0)(cfg)
		cfg.StaffLimit = 5
	})
	for i := range 5 {
		if resp, _ := ta.get(t, "/staff/sign-in", "X-Forwarded-For", "203.0.113.66"); resp.StatusCode != http.StatusOK {
			t.Fatalf("page %d: %d, want 200", i, resp.StatusCode)
		}
	}
	resp, _ := ta.get(t, "/staff/sign-in", "X-Forwarded-For", "203.0.113.66")
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Errorf("sixth page: %d Retry-After %q, want 429 with a wait", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if resp, _ := ta.get(t, "/staff/sign-in", "X-Forwarded-For", "198.51.100.7"); resp.StatusCode != http.StatusOK {
		t.Errorf("another address: %d, want 200", resp.StatusCode)
	}
}
