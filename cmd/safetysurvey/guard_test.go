package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/safeguarding/safetysurvey/survey"
)

// TestSuspectReview: with the timing check on, an answer sent without opening the form is stored,
// left out of the findings, counted as suspect on the stats API and listed for an admin.
func TestSuspectReview(t *testing.T) {
	dir := t.TempDir()
	m := startMain(t, dir, nil, "--min-fill-time", "3s")
	if status, _, err := submit(m, "suspect-review-key-0001", `{"answers":{"area":"putney"}}`); err != nil || status != http.StatusCreated {
		t.Fatalf("submit: %d %v", status, err)
	}
	if got := responses(t, m); got != 0 {
		t.Errorf("findings count %v responses, want 0", got)
	}
	resp, err := client.Get(m.URL() + "/api/v1/surveys/community-safety/stats")
	if err != nil {
		t.Fatal(err)
	}
	var stats map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&stats)
	resp.Body.Close()
	if stats["suspect"] != float64(1) {
		t.Errorf("stats = %v, want 1 suspect", stats)
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := listSuspect(context.Background(), []string{"--data-dir", dir, "--log-level", "error"}, func(string) string { return "" }, &out); err != nil {
		t.Fatal(err)
	}
	var listed survey.Response
	if err := json.Unmarshal([]byte(out.String()), &listed); err != nil || listed.Suspect != survey.SuspectNoStart || listed.Answers["area"].Choices[0] != "putney" {
		t.Errorf("surveys suspect printed %q (%v), want the response marked %s", out.String(), err, survey.SuspectNoStart)
	}
}

func TestGuardFlags(t *testing.T) {
	for name, args := range map[string][]string{
		"ErrNegativeMinFillTime": {"--min-fill-time", "-1s"},
		"ErrShortFormSecret":     {"--form-secret", "short"},
	} {
		t.Run(name, func(t *testing.T) {
			var c Config
			if _, err := c.parse("t", args, func(string) string { return "" }, true, io.Discard); exitCode(err) != 2 {
				t.Errorf("%v: %v, want a usage error", args, err)
			}
		})
	}
	var c Config
	if _, err := c.parse("t", nil, func(k string) string {
		return map[string]string{"SAFETYSURVEY_MIN_FILL_TIME": "5s"}[k]
	}, true, io.Discard); err != nil || c.MinFillTime.Seconds() != 5 {
		t.Errorf("min fill time from the environment = %v (%v), want 5s", c.MinFillTime, err)
	}
}

func TestLimitFlags(t *testing.T) {
	noEnv := func(string) string { return "" }
	var c Config
	if _, err := c.parse("t", nil, noEnv, true, io.Discard); err != nil || c.SourceLimit != 1200 || c.ChannelLimit != 2400 || c.TrustedProxies != nil {
		t.Errorf("defaults: source %d channel %d proxies %v (%v)", c.SourceLimit, c.ChannelLimit, c.TrustedProxies, err)
	}
	c = Config{}
	if _, err := c.parse("t", []string{"--source-limit", "0", "--trusted-proxies", "10.0.0.0/8, 192.0.2.7,2001:db8::/32"}, noEnv, true, io.Discard); err != nil ||
		c.SourceLimit != 0 || fmt.Sprint(c.TrustedProxies) != "[10.0.0.0/8 192.0.2.7/32 2001:db8::/32]" {
		t.Errorf("flags: source %d proxies %v (%v)", c.SourceLimit, c.TrustedProxies, err)
	}
	c = Config{}
	if _, err := c.parse("t", nil, func(k string) string {
		return map[string]string{"SAFETYSURVEY_CHANNEL_LIMIT": "300", "SAFETYSURVEY_TRUSTED_PROXIES": "127.0.0.1"}[k]
	}, true, io.Discard); err != nil || c.ChannelLimit != 300 || fmt.Sprint(c.TrustedProxies) != "[127.0.0.1/32]" {
		t.Errorf("environment: channel %d proxies %v (%v)", c.ChannelLimit, c.TrustedProxies, err)
	}
	for name, tc := range map[string]struct {
		args []string
		env  map[string]string
	}{
		"ErrNegativeLimit":   {args: []string{"--channel-limit", "-5"}},
		"ErrBadProxy":        {args: []string{"--trusted-proxies", "proxy.example"}},
		"ErrBadProxyEnv":     {env: map[string]string{"SAFETYSURVEY_TRUSTED_PROXIES": "10.0.0.0/33"}},
		"ErrMistypedEnvRate": {env: map[string]string{"SAFETYSURVEY_SOURCE_LIMIT": "12OO"}},
	} {
		t.Run(name, func(t *testing.T) {
			var c Config
			_, err := c.parse("t", tc.args, func(k string) string { return tc.env[k] }, true, io.Discard)
			if err == nil {
				t.Errorf("accepted: source %d channel %d proxies %v", c.SourceLimit, c.ChannelLimit, c.TrustedProxies)
			}
		})
	}
}
