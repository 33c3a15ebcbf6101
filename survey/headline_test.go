package survey_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/surveytest"
)

func TestCheckHeadlines(t *testing.T) {
	tests := []struct {
		name   string
		change func(r *survey.HeadlineRule)
		field  string
		want   string
	}{
		{"ErrQuestion", func(r *survey.HeadlineRule) { r.Question = "ghost" }, "headline `home`: question", "definition.show_if_missing"},
		{"ErrAnswer", func(r *survey.HeadlineRule) { r.Answer = "maybe" }, "headline `home`: answer", "definition.headline_answer"},
		{"ErrPreferNot", func(r *survey.HeadlineRule) { r.Answer = survey.PreferNotToSay }, "headline `home`: answer", "definition.headline_answer"},
		{"ErrPer", func(r *survey.HeadlineRule) { r.Per = 7 }, "headline `home`: per", "definition.headline_per"},
		{"ErrAtLeast", func(r *survey.HeadlineRule) { r.AtLeast = 120 }, "headline `home`: at_least", "definition.headline_at_least"},
		{"ErrNoOther", func(r *survey.HeadlineRule) { r.Text["en"] = map[string]string{"one": "x"} }, "headline `home`: text", "definition.plural_other"},
		{"ErrForm", func(r *survey.HeadlineRule) { r.Text["pl"]["several"] = "x" }, "headline `home`: text: pl", "definition.plural_form"},
		{"ErrID", func(r *survey.HeadlineRule) { r.ID = "Home!" }, "headline 1", "definition.id_format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := surveytest.HeadlineSurvey()
			tt.change(&s.Headlines[0])
			var des survey.DefinitionErrors
			if err := s.Check(); !errors.As(err, &des) {
				t.Fatalf("Check = %v, want definition problems", err)
			}
			if !slices.ContainsFunc(des, func(e survey.DefinitionError) bool { return e.Field == tt.field && e.Message == tt.want }) {
				t.Errorf("problems = %v, want %s: %s", des, tt.field, tt.want)
			}
		})
	}
}

// TestUntranslatedFindings: the words findings show besides the questions (combined answers,
// headlines, theme labels and actions) are listed when a language lacks them.
func TestUntranslatedFindings(t *testing.T) {
	s := surveytest.HeadlineSurvey()
	s.Themes = []survey.Theme{{ID: "lighting", Label: survey.Text{"en": "Lighting", "pl": "Oświetlenie"}}, {ID: "police", Label: survey.Text{"en": "Police"}}}
	s.Actions = []survey.Action{{Status: "planned", Text: survey.Text{"en": "Fix the lights", "pl": "Naprawić światła"}, YouSaid: survey.Text{"en": "Dark"}}}
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
