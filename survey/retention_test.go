package survey_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/surveytest"
)

func TestRetainedUntil(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name      string
		closes    string
		retention time.Duration
		want      time.Time
	}{
		{"OKEndOfClosingDay", "2025-03-31", 0, time.Date(2025, 4, 1, 0, 0, 0, 0, london)},
		{"OKYear", "2025-03-31", 8760 * time.Hour, time.Date(2026, 4, 1, 0, 0, 0, 0, london)},
		{"OKHours", "2025-06-30", 36 * time.Hour, time.Date(2025, 7, 2, 12, 0, 0, 0, london)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &survey.Survey{Closes: tc.closes}
			got, ok := s.RetainedUntil(tc.retention, london)
			if !ok || !got.Equal(tc.want) {
				t.Errorf("RetainedUntil(%v) = %v, %v; want %v", tc.retention, got, ok, tc.want)
			}
		})
	}
	t.Run("OKNoClosingDate", func(t *testing.T) {
		if got, ok := (&survey.Survey{}).RetainedUntil(time.Hour, london); ok {
			t.Errorf("a survey with no closing date is due on %v, want kept", got)
		}
	})
}

// saveResponses stores n responses to a survey version and waits until they are counted.
func saveResponses(t *testing.T, db *surveytest.Store, slug string, version, n int) {
	t.Helper()
	ctx := context.Background()
	for i := range n {
		r := &survey.Response{ID: fmt.Sprintf("%s-%d-%d", slug, version, i), Survey: slug, Version: version, Lang: "en", Date: "2025-03-01",
			Answers: survey.Answers{"feel": {Choices: []string{"low"}}}}
		if _, err := db.SaveResponse(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
}

func countResponses(t *testing.T, db *surveytest.Store, slug string) int64 {
	t.Helper()
	n, err := db.CountResponses(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestPurgeExpired(t *testing.T) {
	db := surveytest.NewStore()
	ctx := context.Background()
	old := &survey.Survey{Slug: "old", Version: 2, Closes: "2025-03-31"}
	recent := &survey.Survey{Slug: "recent", Version: 1, Closes: "2026-10-31"}
	open := &survey.Survey{Slug: "open", Version: 1}
	surveys := []*survey.Survey{old, recent, open}
	saveResponses(t, db, "old", 1, 2)
	saveResponses(t, db, "old", 2, 3)
	saveResponses(t, db, "recent", 1, 4)
	saveResponses(t, db, "open", 1, 1)
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	retention := 30 * 24 * time.Hour

	purge := func(t *testing.T, dryRun bool) []survey.PurgeResult {
		t.Helper()
		results, err := survey.PurgeExpired(ctx, db, surveys, now, retention, dryRun)
		if err != nil {
			t.Fatal(err)
		}
		if len(results) != len(surveys) {
			t.Fatalf("%d results for %d surveys", len(results), len(surveys))
		}
		if results[1].Action != survey.KeptUntilDue || !results[1].Until.Equal(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("recent survey: %s until %v, want kept until 2026-12-01", results[1].Action, results[1].Until)
		}
		if results[2].Action != survey.KeptNoClosingDate {
			t.Errorf("survey with no closing date: %s, want %s", results[2].Action, survey.KeptNoClosingDate)
		}
		return results
	}
	t.Run("OKDryRunDeletesNothing", func(t *testing.T) {
		r := purge(t, true)[0]
		if r.Action != survey.WouldDelete || r.Responses != 5 {
			t.Errorf("dry run: %s %d, want %s 5", r.Action, r.Responses, survey.WouldDelete)
		}
		if n := countResponses(t, db, "old"); n != 5 {
			t.Errorf("after a dry run %d responses, want 5", n)
		}
	})
	t.Run("OKDeletesEveryVersionAndKeepsCounters", func(t *testing.T) {
		r := purge(t, false)[0]
		if r.Action != survey.Deleted || r.Responses != 5 {
			t.Errorf("purge: %s %d, want %s 5", r.Action, r.Responses, survey.Deleted)
		}
		for slug, want := range map[string]int64{"old": 0, "recent": 4, "open": 1} {
			if n := countResponses(t, db, slug); n != want {
				t.Errorf("%s: %d responses left, want %d", slug, n, want)
			}
		}
		for version, want := range map[int]int64{1: 2, 2: 3} {
			if c, err := db.Counts(ctx, "old", version); err != nil || c.Responses != want {
				t.Errorf("counters of old version %d: %d %v, want %d kept", version, c.Responses, err, want)
			}
		}
	})
	t.Run("OKDeletedBefore", func(t *testing.T) {
		r := purge(t, false)[0]
		if want := (survey.Purge{Closes: "2025-03-31", On: "2026-11-24", Finished: true}); r.Action != survey.DeletedBefore || r.Before != want {
			t.Errorf("second purge: %s %+v, want %s %+v", r.Action, r.Before, survey.DeletedBefore, want)
		}
	})
	t.Run("OKReopenedAndClosedAgain", func(t *testing.T) {
		saveResponses(t, db, "old", 3, 2)
		old.Closes = "2026-10-01"
		r := purge(t, false)[0]
		if r.Action != survey.Deleted || r.Responses != 2 || countResponses(t, db, "old") != 0 {
			t.Errorf("purge after closing again: %s %d, want %s 2", r.Action, r.Responses, survey.Deleted)
		}
	})
}
