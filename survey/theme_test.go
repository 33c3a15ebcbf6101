package survey_test

import (
	"slices"
	"testing"

	"github.com/safeguarding/safetysurvey/survey"
)

func TestThemeTagger(t *testing.T) {
	s := &survey.Survey{Themes: []survey.Theme{
		{ID: "lighting", Keywords: map[string][]string{"en": {"street light*", "dark*", "lamp*"}, "pl": {"ciemno", "latarni*"}}},
		{ID: "police", Keywords: map[string][]string{"en": {"police*", "cops"}, "ar": {"*شرط*"}}},
		{ID: "youth_clubs", Keywords: map[string][]string{"en": {"youth club*", "things to do"}}},
	}}
	tagger := s.ThemeTagger()
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"OneTheme", "More street lights on the way home", []string{"lighting"}},
		{"SeveralInSurveyOrder", "Youth clubs open late and more POLICE, it's too dark", []string{"lighting", "police", "youth_clubs"}},
		{"OtherLanguage", "W parku jest ciemno", []string{"lighting"}},
		{"OtherLanguageDiacritics", "Więcej latarni", []string{"lighting"}},
		{"ArabicPrefix", "نحتاج المزيد من الشرطة", []string{"police"}},
		{"WholeWordsOnly", "policy about scops owls", nil},
		{"PhraseInOrder", "to do things", nil},
		{"None", "I feel fine", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tagger.Themes(tc.text); !slices.Equal(got, tc.want) {
				t.Errorf("Themes(%q) = %v, want %v", tc.text, got, tc.want)
			}
		})
	}
}

func TestThemeTaggerWithoutThemes(t *testing.T) {
	if got := (&survey.Survey{}).ThemeTagger().Themes("street lights"); got != nil {
		t.Errorf("Themes = %v, want nil for a survey without themes", got)
	}
}
