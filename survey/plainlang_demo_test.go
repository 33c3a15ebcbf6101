package survey_test

import (
	"reflect"
	"testing"

	"github.com/safeguarding/safetysurvey/public"
	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/freetext"
	"github.com/safeguarding/safetysurvey/survey/yamlfile"
)

// TestPlainLanguageDemoSurvey records what the check finds in the demo survey, whose wording
// young scrutineers co-designed: a few words to look at again, and no long sentences.
func TestPlainLanguageDemoSurvey(t *testing.T) {
	surveys, err := yamlfile.LoadDir(public.Files, "surveys")
	if err != nil {
		t.Fatal(err)
	}
	notes, age := survey.CheckPlainLanguage(surveys[0])
	want := []freetext.PlainLanguageNote{
		{Field: "thanks", Kind: "hard_words", Words: []string{"scrutineers"}},
		{Question: "carer", Field: "hint", Kind: "hard_words", Words: []string{"disabled"}},
		{Question: "disabled", Field: "text", Kind: "hard_words", Words: []string{"disabled"}},
		{Question: "disabled", Field: "hint", Kind: "hard_words", Words: []string{"condition"}},
		{Question: "feel_safer", Field: "option:adults_listen", Kind: "hard_words", Words: []string{"seriously"}},
	}
	if !reflect.DeepEqual(notes, want) {
		t.Errorf("notes:\n got %+v\nwant %+v", notes, want)
	}
	if age < 7 || age > 10 {
		t.Errorf("reading age of the questions %.1f, want 7 to 10", age)
	}
}
