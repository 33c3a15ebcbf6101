package yamlfile

import (
	"os"
	"testing"

	"github.com/safeguarding/safetysurvey/survey"
)

// FuzzParse feeds arbitrary text to the definition parser: it must never panic, and whatever it
// accepts must pass the definition check and validate an empty answer set without panicking.
func FuzzParse(f *testing.F) {
	for _, file := range []string{"testdata/ok/mini.yaml", "../../public/surveys/community-safety.yaml"} {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("slug: [unclosed\n"))
	f.Add([]byte("questions:\n  - id: q\n    type: scale\n    options: [{id: a}, {id: a}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse("fuzz.yaml", data)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an error with no message")
			}
			return
		}
		if err := s.Check(); err != nil {
			t.Fatalf("Parse accepted a definition Check rejects: %v", err)
		}
		_, _ = s.CleanAnswers(survey.Answers{})
		_ = ParseTranslation("fuzz.pl.yaml", data, s)
	})
}
