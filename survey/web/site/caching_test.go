package site_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestRevalidation: every download of findings and stats states its caching and carries an ETag,
// and a check with that ETag costs a 304 with no body.
func TestRevalidation(t *testing.T) {
	ta := newTestApp(t)
	seedFindings(t, ta)
	for _, tc := range []struct{ name, target, cacheControl string }{
		{"SummaryJSON", "/api/v1/surveys/" + slug + "/summary?lang=en", "no-cache"},
		{"SummaryCSV", "/api/v1/surveys/" + slug + "/summary?lang=en&format=csv", "no-cache"},
		{"Stats", "/api/v1/surveys/" + slug + "/stats", "no-cache"},
		{"FindingsPDF", "/s/" + slug + "/findings.pdf?lang=en", "no-cache"},
		{"FindingsPNG", "/s/" + slug + "/findings.png?lang=en", "no-cache"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := ta.do(t, httptest.NewRequest(http.MethodGet, tc.target, nil))
			etag := resp.Header.Get("ETag")
			if resp.StatusCode != http.StatusOK || etag == "" || len(body) == 0 {
				t.Fatalf("status %d ETag %q body %d bytes, want 200 with an ETag and a body", resp.StatusCode, etag, len(body))
			}
			if got := resp.Header.Get("Cache-Control"); got != tc.cacheControl {
				t.Errorf("Cache-Control %q, want %q", got, tc.cacheControl)
			}
			for _, inm := range []string{etag, `"other", ` + etag, "*"} {
				req := httptest.NewRequest(http.MethodGet, tc.target, nil)
				req.Header.Set("If-None-Match", inm)
				resp, body := ta.do(t, req)
				if resp.StatusCode != http.StatusNotModified || len(body) != 0 {
					t.Errorf("If-None-Match %s: status %d with %d bytes, want 304 and none", inm, resp.StatusCode, len(body))
				}
				if got := resp.Header.Get("ETag"); got != etag {
					t.Errorf("304 ETag %q, want %q", got, etag)
				}
			}
			req := httptest.NewRequest(http.MethodGet, tc.target, nil)
			req.Header.Set("If-None-Match", `W/"stale"`)
			if resp, body := ta.do(t, req); resp.StatusCode != http.StatusOK || len(body) == 0 {
				t.Errorf("stale If-None-Match: status %d with %d bytes, want 200 with the body", resp.StatusCode, len(body))
			}
		})
	}
	t.Run("ETagFollowsTheNumbers", func(t *testing.T) {
		target := "/api/v1/surveys/" + slug + "/stats"
		before, _ := ta.do(t, httptest.NewRequest(http.MethodGet, target, nil))
		ta.postJSON(t, "/api/v1/surveys/"+slug+"/responses", "etag-key-00000000001", `{"answers":{"area":"putney"},"lang":"en"}`)
		ta.count(t)
		req := httptest.NewRequest(http.MethodGet, target, nil)
		req.Header.Set("If-None-Match", before.Header.Get("ETag"))
		resp, _ := ta.do(t, req)
		if resp.StatusCode != http.StatusOK || resp.Header.Get("ETag") == before.Header.Get("ETag") {
			t.Errorf("after a new response: status %d ETag %q (was %q), want 200 and a new ETag", resp.StatusCode, resp.Header.Get("ETag"), before.Header.Get("ETag"))
		}
	})
}
