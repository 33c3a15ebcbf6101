package findings

import (
	"slices"
	"testing"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/surveytest"
)

func TestHeadlines(t *testing.T) {
	s := surveytest.HeadlineSurvey()
	if err := s.Check(); err != nil {
		t.Fatalf("headline survey: %v", err)
	}
	var rs []*survey.Response
	rs = append(rs, respond(s, 70, "safe_home", "yes", "feel", "safe")...)
	rs = append(rs, respond(s, 24, "safe_home", "sometimes", "feel", "okay")...)
	rs = append(rs, respond(s, 6, "safe_home", "no", "feel", "unsafe")...)
	sum := Summarize(s, tallyOf(rs), "en", "", nil, survey.DefaultRules, testLabels{})
	t.Run("OK", func(t *testing.T) {
		want := []Headline{
			{ID: "home", Text: "#7 in #10 of you feel safe at home", Question: "safe_home", Answer: "yes", Value: 7, Per: 10},
			{ID: "worried", Text: "#3 in #10 of you are worried", Question: "safe_home", Answer: "worried", Value: 3, Per: 10},
		}
		if !slices.Equal(sum.Headlines, want) {
			t.Errorf("headlines = %+v\nwant %+v", sum.Headlines, want)
		}
	})
	t.Run("SuppressedNumberMakesNone", func(t *testing.T) {
		// 6 feel unsafe: suppressed, so no "6 in 100 feel unsafe".
		if slices.ContainsFunc(sum.Headlines, func(h Headline) bool { return h.ID == "unsafe" }) {
			t.Errorf("a suppressed number made a headline: %+v", sum.Headlines)
		}
	})
	t.Run("PluralForm", func(t *testing.T) {
		few := append(respond(s, 30, "safe_home", "yes"), respond(s, 70, "safe_home", "sometimes")...)
		got := Summarize(s, tallyOf(few), "pl", "", nil, survey.DefaultRules, testLabels{}).Headlines
		if len(got) == 0 || got[0].Text != "#3 na #10 czują się" {
			t.Errorf("pl headlines = %+v, want the few form first", got)
		}
	})
	t.Run("EnglishWhenUntranslated", func(t *testing.T) {
		got := Summarize(s, tallyOf(rs), "pl", "", nil, survey.DefaultRules, testLabels{}).Headlines
		if len(got) < 2 || got[1].Text != "#3 in #10 of you are worried" {
			t.Errorf("pl headlines = %+v, want the worried one in English", got)
		}
	})
	t.Run("VariantTakesBaseLanguage", func(t *testing.T) {
		few := append(respond(s, 30, "safe_home", "yes"), respond(s, 70, "safe_home", "sometimes")...)
		got := Summarize(s, tallyOf(few), "pl-XX", "", nil, survey.DefaultRules, testLabels{}).Headlines
		// testLabels knows no plural rules for pl-XX, so its category is "other".
		if len(got) == 0 || got[0].Text != "#3 na #10 czuje się" {
			t.Errorf("pl-XX headlines = %+v, want pl's words", got)
		}
		if !s.Headlines[0].Text.Has("pl-XX") || s.Headlines[1].Text.Has("pl-XX") {
			t.Errorf("Has(pl-XX) = %v, %v, want true for home (pl), false for worried (English only)", s.Headlines[0].Text.Has("pl-XX"), s.Headlines[1].Text.Has("pl-XX"))
		}
	})
	t.Run("BelowAtLeast", func(t *testing.T) {
		calm := append(respond(s, 90, "safe_home", "yes"), respond(s, 10, "safe_home", "sometimes")...)
		got := Summarize(s, tallyOf(calm), "en", "", nil, survey.DefaultRules, testLabels{}).Headlines
		if slices.ContainsFunc(got, func(h Headline) bool { return h.ID == "worried" }) {
			t.Errorf("10%% worried made a headline with at_least 20: %+v", got)
		}
	})
}
