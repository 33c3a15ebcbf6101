package freetext_test

import (
	"slices"
	"testing"

	"github.com/safeguarding/safetysurvey/survey/freetext"
)

func TestThemeTagger(t *testing.T) {
	tagger := &freetext.ThemeTagger{}
	tagger.Add("lighting", "street light*", "dark*", "lamp*", "ciemno", "latarni*")
	tagger.Add("police", "police*", "cops", "*شرط*")
	tagger.Add("youth_clubs", "youth club*", "things to do")
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
	if got := (&freetext.ThemeTagger{}).Themes("street lights"); got != nil {
		t.Errorf("Themes = %v, want nil for a tagger without themes", got)
	}
}

// TestThemeTaggerIgnoresScrubTags: "[phone]" stands for a number the child gave, not for
// something the child said about phones.
func TestThemeTaggerIgnoresScrubTags(t *testing.T) {
	tagger := &freetext.ThemeTagger{}
	tagger.Add("online", "online", "phone*", "link*", "handle*")
	tagger.Add("names", "name*", "email*", "address*", "postcode*")
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"Phone", "call me on [phone]", nil},
		{"EveryTag", "[name] [email] [phone] [postcode] [address] [handle] [link]", nil},
		{"TagAndWord", "my phone got taken, text me on [phone]", []string{"online"}},
		{"WordsAroundTagStayApart", "the park[phone]lights", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tagger.Themes(freetext.ScrubPersonalData(tc.text)); !slices.Equal(got, tc.want) {
				t.Errorf("Themes(%q) = %v, want %v", tc.text, got, tc.want)
			}
		})
	}
}
