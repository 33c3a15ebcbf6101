package mongo_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/mongo/mongotest"
)

// TestQuestionTextsPaged reads a question's answers a page at a time from a cursor, and all of
// them one at a time: the same answers in the same order, each page bounded, none twice.
func TestQuestionTextsPaged(t *testing.T) {
	db := mongotest.Open(t)
	ctx := context.Background()
	const n = 23
	for i := range n {
		r := &survey.Response{ID: fmt.Sprintf("P%02d", i), Survey: "s1", Version: 1, Lang: "en", Date: "2026-11-24",
			Answers: survey.Answers{"why": {Text: fmt.Sprint("text ", i)}}}
		if _, err := db.SaveResponse(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	var all []string
	if err := db.EachQuestionText(ctx, "s1", 1, "why", func(a survey.TextAnswer) error {
		all = append(all, a.Text)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	var paged []string
	from := ""
	for {
		page, err := db.QuestionTexts(ctx, "s1", 1, "why", from, 11)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) > 11 {
			t.Fatalf("page of %d, want at most 11", len(page))
		}
		for _, a := range page[:min(10, len(page))] {
			paged = append(paged, a.Text)
		}
		if len(page) < 11 {
			break
		}
		from = page[10].Cursor // the first not taken: the next page starts there
	}
	if len(all) != n || !slices.Equal(paged, all) {
		t.Errorf("paged %q\nall   %q; want the same %d", paged, all, n)
	}
	stop := errors.New("stop")
	calls := 0
	err := db.EachQuestionText(ctx, "s1", 1, "why", func(survey.TextAnswer) error {
		calls++
		return stop
	})
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("EachQuestionText after an error: %v, %d calls; want the error after 1", err, calls)
	}
}

// TestTextNotesFor reads the notes of some answers only, of one survey version.
func TestTextNotesFor(t *testing.T) {
	db := mongotest.Open(t)
	ctx := context.Background()
	for _, n := range []struct {
		version int
		answer  string
	}{{1, "a1"}, {1, "a2"}, {1, "a3"}, {2, "a4"}} {
		if err := db.SetThemes(ctx, "s1", n.version, "why", n.answer, []string{"lighting"}); err != nil {
			t.Fatal(err)
		}
	}
	notes, err := db.TextNotesFor(ctx, "s1", 1, []string{"a1", "a3", "a4", "nope"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, n := range notes {
		got = append(got, n.Answer)
	}
	if want := []string{"a1", "a3"}; !slices.Equal(got, want) {
		t.Errorf("notes of %v, want %v", got, want)
	}
}
