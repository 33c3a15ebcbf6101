package survey_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/surveytest"
)

func TestActionCheck(t *testing.T) {
	s := surveytest.SmallSurvey()
	for _, tc := range []struct {
		name   string
		action survey.Action
		fields []string
	}{
		{"OK", survey.Action{Status: survey.ActionDone, Text: survey.Text{"en": "Lights", "pl": "Światła"}, YouSaid: survey.Text{"en": "Dark"}, Questions: []string{"why"}, Themes: []string{"lighting"}}, nil},
		{"ErrStatus", survey.Action{Status: "someday", Text: survey.Text{"en": "Lights"}}, []string{"status"}},
		{"ErrNoEnglish", survey.Action{Status: survey.ActionPlanned, Text: survey.Text{"pl": "Światła"}}, []string{"text.en"}},
		{"ErrYouSaidNoEnglish", survey.Action{Status: survey.ActionPlanned, Text: survey.Text{"en": "Lights"}, YouSaid: survey.Text{"pl": "Ciemno"}}, []string{"you_said.en"}},
		{"ErrLong", survey.Action{Status: survey.ActionPlanned, Text: survey.Text{"en": "Lights", "pl": strings.Repeat("ś", survey.MaxActionText+1)}}, []string{"text.pl"}},
		{"ErrUnknownQuestion", survey.Action{Status: survey.ActionPlanned, Text: survey.Text{"en": "Lights"}, Questions: []string{"nope"}}, []string{"questions"}},
		{"ErrUnknownTheme", survey.Action{Status: survey.ActionPlanned, Text: survey.Text{"en": "Lights"}, Themes: []string{"buses"}}, []string{"themes"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, f := range survey.ErrorFields(tc.action.Check(s)) {
				got = append(got, f.Question)
			}
			if !slices.Equal(got, tc.fields) {
				t.Errorf("fields %q, want %q", got, tc.fields)
			}
		})
	}
}
