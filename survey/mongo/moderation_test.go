package mongo_test

import (
	"context"
	"slices"
	"testing"

	"github.com/safeguarding/safetysurvey/survey"
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
		a.Quote == b.Quote && a.Text == b.Text && a.Lang == b.Lang && a.ProposedBy == b.ProposedBy && a.ApprovedBy == b.ApprovedBy
}

func TestFlagReviews(t *testing.T) {
	db := mongotest.Open(t)
	ctx := context.Background()
	for _, a := range []string{"a1", "a2", "a1"} {
		if err := db.SetFlagReviewed(ctx, "s1", a, true); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.SetFlagReviewed(ctx, "s2", "b1", true); err != nil {
		t.Fatal(err)
	}
	if err := db.SetFlagReviewed(ctx, "s1", "a2", false); err != nil {
		t.Fatal(err)
	}
	got, err := db.ReviewedFlags(ctx, "s1")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || !got["a1"] {
		t.Errorf("ReviewedFlags = %v, want a1 only", got)
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
	if err := db.SetFlagReviewed(ctx, "s1", "a3", true); err != nil {
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
	if reviewed, err := db.ReviewedFlags(ctx, "s1"); err != nil || len(reviewed) != 0 {
		t.Errorf("after the purge, reviews = %v, %v", reviewed, err)
	}
}
