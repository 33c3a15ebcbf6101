package findings_test

import (
	"strconv"
	"testing"

	"github.com/safeguarding/safetysurvey/public"
	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/findings"
	"github.com/safeguarding/safetysurvey/survey/surveytest"
	"github.com/safeguarding/safetysurvey/survey/yamlfile"
)

type labels struct{}

func (labels) PreferNotToSay() string         { return "Prefer not to say" }
func (labels) Group(dim, value string) string { return value }
func (labels) Plural(string, int64) string    { return "other" }
func (labels) Number(n int64) string          { return strconv.FormatInt(n, 10) }

// BenchmarkSummarize measures suppression alone: the demo survey's findings broken down by area
// from counters already in memory.
func BenchmarkSummarize(b *testing.B) {
	surveys, err := yamlfile.LoadDir(public.Files, "surveys")
	if err != nil {
		b.Fatal(err)
	}
	sv := surveys[0]
	tally := survey.Tally{}
	surveytest.Generate(sv, 1, 10_000, tally.Add)
	for _, by := range []string{"", "area", survey.DimLanguage} {
		groups, ok := sv.BreakdownGroups(by)
		if !ok && by != "" {
			groups = sv.LanguageCodes()
		}
		b.Run("by="+by, func(b *testing.B) {
			for b.Loop() {
				findings.Summarize(sv, tally, "en", by, groups, sv.Rules(), labels{})
			}
		})
	}
}
