package survey_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/surveytest"
)

func texts(n int) []survey.TextAnswer {
	all := make([]survey.TextAnswer, n)
	for i := range all {
		all[i] = survey.TextAnswer{Question: "comment", Text: fmt.Sprintf("answer %d", i), Lang: "en"}
	}
	if n > 0 {
		all[0].Text = "it is too dark by the station"
	}
	return all
}

func TestShowableTexts(t *testing.T) {
	s := serviceSurvey()
	for _, tc := range []struct {
		name     string
		minCount int // the survey's min_count; 0 for the default rules
		answers  int
		want     int
	}{
		{"NoneBelowTen", 0, survey.MinTextAnswers - 1, 0},
		{"AllFromTen", 0, survey.MinTextAnswers, survey.MinTextAnswers},
		{"TenEvenWhenMinCountIsLower", 5, 9, 0},
		{"MinCountWhenHigher", 20, 19, 0},
		{"AllFromMinCount", 20, 20, 20},
		{"NoneWithoutAnswers", 0, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.minCount > 0 {
				s.Suppression = survey.SuppressionRules{MinCount: tc.minCount, MinBase: 30}
			} else {
				s.Suppression = survey.SuppressionRules{}
			}
			got := s.ShowableTexts(texts(tc.answers))
			if len(got) != tc.want {
				t.Fatalf("got %d answers, want %d", len(got), tc.want)
			}
			if tc.want == 0 && got != nil {
				t.Errorf("got %v, want nil", got)
			}
			if tc.want > 0 && (len(got[0].Themes) != 1 || got[0].Themes[0] != "lighting" || got[1].Themes != nil) {
				t.Errorf("themes = %v, %v; want [lighting], none", got[0].Themes, got[1].Themes)
			}
		})
	}
}

// TestServiceQuestionTexts goes through the store: nothing is shown until the tenth answer.
func TestServiceQuestionTexts(t *testing.T) {
	catalog, err := survey.NewCatalog(serviceSurvey())
	if err != nil {
		t.Fatal(err)
	}
	store := surveytest.NewStore()
	svc := &survey.Service{Surveys: catalog, Store: store, Texts: store, Moderation: store, Disclosures: serviceTerms(t),
		Now: func() time.Time { return time.Date(2026, 11, 24, 15, 4, 5, 0, time.UTC) }}
	ctx := context.Background()
	submit := func(i int, text string) {
		t.Helper()
		sub := survey.Submission{Key: fmt.Sprintf("question-texts-%04d", i), Lang: "en", Answers: survey.Answers{"comment": {Text: text}}}
		if _, err := svc.SubmitResponse(ctx, "test", sub); err != nil {
			t.Fatal(err)
		}
	}
	submit(0, "Call me on 07700 900123, the street lights are broken")
	for i := 1; i < survey.MinTextAnswers-1; i++ {
		submit(i, fmt.Sprintf("answer %d", i))
	}
	got, err := svc.QuestionTexts(ctx, "test", "comment")
	if err != nil || got != nil {
		t.Fatalf("with %d answers: %v, %v; want nothing", survey.MinTextAnswers-1, got, err)
	}
	submit(survey.MinTextAnswers, "the last one")
	got, err = svc.QuestionTexts(ctx, "test", "comment")
	if err != nil || len(got) != survey.MinTextAnswers {
		t.Fatalf("with %d answers: %d, %v", survey.MinTextAnswers, len(got), err)
	}
	var tagged []survey.TextAnswer
	for _, a := range got {
		if a.Themes != nil {
			tagged = append(tagged, a)
		}
	}
	if len(tagged) != 1 || tagged[0].Text != "Call me on [phone], the street lights are broken" || tagged[0].Themes[0] != "lighting" {
		t.Errorf("tagged = %+v, want the scrubbed answer about street lights", tagged)
	}
	for name, question := range map[string]string{"ErrChoiceQuestion": "feel", "ErrUnknownQuestion": "nope"} {
		t.Run(name, func(t *testing.T) {
			if _, err := svc.QuestionTexts(ctx, "test", question); survey.ErrorCode(err) != survey.ENOTFOUND {
				t.Errorf("code = %q, want %q", survey.ErrorCode(err), survey.ENOTFOUND)
			}
		})
	}
}
