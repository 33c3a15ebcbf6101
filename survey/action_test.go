package survey

import (
	"slices"
	"strings"
	"testing"
)

func TestActionCheck(t *testing.T) {
	s := testSurvey()
	for _, tc := range []struct {
		name   string
		action Action
		fields []string
	}{
		{"OK", Action{Status: ActionDone, Text: Text{"en": "Lights", "pl": "Światła"}, YouSaid: Text{"en": "Dark"}, Questions: []string{"why"}, Themes: []string{"lighting"}}, nil},
		{"ErrStatus", Action{Status: "someday", Text: Text{"en": "Lights"}}, []string{"status"}},
		{"ErrNoEnglish", Action{Status: ActionPlanned, Text: Text{"pl": "Światła"}}, []string{"text.en"}},
		{"ErrYouSaidNoEnglish", Action{Status: ActionPlanned, Text: Text{"en": "Lights"}, YouSaid: Text{"pl": "Ciemno"}}, []string{"you_said.en"}},
		{"ErrLong", Action{Status: ActionPlanned, Text: Text{"en": "Lights", "pl": strings.Repeat("ś", MaxActionText+1)}}, []string{"text.pl"}},
		{"ErrUnknownQuestion", Action{Status: ActionPlanned, Text: Text{"en": "Lights"}, Questions: []string{"nope"}}, []string{"questions"}},
		{"ErrUnknownTheme", Action{Status: ActionPlanned, Text: Text{"en": "Lights"}, Themes: []string{"buses"}}, []string{"themes"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, f := range ErrorFields(tc.action.Check(s)) {
				got = append(got, f.Question)
			}
			if !slices.Equal(got, tc.fields) {
				t.Errorf("fields %q, want %q", got, tc.fields)
			}
		})
	}
}
