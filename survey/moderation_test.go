package survey_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/surveytest"
)

func TestThemeCounts(t *testing.T) {
	s := serviceSurvey()
	s.Themes = append(s.Themes, survey.Theme{ID: "police", Label: survey.Text{"en": "Police"}}, survey.Theme{ID: "cctv", Label: survey.Text{"en": "CCTV"}})
	var tagged [][]string
	for i := range 12 {
		themes := []string{"lighting"}
		if i < 3 {
			themes = append(themes, "police", "made_up")
		}
		tagged = append(tagged, themes)
	}
	got := s.ThemeCounts(tagged, "en")
	want := []string{"lighting=12", "cctv=0", "police=suppressed"}
	if len(got) != len(want) {
		t.Fatalf("counts = %+v", got)
	}
	for i, tc := range got {
		shown := "suppressed"
		if tc.Count != nil {
			shown = fmt.Sprint(*tc.Count)
		}
		if s := tc.ID + "=" + shown; s != want[i] || tc.Suppressed != (tc.Count == nil) || tc.Label == "" {
			t.Errorf("count %d = %+v, want %s", i, tc, want[i])
		}
	}
}

// TestFlagReview: flagged answers newest day first, with counts by kind of harm and by week
// (weeks start on Monday), and reviews kept apart from the answers.
func TestFlagReview(t *testing.T) {
	catalog, err := survey.NewCatalog(serviceSurvey())
	if err != nil {
		t.Fatal(err)
	}
	store := surveytest.NewStore()
	var now time.Time
	svc := &survey.Service{Surveys: catalog, Store: store, Texts: store, Moderation: store, Disclosures: serviceTerms(t), Now: func() time.Time { return now }}
	ctx := context.Background()
	for i, sent := range []struct{ day, text string }{
		{"2026-11-24", "he hits me"}, {"2026-11-29", "I am terrified, he hits me"}, {"2026-11-30", "he hits me"}, {"2026-11-30", "lights please"},
	} {
		now, _ = time.Parse(time.DateOnly, sent.day)
		sub := survey.Submission{Key: fmt.Sprintf("flag-review-%04d", i), Lang: "en", Answers: survey.Answers{"comment": {Text: sent.text}}}
		if _, err := svc.SubmitResponse(ctx, "test", sub); err != nil {
			t.Fatal(err)
		}
	}
	fr, err := svc.FlagReview(ctx, "test")
	if err != nil {
		t.Fatal(err)
	}
	if len(fr.Texts) != 3 || fr.Texts[0].Date != "2026-11-30" || fr.Texts[2].Date != "2026-11-24" {
		t.Fatalf("texts = %+v", fr.Texts)
	}
	if got := fmt.Sprint(fr.ByReason); got != "[{hurt 3} {unsafe_home 1}]" {
		t.Errorf("by reason = %s", got)
	}
	if got := fmt.Sprint(fr.ByWeek); got != "[{2026-11-30 1} {2026-11-23 2}]" {
		t.Errorf("by week = %s", got)
	}
	if err := svc.MarkFlagReviewed(ctx, "test", fr.Texts[1].ID, true); err != nil {
		t.Fatal(err)
	}
	if fr, _ = svc.FlagReview(ctx, "test"); len(fr.Reviewed) != 1 || !fr.Reviewed[fr.Texts[1].ID] {
		t.Errorf("reviewed = %v", fr.Reviewed)
	}
	t.Run("ErrNotFlagged", func(t *testing.T) {
		if err := svc.MarkFlagReviewed(ctx, "test", "not-an-answer", true); survey.ErrorCode(err) != survey.ENOTFOUND {
			t.Errorf("code = %q, want not_found", survey.ErrorCode(err))
		}
	})
}
