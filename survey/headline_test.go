package survey

import (
	"errors"
	"slices"
	"testing"
)

// headlineSurvey is combinedSurvey with headlines on an option and on a combined answer.
func headlineSurvey() *Survey {
	s := combinedSurvey()
	s.Languages = append(s.Languages, Language{Code: "pl"})
	s.Headlines = []HeadlineRule{
		{ID: "home", Question: "safe_home", Answer: "yes", Text: PluralText{
			"en": {"one": "{{.Count}} in {{.Per}} of you feels safe at home", "other": "{{.Count}} in {{.Per}} of you feel safe at home"},
			"pl": {"one": "{{.Count}} na {{.Per}} czuje się", "few": "{{.Count}} na {{.Per}} czują się", "other": "{{.Count}} na {{.Per}} czuje się"}}},
		{ID: "worried", Question: "safe_home", Answer: "worried", AtLeast: 20, Text: PluralText{"en": {"other": "{{.Count}} in {{.Per}} of you are worried"}}},
		{ID: "unsafe", Question: "feel", Answer: "unsafe", Per: 100, Text: PluralText{"en": {"other": "{{.Count}} in {{.Per}} of you feel unsafe"}}},
	}
	return s
}

func TestHeadlines(t *testing.T) {
	s := headlineSurvey()
	if err := s.Check(); err != nil {
		t.Fatalf("headline survey: %v", err)
	}
	var rs []*Response
	rs = append(rs, respond(s, 70, "safe_home", "yes", "feel", "safe")...)
	rs = append(rs, respond(s, 24, "safe_home", "sometimes", "feel", "okay")...)
	rs = append(rs, respond(s, 6, "safe_home", "no", "feel", "unsafe")...)
	sum := s.Summarize(tallyOf(rs), "en", "", nil, DefaultRules, testLabels{})
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
		got := s.Summarize(tallyOf(few), "pl", "", nil, DefaultRules, testLabels{}).Headlines
		if len(got) == 0 || got[0].Text != "#3 na #10 czują się" {
			t.Errorf("pl headlines = %+v, want the few form first", got)
		}
	})
	t.Run("EnglishWhenUntranslated", func(t *testing.T) {
		got := s.Summarize(tallyOf(rs), "pl", "", nil, DefaultRules, testLabels{}).Headlines
		if len(got) < 2 || got[1].Text != "#3 in #10 of you are worried" {
			t.Errorf("pl headlines = %+v, want the worried one in English", got)
		}
	})
	t.Run("VariantTakesBaseLanguage", func(t *testing.T) {
		few := append(respond(s, 30, "safe_home", "yes"), respond(s, 70, "safe_home", "sometimes")...)
		got := s.Summarize(tallyOf(few), "pl-XX", "", nil, DefaultRules, testLabels{}).Headlines
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
		got := s.Summarize(tallyOf(calm), "en", "", nil, DefaultRules, testLabels{}).Headlines
		if slices.ContainsFunc(got, func(h Headline) bool { return h.ID == "worried" }) {
			t.Errorf("10%% worried made a headline with at_least 20: %+v", got)
		}
	})
}

func TestCheckHeadlines(t *testing.T) {
	tests := []struct {
		name   string
		change func(r *HeadlineRule)
		field  string
		want   string
	}{
		{"ErrQuestion", func(r *HeadlineRule) { r.Question = "ghost" }, "headline `home`: question", "definition.show_if_missing"},
		{"ErrAnswer", func(r *HeadlineRule) { r.Answer = "maybe" }, "headline `home`: answer", "definition.headline_answer"},
		{"ErrPreferNot", func(r *HeadlineRule) { r.Answer = PreferNotToSay }, "headline `home`: answer", "definition.headline_answer"},
		{"ErrPer", func(r *HeadlineRule) { r.Per = 7 }, "headline `home`: per", "definition.headline_per"},
		{"ErrAtLeast", func(r *HeadlineRule) { r.AtLeast = 120 }, "headline `home`: at_least", "definition.headline_at_least"},
		{"ErrNoOther", func(r *HeadlineRule) { r.Text["en"] = map[string]string{"one": "x"} }, "headline `home`: text", "definition.plural_other"},
		{"ErrForm", func(r *HeadlineRule) { r.Text["pl"]["several"] = "x" }, "headline `home`: text: pl", "definition.plural_form"},
		{"ErrID", func(r *HeadlineRule) { r.ID = "Home!" }, "headline 1", "definition.id_format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := headlineSurvey()
			tt.change(&s.Headlines[0])
			var des DefinitionErrors
			if err := s.Check(); !errors.As(err, &des) {
				t.Fatalf("Check = %v, want definition problems", err)
			}
			if !slices.ContainsFunc(des, func(e DefinitionError) bool { return e.Field == tt.field && e.Message == tt.want }) {
				t.Errorf("problems = %v, want %s: %s", des, tt.field, tt.want)
			}
		})
	}
}

// TestUntranslatedFindings: the words findings show besides the questions (combined answers,
// headlines, theme labels and actions) are listed when a language lacks them.
func TestUntranslatedFindings(t *testing.T) {
	s := headlineSurvey()
	s.Themes = []Theme{{ID: "lighting", Label: Text{"en": "Lighting", "pl": "Oświetlenie"}}, {ID: "police", Label: Text{"en": "Police"}}}
	s.Actions = []Action{{Status: "planned", Text: Text{"en": "Fix the lights", "pl": "Naprawić światła"}, YouSaid: Text{"en": "Dark"}}}
	got := s.Untranslated("pl")
	for _, want := range []string{"question `safe_home`: combine `worried`", "headline `worried`", "theme `police`: label", "action 1: you_said"} {
		if !slices.Contains(got, want) {
			t.Errorf("untranslated = %v, want %q listed", got, want)
		}
	}
	for _, translated := range []string{"headline `home`", "theme `lighting`: label", "action 1: text"} {
		if slices.Contains(got, translated) {
			t.Errorf("%q has Polish text but is listed", translated)
		}
	}
}
