package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// clubSurveyDir holds the youth club survey, open; close turns it into the same version closed on 2026-01-31.
func clubSurveyDir(t *testing.T) (dir string, close func()) {
	t.Helper()
	club, err := os.ReadFile("testdata/surveys/youth-club.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dir = t.TempDir()
	write := func(prefix string) {
		if err := os.WriteFile(filepath.Join(dir, "youth-club.yaml"), append([]byte(prefix), club...), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("")
	return dir, func() { write("status: closed\ncloses: 2026-01-31\n") }
}

// answerClub stores n responses to the youth club survey through the running service.
func answerClub(t *testing.T, m *Main, n int) {
	t.Helper()
	for i := range n {
		req, _ := http.NewRequest(http.MethodPost, m.URL()+"/api/v1/surveys/youth-club/responses", strings.NewReader(`{"answers":{"enjoy":"a_lot"}}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Idempotency-Key", fmt.Sprintf("club-key-%010d", i))
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("submit to the youth club survey: status %d", resp.StatusCode)
		}
	}
	if err := m.store.db.Settle(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestResponsesPurge(t *testing.T) {
	dataDir := t.TempDir()
	surveyDir, closeClub := clubSurveyDir(t)
	m := startMain(t, dataDir, nil, "--survey-dir", surveyDir)
	answerClub(t, m, 3)
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	closeClub()
	ctx := context.Background()
	noEnv := func(string) string { return "" }
	store := []string{"--data-dir", dataDir, "--survey-dir", surveyDir}
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	purge := func(t *testing.T, args ...string) string {
		t.Helper()
		var out bytes.Buffer
		if err := purgeResponses(ctx, append(store, args...), noEnv, &out, now); err != nil {
			t.Fatalf("purge %v: %v\n%s", args, err, out.String())
		}
		return out.String()
	}
	t.Run("OKDryRun", func(t *testing.T) {
		out := purge(t, "--retention", "720h", "--dry-run")
		for _, want := range []string{
			"community-safety: no closing date; responses kept\n",
			"youth-club: closed 2026-01-31; 3 responses would be deleted (dry run); counters would be kept\n",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("dry run printed %q, want %q", out, want)
			}
		}
	})
	t.Run("OKNotDueYet", func(t *testing.T) {
		if out, want := purge(t, "--retention", "8760h"), "youth-club: closes 2026-01-31; responses kept until 2027-02-01 00:00\n"; !strings.Contains(out, want) {
			t.Errorf("purge printed %q, want %q", out, want)
		}
	})
	t.Run("OKDeleted", func(t *testing.T) {
		if out, want := purge(t, "--retention", "720h"), "youth-club: closed 2026-01-31; 3 responses deleted; counters kept\n"; !strings.Contains(out, want) {
			t.Errorf("purge printed %q, want %q", out, want)
		}
		if out, want := purge(t, "--retention", "720h"), "youth-club: closed 2026-01-31; responses deleted on 2026-11-24; counters kept\n"; !strings.Contains(out, want) {
			t.Errorf("second purge printed %q, want %q", out, want)
		}
	})
	t.Run("OKVerifyLeavesKeptCounters", func(t *testing.T) {
		var out bytes.Buffer
		if err := recount(ctx, "verify", store, noEnv, &out); err != nil {
			t.Fatalf("verify after a purge: %v\n%s", err, out.String())
		}
		if want := "youth-club: responses deleted on 2026-11-24 (retention); counters kept, not recounted\n"; !strings.Contains(out.String(), want) {
			t.Errorf("verify printed %q, want %q", out.String(), want)
		}
		m := startMain(t, dataDir, nil, "--survey-dir", surveyDir)
		defer m.Close()
		if got := surveyResponses(t, m, "youth-club"); got != 3 {
			t.Errorf("stats after the purge: %v responses, want the 3 counted", got)
		}
	})
	t.Run("ErrUsage", func(t *testing.T) {
		for name, env := range map[string]map[string]string{
			"NoRetention":  {},
			"DaysNotHours": {"SAFETYSURVEY_RETENTION": "365d"},
		} {
			err := purgeResponses(ctx, store, func(k string) string { return env[k] }, &bytes.Buffer{}, now)
			if exitCode(err) != 2 {
				t.Errorf("%s: %v (exit %d), want a usage error", name, err, exitCode(err))
			}
		}
		if err := run(ctx, []string{"--retention", "-1h"}, noEnv); exitCode(err) != 2 {
			t.Errorf("serve with a negative retention: %v, want a usage error", err)
		}
	})
}

// TestServerDeletesExpiredResponses starts the service with --retention: it deletes the responses
// of a survey past its retention period on its own, and keeps the counters.
func TestServerDeletesExpiredResponses(t *testing.T) {
	dataDir := t.TempDir()
	surveyDir, closeClub := clubSurveyDir(t)
	m := startMain(t, dataDir, nil, "--survey-dir", surveyDir)
	answerClub(t, m, 2)
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	closeClub()
	logs := &syncBuffer{}
	m = startMain(t, dataDir, logs, "--survey-dir", surveyDir, "--retention", "24h")
	defer m.Close()
	ctx := context.Background()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		n, err := m.store.db.CountResponses(ctx, "youth-club")
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d responses still stored 10s after start", n)
		}
	}
	if got := surveyResponses(t, m, "youth-club"); got != 2 {
		t.Errorf("stats after the purge: %v responses, want the 2 counted", got)
	}
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(logs.String(), `"msg":"deleted responses past retention","survey":"youth-club","closed":"2026-01-31","responses":2`); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no log line for the deletion:\n%s", logs.String())
		}
	}
}
