package survey_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/freetext"
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

// TestFlagReview: the triage queue is most urgent first (suicide before weapons before
// bullying), newest first within a tier; it shows answers not reviewed unless asked for the
// reviewed ones; it counts by kind, week and channel area, and names no channel code.
func TestFlagReview(t *testing.T) {
	catalog, err := survey.NewCatalog(serviceSurvey())
	if err != nil {
		t.Fatal(err)
	}
	store := surveytest.NewStore()
	if err := store.CreateChannel(context.Background(), &survey.Channel{Code: "ABCDEF", Survey: "test", Name: "Oak school", Setting: survey.SettingSchool, Area: "North"}); err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{"lists/disclosure.en.txt": {Data: []byte("[hurt]\nhits me\n[suicide]\nkill myself\n[bullying]\nbullied\n[weapon]\nknife\n")}}
	terms, err := freetext.LoadDisclosureTerms(fsys, "lists")
	if err != nil {
		t.Fatal(err)
	}
	var now time.Time
	svc := &survey.Service{Surveys: catalog, Store: store, Texts: store, Moderation: store, Channels: store, Disclosures: terms, Now: func() time.Time { return now }}
	ctx := context.Background()
	for i, sent := range []struct{ day, text, channel string }{
		{"2026-11-24", "I want to kill myself", ""}, {"2026-11-30", "I am bullied", "ABCDEF"}, {"2026-11-29", "he has a knife", "ABCDEF"},
		{"2026-11-30", "he hits me", ""}, {"2026-11-30", "lights please", ""}, {"2026-11-25", "I will kill myself", "ABCDEF"},
	} {
		now, _ = time.Parse(time.DateOnly, sent.day)
		sub := survey.Submission{Key: fmt.Sprintf("flag-review-%04d", i), Lang: "en", Channel: sent.channel, Answers: survey.Answers{"comment": {Text: sent.text}}}
		if _, err := svc.SubmitResponse(ctx, "test", sub); err != nil {
			t.Fatal(err)
		}
	}
	order := func(fr *survey.FlagReview) string {
		var got []string
		for _, t := range fr.Texts {
			got = append(got, t.Text)
		}
		return strings.Join(got, " | ")
	}
	fr, err := svc.FlagReview(ctx, "test", survey.FlagQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := order(fr), "I will kill myself | I want to kill myself | he hits me | he has a knife | I am bullied"; got != want {
		t.Errorf("queue = %s\nwant    %s", got, want)
	}
	if got := fmt.Sprint(fr.ByReason); got != "[{hurt 1} {bullying 1} {suicide 2} {weapon 1}]" {
		t.Errorf("by reason = %s", got)
	}
	if got := fmt.Sprint(fr.ByWeek); got != "[{2026-11-30 2} {2026-11-23 3}]" {
		t.Errorf("by week = %s", got)
	}
	if got := fmt.Sprint(fr.ByArea); got != "[{North 3} { 2}]" {
		t.Errorf("by area = %s", got)
	}
	if first := fr.Texts[0]; first.Setting != survey.SettingSchool || first.Area != "North" || first.Channel != "" {
		t.Errorf("first answer's place = %q %q, channel %q: want school, North and no code", first.Setting, first.Area, first.Channel)
	}
	done := survey.FlagState{Reviewed: true, Outcomes: []string{survey.OutcomeSchool, survey.OutcomeFrontDoor}}
	if err := svc.SaveFlagState(ctx, "test", fr.Texts[0].ID, done); err != nil {
		t.Fatal(err)
	}
	if fr, _ = svc.FlagReview(ctx, "test", survey.FlagQuery{}); fr.Open != 4 || fr.Reviewed != 1 || len(fr.Texts) != 4 {
		t.Errorf("open queue: open %d, reviewed %d, listed %d; want 4, 1, 4", fr.Open, fr.Reviewed, len(fr.Texts))
	}
	fr, _ = svc.FlagReview(ctx, "test", survey.FlagQuery{Reviewed: true})
	if got := order(fr); got != "I will kill myself" || fmt.Sprint(fr.Texts[0].State.Outcomes) != "[front_door school]" {
		t.Errorf("reviewed queue = %s, outcomes %v", got, fr.Texts[0].State.Outcomes)
	}
	if n, err := svc.UnreviewedFlags(ctx, "test"); err != nil || n != 4 {
		t.Errorf("UnreviewedFlags = %d, %v; want 4", n, err)
	}
	t.Run("ErrNotFlagged", func(t *testing.T) {
		if err := svc.SaveFlagState(ctx, "test", "not-an-answer", survey.FlagState{Reviewed: true}); survey.ErrorCode(err) != survey.ENOTFOUND {
			t.Errorf("code = %q, want not_found", survey.ErrorCode(err))
		}
	})
	t.Run("ErrOutcome", func(t *testing.T) {
		for _, outcomes := range [][]string{{"made_up"}, {survey.OutcomeNoAction, survey.OutcomePolice}} {
			err := svc.SaveFlagState(ctx, "test", fr.Texts[0].ID, survey.FlagState{Reviewed: true, Outcomes: outcomes})
			if survey.ErrorCode(err) != survey.EINVALID {
				t.Errorf("outcomes %v: code = %q, want invalid", outcomes, survey.ErrorCode(err))
			}
		}
	})
}
