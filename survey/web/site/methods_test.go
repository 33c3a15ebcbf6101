package site_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestMethods(t *testing.T) {
	ta := newTestApp(t)
	t.Run("WrongMethodKnownPath", func(t *testing.T) {
		for _, tc := range []struct{ method, target, allow string }{
			{http.MethodDelete, "/api/v1/surveys/community-safety/responses", "POST, OPTIONS"},
			{http.MethodPut, "/api/v1/surveys/community-safety/summary", "GET, HEAD, OPTIONS"},
			{http.MethodDelete, "/s/community-safety", "GET, HEAD, POST, OPTIONS"},
		} {
			resp, _ := ta.do(t, httptest.NewRequest(tc.method, tc.target, nil))
			if got, want := resp.StatusCode, http.StatusMethodNotAllowed; got != want {
				t.Errorf("%s %s: status %d, want %d", tc.method, tc.target, got, want)
			}
			if got := strings.Join(resp.Header.Values("Allow"), ", "); got != tc.allow {
				t.Errorf("%s %s: Allow %q, want %q", tc.method, tc.target, got, tc.allow)
			}
		}
	})
	t.Run("APIBodyNamesTheMethod", func(t *testing.T) {
		resp, body := ta.do(t, httptest.NewRequest(http.MethodPatch, "/api/v1/surveys/community-safety/stats", nil))
		if got, want := resp.StatusCode, http.StatusMethodNotAllowed; got != want {
			t.Fatalf("status %d, want %d", got, want)
		}
		if !strings.Contains(string(body), `"code":"method_not_allowed"`) {
			t.Errorf("body %s has no method_not_allowed code", body)
		}
	})
	t.Run("Options", func(t *testing.T) {
		resp, body := ta.do(t, httptest.NewRequest(http.MethodOptions, "/api/v1/surveys/community-safety/responses", nil))
		if got, want := resp.StatusCode, http.StatusNoContent; got != want {
			t.Fatalf("status %d, want %d", got, want)
		}
		if got, want := strings.Join(resp.Header.Values("Allow"), ", "), "POST, OPTIONS"; got != want {
			t.Errorf("Allow %q, want %q", got, want)
		}
		if len(body) != 0 {
			t.Errorf("body %q, want none", body)
		}
	})
	t.Run("UnknownPathStays404", func(t *testing.T) {
		for _, method := range []string{http.MethodGet, http.MethodOptions, http.MethodDelete} {
			resp, _ := ta.do(t, httptest.NewRequest(method, "/no/such/path", nil))
			if got, want := resp.StatusCode, http.StatusNotFound; got != want {
				t.Errorf("%s: status %d, want %d", method, got, want)
			}
			if got := resp.Header.Get("Allow"); got != "" {
				t.Errorf("%s: Allow %q on an unknown path", method, got)
			}
		}
	})
}
