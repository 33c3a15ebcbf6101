package site_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/web/site"
)

// behindProxy trusts app.Test's peer address (0.0.0.0) as a proxy, so a test can pick each
// request's source with X-Forwarded-For.
func behindProxy(sourceLimit, channelLimit int) func(*site.Config) {
	return func(cfg *site.Config) {
		cfg.SourceLimit, cfg.ChannelLimit = sourceLimit, channelLimit
		cfg.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("0.0.0.0/32")}
	}
}

var keys int

// submitFrom posts a JSON response with a new key as if from forwardedFor; it returns the status,
// the Retry-After header and the error code, if any.
func (ta *testApp) submitFrom(t *testing.T, forwardedFor, channel string) (int, string, string) {
	t.Helper()
	keys++
	body := fmt.Sprintf(`{"answers":{"area":"putney"},"channel":%q}`, channel)
	req := httptest.NewRequest(http.MethodPost, "/api/v1/surveys/"+slug+"/responses", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", fmt.Sprintf("rate-limit-key-%06d", keys))
	if forwardedFor != "" {
		req.Header.Set("X-Forwarded-For", forwardedFor)
	}
	resp, raw := ta.do(t, req)
	var out struct {
		Error struct{ Code, Message string }
	}
	_ = json.Unmarshal(raw, &out)
	if resp.StatusCode == http.StatusTooManyRequests && out.Error.Message == "" {
		t.Errorf("429 without a translated message: %s", raw)
	}
	return resp.StatusCode, resp.Header.Get("Retry-After"), out.Error.Code
}

func TestSourceLimit(t *testing.T) {
	ta := newConfiguredApp(t, behindProxy(5, 0))
	for i := range 5 {
		if status, _, _ := ta.submitFrom(t, "198.51.100.7", ""); status != http.StatusCreated {
			t.Fatalf("submission %d: status %d, want 201 within the limit", i, status)
		}
	}
	status, retry, code := ta.submitFrom(t, "198.51.100.7", "")
	if wait, err := strconv.Atoi(retry); status != http.StatusTooManyRequests || code != "too_many_requests" || err != nil || wait < 1 || wait > 60 {
		t.Fatalf("past the limit: status %d code %q Retry-After %q, want 429 too_many_requests with a wait in seconds", status, code, retry)
	}
	tests := []struct {
		name, forwardedFor string
		want               int
	}{
		{"OKOtherSource", "198.51.100.8", http.StatusCreated},
		{"ErrSpoofedLeftOfProxy", "203.0.113.9, 198.51.100.7", http.StatusTooManyRequests},
		{"ErrGarbageLeftOfProxy", "not-an-address,198.51.100.7", http.StatusTooManyRequests},
		{"OKWithPort", "198.51.100.9:4711", http.StatusCreated},
		{"OKIPv6", "2001:db8:1:2::1", http.StatusCreated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if status, _, _ := ta.submitFrom(t, tt.forwardedFor, ""); status != tt.want {
				t.Errorf("status %d, want %d", status, tt.want)
			}
		})
	}
	t.Run("ErrIPv6SharesItsSlash64", func(t *testing.T) {
		for i := range 4 {
			ta.submitFrom(t, fmt.Sprintf("2001:db8:1:2::%x", i+2), "")
		}
		if status, _, _ := ta.submitFrom(t, "2001:db8:1:2:ffff::1", ""); status != http.StatusTooManyRequests {
			t.Errorf("sixth from one /64: status %d, want 429", status)
		}
		if status, _, _ := ta.submitFrom(t, "2001:db8:1:3::1", ""); status != http.StatusCreated {
			t.Errorf("another /64: status %d, want 201", status)
		}
	})
	if got := ta.count(t); got != 5+2+5+1 {
		t.Errorf("count = %d, want only the 13 allowed stored", got)
	}
}

func TestSourceLimitIgnoresUntrustedForwardedFor(t *testing.T) {
	ta := newConfiguredApp(t, func(cfg *site.Config) { cfg.SourceLimit = 3 })
	for i := range 3 {
		ta.submitFrom(t, fmt.Sprint("198.51.100.", i), "")
	}
	if status, _, _ := ta.submitFrom(t, "198.51.100.99", ""); status != http.StatusTooManyRequests {
		t.Errorf("status %d, want 429: without trusted proxies X-Forwarded-For must not pick the source", status)
	}
}

func TestChannelLimit(t *testing.T) {
	ta := newConfiguredApp(t, behindProxy(100, 3))
	for i := range 3 {
		if status, _, _ := ta.submitFrom(t, fmt.Sprint("198.51.100.", i), "k7p3qx"); status != http.StatusCreated {
			t.Fatalf("submission %d: status %d, want 201", i, status)
		}
	}
	if status, _, code := ta.submitFrom(t, "198.51.100.50", "K7P3QX"); status != http.StatusTooManyRequests || code != "too_many_requests" {
		t.Errorf("fourth on one channel: status %d code %q, want 429", status, code)
	}
	if status, _, _ := ta.submitFrom(t, "198.51.100.50", "MN4PQR"); status != http.StatusCreated {
		t.Errorf("another channel: status %d, want 201", status)
	}
	if status, _, _ := ta.submitFrom(t, "198.51.100.50", ""); status != http.StatusCreated {
		t.Errorf("no channel: status %d, want 201", status)
	}
}

// TestSourceLimitFormKeepsAnswers: a form sent past the limit comes back with every answer, its
// key and its start, and a 429 to wait and send again; switching language costs nothing.
func TestSourceLimitFormKeepsAnswers(t *testing.T) {
	ta := newConfiguredApp(t, behindProxy(1, 0))
	post := func(form url.Values) *http.Response {
		req := httptest.NewRequest(http.MethodPost, "/s/"+slug, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", "198.51.100.1")
		resp, body := ta.do(t, req)
		doc := parse(t, body)
		if resp.StatusCode == http.StatusTooManyRequests {
			if _, checked := doc.Find("#a-area-putney").Attr("checked"); !checked || doc.Find("#a-needs_done").Text() != "keep me" {
				t.Error("answers lost past the rate limit")
			}
			if key, _ := doc.Find(`input[name="key"]`).Attr("value"); key != form.Get("key") {
				t.Errorf("key = %q, want the same key so the resend stores once", key)
			}
			if started, _ := doc.Find(`input[name="started"]`).Attr("value"); started == "" {
				t.Error("form lost its start token")
			}
			if !strings.Contains(doc.Find("#problem").Text(), "wait a minute") {
				t.Errorf("problem = %q, want the child told to wait", doc.Find("#problem").Text())
			}
		}
		return resp
	}
	form := url.Values{"key": {"limited-form-key-0001"}, "lang": {"en"}, "q.area": {"putney"}, "q.needs_done": {"keep me"}}
	if resp := post(url.Values{"key": form["key"], "lang": {"en"}, "switch_lang": {"en"}}); resp.StatusCode != http.StatusOK {
		t.Fatalf("language switch: status %d", resp.StatusCode)
	}
	if resp := post(url.Values{"key": {"limited-form-key-0000"}, "lang": {"en"}, "q.area": {"balham"}}); resp.StatusCode != http.StatusOK {
		t.Fatalf("first submission: status %d, want 200 (thanks): a language switch must not use up the limit", resp.StatusCode)
	}
	resp := post(form)
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("past the limit: status %d Retry-After %q, want 429 with Retry-After", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if _, err := ta.db.Response(context.Background(), slug, survey.ResponseID(slug, form.Get("key"))); survey.ErrorCode(err) != survey.ENOTFOUND {
		t.Errorf("a refused form was stored: %v", err)
	}
}
