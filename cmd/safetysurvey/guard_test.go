package main

import (
	"context"
	"encoding/json"
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
