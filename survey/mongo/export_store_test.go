package mongo_test

import (
	"context"
	"slices"
	"testing"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/mongo/mongotest"
)

func TestEachResponse(t *testing.T) {
	db := mongotest.Open(t)
	ctx := context.Background()
	for _, r := range []*survey.Response{
		{ID: "C", Survey: "s1", Version: 1, Lang: "en", Date: "2026-11-02", Answers: survey.Answers{"why": {Text: "lights"}}},
		{ID: "A", Survey: "s1", Version: 2, Lang: "pl", Date: "2026-11-02", Answers: survey.Answers{"age": {Choices: []string{"13_15"}}}, Suspect: survey.SuspectTooFast},
		{ID: "B", Survey: "s1", Version: 1, Lang: "ar", Date: "2026-11-01", Answers: survey.Answers{}},
		{ID: "D", Survey: "other", Version: 1, Lang: "en", Date: "2026-11-01", Answers: survey.Answers{}},
	} {
		if _, err := db.SaveResponse(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	n, err := db.CountResponses(ctx, "s1")
	if err != nil {
		t.Fatal(err)
	}
	if n != 3 {
		t.Errorf("CountResponses = %d, want 3", n)
	}
	read := func(limit int64) []string {
		var got []string
		err := db.EachResponse(ctx, "s1", limit, func(r *survey.Response) error {
			got = append(got, r.ID+" "+r.Lang+" "+r.Suspect+" "+r.Answers["why"].Text)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	t.Run("OK", func(t *testing.T) {
		// By day, then by id: never in the order they were stored.
		want := []string{"B ar  ", "A pl too_fast ", "C en  lights"}
		if got := read(n); !slices.Equal(got, want) {
			t.Errorf("got %q, want %q", got, want)
		}
	})
	t.Run("Limit", func(t *testing.T) {
		if got := read(2); len(got) != 2 {
			t.Errorf("got %d responses, want 2", len(got))
		}
	})
}
