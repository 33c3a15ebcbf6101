package survey_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/freetext"
	"github.com/safeguarding/safetysurvey/survey/surveytest"
)

func TestCheckPlainLanguage(t *testing.T) {
	long := strings.Repeat("we like it ", 7) // 21 words
	tests := []struct {
		name string
		edit func(s *survey.Survey)
		want []freetext.PlainLanguageNote
	}{
		{"OK", func(s *survey.Survey) {}, nil},
		{"LongSentence", func(s *survey.Survey) {
			s.Questions[0].Hint = survey.Text{"en": "Short one. " + long + ". Short again."}
		},
			[]freetext.PlainLanguageNote{{Question: "safe_home", Field: "hint", Kind: "long_sentence", Length: 21}}},
		{"TwentyWordsIsFine", func(s *survey.Survey) { s.Intro = survey.Text{"en": strings.Repeat("we like it ", 6) + "and me."} }, nil},
		{"HardWords", func(s *survey.Survey) {
			s.Title["en"] = "Your experiences of safety"
			s.Questions[2].Options[1].Text["en"] = "Public transportation, or transportation at night"
		}, []freetext.PlainLanguageNote{
			{Field: "title", Kind: "hard_words", Words: []string{"experiences"}},
			{Question: "places", Field: "option:bus", Kind: "hard_words", Words: []string{"transportation"}},
		}},
		{"CommonWordsNotFlagged", func(s *survey.Survey) {
			s.Questions[0].Text["en"] = "Does everyone in your family, or anybody in your area, talk to the police about yourself or your computer?"
		}, nil},
		{"NamesOptionIdsAndCapitals", func(s *survey.Survey) {
			s.Questions[0].Hint = survey.Text{"en": "Roehampton, or call Childline about CCTV in Battersea."}
			s.Questions[2].Options[0].ID = "roehampton"
		}, nil},
		{"EnglishOnly", func(s *survey.Survey) { s.Title["pl"] = "Doświadczenia bezpieczeństwa publicznego" }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := surveytest.SmallSurvey()
			tt.edit(s)
			got, _ := survey.CheckPlainLanguage(s)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("notes:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// TestCheckPlainLanguageReadingAge measures the questions' text and hints, not the options.
func TestCheckPlainLanguageReadingAge(t *testing.T) {
	s := surveytest.SmallSurvey()
	_, before := survey.CheckPlainLanguage(s)
	s.Questions[0].Options[0].Text["en"] = "Notwithstanding considerable organisational difficulties"
	if _, after := survey.CheckPlainLanguage(s); after != before {
		t.Errorf("an option changed the reading age from %.1f to %.1f", before, after)
	}
	s.Questions[0].Hint = survey.Text{"en": "Notwithstanding considerable organisational difficulties, comprehensive evaluations."}
	if _, after := survey.CheckPlainLanguage(s); after <= before {
		t.Errorf("a hard hint left the reading age at %.1f (was %.1f)", after, before)
	}
}
