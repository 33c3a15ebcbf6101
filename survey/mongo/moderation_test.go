package mongo_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/mongo"
	"github.com/safeguarding/safetysurvey/survey/mongo/mongotest"
)

func TestTextNotes(t *testing.T) {
	db := mongotest.Open(t)
	ctx := context.Background()
	if err := db.SetThemes(ctx, "s1", 1, "why", "a1", []string{"lighting", "police"}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetThemes(ctx, "s1", 1, "why", "a1", []string{"cctv"}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetThemes(ctx, "s1", 1, "why", "a2", []string{}); err != nil {
		t.Fatal(err)
	}
	quote := survey.TextNote{Answer: "a1", Question: "why", Text: "more lights", Lang: "en", ProposedBy: "u1"}
	if err := db.ProposeQuote(ctx, "s1", 1, quote); err != nil {
		t.Fatal(err)
	}
	if err := db.ProposeQuote(ctx, "s1", 1, survey.TextNote{Answer: "a3", Question: "other", Text: "buses", Lang: "pl", ProposedBy: "u2"}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetThemes(ctx, "s1", 2, "why", "b1", []string{"roads"}); err != nil {
		t.Fatal(err)
	}
	t.Run("ErrProposedTwice", func(t *testing.T) {
		if err := db.ProposeQuote(ctx, "s1", 1, quote); survey.ErrorCode(err) != survey.ECONFLICT {
			t.Errorf("second proposal: %v, want ECONFLICT", err)
		}
	})
	t.Run("ErrApprovedByProposer", func(t *testing.T) {
		if err := db.ApproveQuote(ctx, "s1", 1, "a1", "u1"); survey.ErrorCode(err) != survey.ECONFLICT {
			t.Errorf("approved by who proposed it: %v, want ECONFLICT", err)
		}
	})
	if err := db.ApproveQuote(ctx, "s1", 1, "a1", "u2"); err != nil {
		t.Fatal(err)
	}
	t.Run("ErrApprovedTwice", func(t *testing.T) {
		if err := db.ApproveQuote(ctx, "s1", 1, "a1", "u3"); survey.ErrorCode(err) != survey.ECONFLICT {
			t.Errorf("approved again: %v, want ECONFLICT", err)
		}
	})
	got, err := db.TextNotes(ctx, "s1", 1)
	if err != nil {
		t.Fatal(err)
	}
	want := []survey.TextNote{
		{Answer: "a1", Question: "why", Themes: []string{"cctv"}, ThemesSet: true, Quote: survey.QuoteApproved, Text: "more lights", Lang: "en", ProposedBy: "u1", ApprovedBy: "u2"},
		{Answer: "a2", Question: "why", ThemesSet: true},
		{Answer: "a3", Question: "other", Quote: survey.QuoteProposed, Text: "buses", Lang: "pl", ProposedBy: "u2"},
	}
	if !slices.EqualFunc(got, want, equalNote) {
		t.Errorf("TextNotes =\n%+v\nwant\n%+v", got, want)
	}
	t.Run("OKWithdrawn", func(t *testing.T) {
		if err := db.WithdrawQuote(ctx, "s1", 1, "a1"); err != nil {
			t.Fatal(err)
		}
		got, err := db.TextNotes(ctx, "s1", 1)
		if err != nil {
			t.Fatal(err)
		}
		if got[0].Quote != "" || got[0].Text != "" || !slices.Equal(got[0].Themes, []string{"cctv"}) {
			t.Errorf("after withdrawing, note = %+v, want its themes and no quote", got[0])
		}
	})
}

func equalNote(a, b survey.TextNote) bool {
	a.Themes, b.Themes = slices.Clip(a.Themes), slices.Clip(b.Themes)
	return slices.Equal(a.Themes, b.Themes) && a.Answer == b.Answer && a.Question == b.Question && a.ThemesSet == b.ThemesSet &&
		a.Quote == b.Quote && a.Text == b.Text && a.Lang == b.Lang && a.ProposedBy == b.ProposedBy && a.ApprovedBy == b.ApprovedBy && a.Gloss == b.Gloss
}

// TestFlagStates: what the lead records is kept per answer and survey; marking an answer not
// reviewed again keeps what was done; a document from before outcomes were kept reads as reviewed.
func TestFlagStates(t *testing.T) {
	db := mongotest.Open(t)
	ctx := context.Background()
	s1, s2 := saveFlagged(t, db, "s1", "R1", "R2"), saveFlagged(t, db, "s2", "R3")
	for _, save := range []struct {
		slug, answer string
		st           survey.FlagState
	}{
		{"s1", s1[0], survey.FlagState{Reviewed: true, Outcomes: []string{survey.OutcomeFrontDoor, survey.OutcomeSchool}}},
		{"s1", s1[1], survey.FlagState{Reviewed: true}},
		{"s1", s1[1], survey.FlagState{Reviewed: false, Outcomes: []string{survey.OutcomePattern}}},
		{"s2", s2[0], survey.FlagState{Reviewed: true}},
	} {
		if err := db.SaveFlagState(ctx, save.slug, save.answer, save.st); err != nil {
			t.Fatal(err)
		}
	}
	if err := mongo.SaveOldFlagReview(ctx, db, "s1", "old"); err != nil {
		t.Fatal(err)
	}
	got, err := db.FlagStates(ctx, "s1", append(s1, "old", s2[0]))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{s1[0]: "true [front_door school]", s1[1]: "false [pattern]", "old": "true []"}
	if len(got) != len(want) {
		t.Fatalf("FlagStates = %v, want %v", got, want)
	}
	for a, w := range want {
		if g := fmt.Sprint(got[a].Reviewed, " ", got[a].Outcomes); g != w {
			t.Errorf("state of %s = %s, want %s", a, g, w)
		}
	}
}

// TestGloss: a gloss is kept on the answer's note beside its themes, replaced, and removed when empty.
func TestGloss(t *testing.T) {
	db := mongotest.Open(t)
	ctx := context.Background()
	if err := db.SetThemes(ctx, "s1", 1, "why", "a1", []string{"police"}); err != nil {
		t.Fatal(err)
	}
	for _, g := range []struct{ answer, gloss string }{{"a1", "first"}, {"a1", "more lights"}, {"a2", "gone"}, {"a2", ""}} {
		if err := db.SetGloss(ctx, "s1", 1, "why", g.answer, g.gloss); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.TextNotes(ctx, "s1", 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Gloss != "more lights" || !slices.Equal(got[0].Themes, []string{"police"}) || got[1].Gloss != "" || got[1].Question != "why" {
		t.Errorf("notes = %+v, want a1 glossed with its themes kept and a2 without a gloss", got)
	}
}

// TestPurgeTextNotes: deleting a survey's responses takes unapproved quote copies and reviews
// with them, and keeps what was published (approved quotes, chosen themes).
func TestPurgeTextNotes(t *testing.T) {
	db := mongotest.Open(t)
	ctx := context.Background()
	for _, n := range []survey.TextNote{{Answer: "a1", Question: "why", Text: "approved", Lang: "en", ProposedBy: "u1"}, {Answer: "a2", Question: "why", Text: "proposed", Lang: "en", ProposedBy: "u1"}} {
		if err := db.ProposeQuote(ctx, "s1", 1, n); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.ApproveQuote(ctx, "s1", 1, "a1", "u2"); err != nil {
		t.Fatal(err)
	}
	if err := db.SetThemes(ctx, "s1", 1, "why", "a2", []string{"police"}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetGloss(ctx, "s1", 1, "why", "a1", "a gloss goes with the answer"); err != nil {
		t.Fatal(err)
	}
	a3 := saveFlagged(t, db, "s1", "R3")[0]
	if err := db.SaveFlagState(ctx, "s1", a3, survey.FlagState{Reviewed: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.PurgeResponses(ctx, "s1", survey.Purge{Closes: "2026-10-01", On: "2026-11-24"}); err != nil {
		t.Fatal(err)
	}
	got, err := db.TextNotes(ctx, "s1", 1)
	if err != nil {
		t.Fatal(err)
	}
	want := []survey.TextNote{
		{Answer: "a1", Question: "why", Quote: survey.QuoteApproved, Text: "approved", Lang: "en", ProposedBy: "u1", ApprovedBy: "u2"},
		{Answer: "a2", Question: "why", Themes: []string{"police"}, ThemesSet: true},
	}
	if !slices.EqualFunc(got, want, equalNote) {
		t.Errorf("after the purge, notes =\n%+v\nwant\n%+v", got, want)
	}
	if reviewed, err := db.FlagStates(ctx, "s1", []string{a3}); err != nil || len(reviewed) != 0 {
		t.Errorf("after the purge, reviews = %v, %v", reviewed, err)
	}
	if queued, err := db.FlagPatterns(ctx, "s1"); err != nil || queued.Open+queued.Reviewed != 0 {
		t.Errorf("after the purge, the queue holds %+v, %v", queued, err)
	}
}
