package main

import (
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestMetrics reads /metrics on its own address after a submission, a resend, a page and a path no
// route has: figures are there by route pattern, and nothing a request carried is.
func TestMetrics(t *testing.T) {
	m := startMain(t, t.TempDir(), nil, "--metrics-addr", "127.0.0.1:0")
	defer m.Close()
	const body = `{"answers":{"area":"putney","safe_home":"yes"}}`
	for range 2 {
		if _, _, err := submit(m, "metrics-key-0000000001", body, "X-Forwarded-For", "203.0.113.9", "User-Agent", "MarkerAgent/1.0"); err != nil {
			t.Fatal(err)
		}
	}
	for _, path := range []string{"/s/community-safety?channel=marker-channel", "/no-such-page-marker"} {
		resp, err := client.Get(m.URL() + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	// /metrics is not a route on the public address: the second unmatched request.
	resp, err := client.Get(m.URL() + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("/metrics on the public address: %d, want 404", resp.StatusCode)
	}

	text := scrape(t, m.MetricsURL())
	for _, want := range []string{
		`safetysurvey_http_requests_total{method="POST",route="/api/v1/surveys/:slug/responses",status="201"} 1`,
		`safetysurvey_http_requests_total{method="POST",route="/api/v1/surveys/:slug/responses",status="200"} 1`,
		`safetysurvey_http_requests_total{method="GET",route="/s/:slug",status="200"} 1`,
		`safetysurvey_http_requests_total{method="GET",route="unmatched",status="404"} 2`,
		`safetysurvey_http_request_duration_seconds_count{method="POST",route="/api/v1/surveys/:slug/responses"} 2`,
		`safetysurvey_submissions_accepted_total 1`,
		`safetysurvey_writer_batch_size_count 2`,
		`safetysurvey_writer_queue_depth 0`,
		`process_resident_memory_bytes`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	for _, secret := range []string{"marker", "203.0.113.9", "community-safety", "putney", "metrics-key"} {
		if strings.Contains(text, secret) {
			t.Errorf("metrics hold %q", secret)
		}
	}
	if n := storeErrors(text); n != 0 {
		t.Errorf("%v store errors with the store up", n)
	}
}

// TestMetricsFromTheStart: before any request, every documented series without a route is there
// (store errors at zero for each operation, suspect submissions at zero for each reason) with the
// build info that safetysurvey version prints; a submission held back as suspect counts by reason.
func TestMetricsFromTheStart(t *testing.T) {
	m := startMain(t, t.TempDir(), nil, "--metrics-addr", "127.0.0.1:0", "--min-fill-time", "3s")
	defer m.Close()
	version, revision := buildVersion()
	text := scrape(t, m.MetricsURL())
	for _, want := range []string{
		`safetysurvey_build_info{revision="` + revision + `",version="` + version + `"} 1`,
		`safetysurvey_submissions_accepted_total 0`,
		`safetysurvey_writer_batch_size_count 0`,
		`safetysurvey_writer_queue_depth 0`,
		`safetysurvey_store_errors_total{op="journal"} 0`,
		`safetysurvey_store_errors_total{op="insert"} 0`,
		`safetysurvey_store_errors_total{op="counters"} 0`,
		`safetysurvey_store_errors_total{op="recovery"} 0`,
		`safetysurvey_submissions_suspect_total{reason="honeypot"} 0`,
		`safetysurvey_submissions_suspect_total{reason="too_fast"} 0`,
		`safetysurvey_submissions_suspect_total{reason="no_start"} 0`,
	} {
		if !strings.Contains(text, want+"\n") {
			t.Errorf("metrics at start lack %s", want)
		}
	}
	// No form was opened first, so this is held back as no_start; its resend is not counted again.
	for range 2 {
		if status, _, err := submit(m, "metrics-suspect-key-001", `{"answers":{"area":"putney"}}`); err != nil || status >= 300 {
			t.Fatalf("submit: %d %v", status, err)
		}
	}
	text = scrape(t, m.MetricsURL())
	for _, want := range []string{
		`safetysurvey_submissions_suspect_total{reason="no_start"} 1`,
		`safetysurvey_submissions_suspect_total{reason="honeypot"} 0`,
		`safetysurvey_submissions_accepted_total 1`,
	} {
		if !strings.Contains(text, want+"\n") {
			t.Errorf("metrics after a suspect submission lack %s", want)
		}
	}
}

func scrape(t *testing.T, url string) string {
	t.Helper()
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("scrape %s: %d %v", url, resp.StatusCode, err)
	}
	return string(data)
}

var storeErrorLine = regexp.MustCompile(`(?m)^safetysurvey_store_errors_total\{op="\w+"\} (\d+)$`)

// storeErrors adds up the store errors of every operation.
func storeErrors(text string) int {
	total := 0
	for _, m := range storeErrorLine.FindAllStringSubmatch(text, -1) {
		n, _ := strconv.Atoi(m[1])
		total += n
	}
	return total
}

// TestPprof serves profiles on the metrics address only when asked to, and never on the public one.
func TestPprof(t *testing.T) {
	for _, tc := range []struct {
		name  string
		args  []string
		wants int
	}{
		{"On", []string{"--metrics-addr", "127.0.0.1:0", "--pprof"}, http.StatusOK},
		{"Off", []string{"--metrics-addr", "127.0.0.1:0"}, http.StatusNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := startMain(t, t.TempDir(), nil, tc.args...)
			defer m.Close()
			for url, want := range map[string]int{
				strings.TrimSuffix(m.MetricsURL(), "/metrics") + "/debug/pprof/goroutine?debug=1": tc.wants,
				m.URL() + "/debug/pprof/goroutine?debug=1":                                        http.StatusNotFound,
			} {
				resp, err := client.Get(url)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != want {
					t.Errorf("%s: %d, want %d", url, resp.StatusCode, want)
				}
			}
		})
	}
}
