package surveytest

import (
	"strings"

	"github.com/safeguarding/safetysurvey/survey"
)

// CombinedSurvey is a survey with combined answers on a scale and on a single-choice question, and a question
// whose "not sure" and "prefer not to say" answers carry no finding.
func CombinedSurvey() *survey.Survey {
	opt := func(ids ...string) []survey.Option {
		var os []survey.Option
		for _, id := range ids {
			os = append(os, survey.Option{ID: id, Text: survey.Text{"en": strings.ToUpper(id)}})
		}
		return os
	}
	return &survey.Survey{
		Slug: "combined", Version: 1, Status: survey.StatusOpen, DefaultLanguage: "en",
		Languages: []survey.Language{{Code: "en", Reviewed: true}},
		Title:     survey.Text{"en": "Combined"},
		Questions: []survey.Question{
			{ID: "safe_home", Type: survey.Single, Text: survey.Text{"en": "Safe at home?"}, Options: opt("yes", "sometimes", "no"), PreferNotToSay: true,
				Combine: []survey.Combined{{ID: "worried", Label: survey.Text{"en": "Sometimes or no", "ar": "أحيانًا أو لا"}, Options: []string{"sometimes", "no"}}}},
			{ID: "feel", Type: survey.Scale, Text: survey.Text{"en": "How safe?"}, Options: opt("very_safe", "safe", "okay", "unsafe", "very_unsafe"),
				Combine: []survey.Combined{
					{ID: "safe", Label: survey.Text{"en": "Safe"}, Options: []string{"very_safe", "safe"}},
					{ID: "unsafe", Label: survey.Text{"en": "Unsafe"}, Options: []string{"unsafe", "very_unsafe"}},
				}},
			{ID: "disabled", Type: survey.Single, Text: survey.Text{"en": "Disabled?"}, Options: opt("no", "yes", survey.NotSure), PreferNotToSay: true},
		},
	}
}

// HeadlineSurvey is CombinedSurvey with headlines on an option and on a combined answer.
func HeadlineSurvey() *survey.Survey {
	s := CombinedSurvey()
	s.Languages = append(s.Languages, survey.Language{Code: "pl"})
	s.Headlines = []survey.HeadlineRule{
		{ID: "home", Question: "safe_home", Answer: "yes", Text: survey.PluralText{
			"en": {"one": "{{.Count}} in {{.Per}} of you feels safe at home", "other": "{{.Count}} in {{.Per}} of you feel safe at home"},
			"pl": {"one": "{{.Count}} na {{.Per}} czuje się", "few": "{{.Count}} na {{.Per}} czują się", "other": "{{.Count}} na {{.Per}} czuje się"}}},
		{ID: "worried", Question: "safe_home", Answer: "worried", AtLeast: 20, Text: survey.PluralText{"en": {"other": "{{.Count}} in {{.Per}} of you are worried"}}},
		{ID: "unsafe", Question: "feel", Answer: "unsafe", Per: 100, Text: survey.PluralText{"en": {"other": "{{.Count}} in {{.Per}} of you feel unsafe"}}},
	}
	return s
}

// SmallSurvey has one question of every type, a condition and a concern.
func SmallSurvey() *survey.Survey {
	yes, no := survey.Option{ID: "yes", Text: survey.Text{"en": "Yes"}}, survey.Option{ID: "no", Text: survey.Text{"en": "No"}}
	return &survey.Survey{
		Slug: "test", Version: 1, Status: survey.StatusOpen, DefaultLanguage: "en",
		Languages: []survey.Language{{Code: "en", Reviewed: true}, {Code: "pl"}},
		Title:     survey.Text{"en": "Test", "pl": "Test PL"},
		Questions: []survey.Question{
			{ID: "safe_home", Type: survey.Single, Text: survey.Text{"en": "Safe at home?"}, Options: []survey.Option{yes, no}, PreferNotToSay: true, Concern: []string{"no"}},
			{ID: "why", Type: survey.FreeText, Text: survey.Text{"en": "Why not?"}, MaxLength: 10, ShowIf: &survey.Condition{Question: "safe_home", AnyOf: []string{"no"}}},
			{ID: "places", Type: survey.Multiple, Max: 2, Text: survey.Text{"en": "Where?"}, PreferNotToSay: true, Options: []survey.Option{
				{ID: "park", Text: survey.Text{"en": "Park"}}, {ID: "bus", Text: survey.Text{"en": "Bus"}}, {ID: "school", Text: survey.Text{"en": "School"}}}},
			{ID: "feel", Type: survey.Scale, Text: survey.Text{"en": "How safe?"}, Options: []survey.Option{
				{ID: "low", Text: survey.Text{"en": "Low"}}, {ID: "mid", Text: survey.Text{"en": "Mid"}}, {ID: "high", Text: survey.Text{"en": "High"}}}},
			{ID: "comment", Type: survey.FreeText, Text: survey.Text{"en": "Anything else?"}},
		},
		Themes: []survey.Theme{
			{ID: "lighting", Label: survey.Text{"en": "Street lighting"}, Keywords: map[string][]string{"en": {"street light*", "dark*"}, "pl": {"ciemno", "latarni*"}}},
			{ID: "police", Label: survey.Text{"en": "Police"}, Keywords: map[string][]string{"en": {"police*", "cops"}}},
		},
	}
}
