package site_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/safeguarding/safetysurvey/public"
	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/surveytest"
	"github.com/safeguarding/safetysurvey/survey/web/site"
)

// BenchmarkSummaryAPI measures what a reader of the findings waits for: GET .../summary broken
// down five ways, at 1,000, 100,000 and 1,000,000 counted responses, the counters made from a
// tally of made-up responses (survey/mongo's BenchmarkSummary and its test show such counters
// equal the write path's). It reports the median time of one request and of all five.
func BenchmarkSummaryAPI(b *testing.B) {
	for _, n := range []int{1_000, 100_000, 1_000_000} {
		b.Run(fmt.Sprintf("responses=%d", n), func(b *testing.B) {
			ta := newApp(b, public.Files, "surveys", func(*site.Config) {})
			sv, err := ta.surveys.Get(slug)
			if err != nil {
				b.Fatal(err)
			}
			tally := survey.Tally{}
			surveytest.Generate(sv, 1, n, tally.Add)
			if err := ta.db.ReplaceCounters(context.Background(), sv.Slug, sv.Version, tally); err != nil {
				b.Fatal(err)
			}
			var one, five []time.Duration
			for b.Loop() {
				start := time.Now()
				for _, by := range []string{"area", "age", "carer", "disabled", survey.DimLanguage} {
					t0 := time.Now()
					if resp, raw := ta.do(b, httptest.NewRequest(http.MethodGet, "/api/v1/surveys/"+slug+"/summary?by="+by, nil)); resp.StatusCode != http.StatusOK {
						b.Fatalf("by %s: %d %s", by, resp.StatusCode, raw)
					}
					one = append(one, time.Since(t0))
				}
				five = append(five, time.Since(start))
			}
			b.ReportMetric(median(one).Seconds()*1000, "p50-ms/summary")
			b.ReportMetric(median(five).Seconds()*1000, "p50-ms/five")
		})
	}
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}
