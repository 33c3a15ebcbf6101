package survey_test

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/surveytest"
)

// FuzzCleanAnswers builds answers from arbitrary strings: validation must never panic, and every
// answer it accepts must keep the survey's rules.
func FuzzCleanAnswers(f *testing.F) {
	f.Add("safe_home", "no", "why", "scared", "places", "park,bus")
	f.Add("feel", "low,high", "comment", strings.Repeat("é", 1001), "nope", "x")
	f.Add("places", "prefer_not_to_say,park", "why", "\x00\r\n", "safe_home", "")
	f.Fuzz(func(t *testing.T, q1, a1, q2, a2, q3, a3 string) {
		s := surveytest.SmallSurvey()
		given := survey.Answers{}
		for _, qa := range [][2]string{{q1, a1}, {q2, a2}, {q3, a3}} {
			if q, ok := s.Question(qa[0]); ok && !q.IsChoice() {
				given[qa[0]] = survey.Answer{Text: qa[1]}
			} else {
				given[qa[0]] = survey.Answer{Choices: strings.Split(qa[1], ",")}
			}
		}
		clean, err := s.CleanAnswers(given)
		if err != nil {
			if survey.ErrorCode(err) != survey.EINVALID {
				t.Fatalf("code %q, want %q", survey.ErrorCode(err), survey.EINVALID)
			}
			return
		}
		for id, a := range clean {
			q, ok := s.Question(id)
			switch {
			case !ok:
				t.Fatalf("accepted an answer to unknown question %q", id)
			case !clean.Shows(q):
				t.Fatalf("kept an answer to hidden question %q", id)
			case !q.IsChoice() && utf8.RuneCountInString(a.Text) > q.TextLimit():
				t.Fatalf("accepted %d characters for %q", utf8.RuneCountInString(a.Text), id)
			case q.Type != survey.Multiple && len(a.Choices) > 1:
				t.Fatalf("accepted %d choices for single question %q", len(a.Choices), id)
			case q.Max > 0 && len(a.Choices) > q.Max:
				t.Fatalf("accepted %d choices for %q (max %d)", len(a.Choices), id, q.Max)
			}
			for _, c := range a.Choices {
				if !q.HasOption(c) {
					t.Fatalf("accepted unknown option %q for %q", c, id)
				}
			}
			if len(a.Choices) > 1 && slices.Contains(a.Choices, survey.PreferNotToSay) {
				t.Fatalf("accepted prefer-not-to-say with other choices for %q", id)
			}
		}
	})
}
