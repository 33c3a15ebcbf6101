package mongo_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/safeguarding/safetysurvey/public"
	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/findings"
	"github.com/safeguarding/safetysurvey/survey/mongo"
	"github.com/safeguarding/safetysurvey/survey/mongo/mongotest"
	"github.com/safeguarding/safetysurvey/survey/surveytest"
	"github.com/safeguarding/safetysurvey/survey/yamlfile"
)

// breakdowns are the five ways BenchmarkSummary breaks the demo survey's findings down.
var breakdowns = []string{"area", "age", "carer", "disabled", survey.DimLanguage}

type benchLabels struct{}

func (benchLabels) PreferNotToSay() string         { return "Prefer not to say" }
func (benchLabels) Group(dim, value string) string { return value }
func (benchLabels) Plural(string, int64) string    { return "other" }
func (benchLabels) Number(n int64) string          { return strconv.FormatInt(n, 10) }

func demoSurvey(tb testing.TB) *survey.Survey {
	tb.Helper()
	surveys, err := yamlfile.LoadDir(public.Files, "surveys")
	if err != nil {
		tb.Fatal(err)
	}
	return surveys[0]
}

// saveAll stores n made-up responses through the real write path (group commit, counters by
// $inc), from many goroutines at once as a crowd of phones would.
func saveAll(tb testing.TB, db *mongo.DB, sv *survey.Survey, n int) survey.Tally {
	tb.Helper()
	ctx := context.Background()
	tally := survey.Tally{}
	work := make(chan *survey.Response)
	var wg sync.WaitGroup
	for range 256 {
		wg.Go(func() {
			for r := range work {
				if _, err := db.SaveResponse(ctx, r); err != nil {
					tb.Error(err)
				}
			}
		})
	}
	surveytest.Generate(sv, 1, n, func(r *survey.Response) {
		tally.Add(r)
		work <- r
	})
	close(work)
	wg.Wait()
	if err := db.Settle(ctx); err != nil {
		tb.Fatal(err)
	}
	return tally
}

// TestGeneratedCountersEqualRecount backs BenchmarkSummary's shortcut: the counters the write
// path keeps for made-up responses equal both the tally they were made from and a recount of
// the stored responses, so a counter document built straight from a bigger tally is the one
// those responses would have left.
func TestGeneratedCountersEqualRecount(t *testing.T) {
	db := mongotest.Open(t)
	sv := demoSurvey(t)
	ctx := context.Background()
	tally := saveAll(t, db, sv, 200)
	stored, err := db.StoredCounters(ctx, sv.Slug, sv.Version)
	if err != nil {
		t.Fatal(err)
	}
	if diffs := stored.Diff(tally); len(diffs) > 0 {
		t.Errorf("counters kept by the write path differ from the generated tally: %v", diffs)
	}
	recount, err := db.Recount(ctx, sv.Slug, sv.Version)
	if err != nil {
		t.Fatal(err)
	}
	if diffs := recount.Diff(tally); len(diffs) > 0 {
		t.Errorf("recount differs from the generated tally: %v", diffs)
	}
	other := mongotest.Open(t)
	if err := other.ReplaceCounters(ctx, sv.Slug, sv.Version, tally); err != nil {
		t.Fatal(err)
	}
	built, err := other.StoredCounters(ctx, sv.Slug, sv.Version)
	if err != nil {
		t.Fatal(err)
	}
	if diffs := built.Diff(stored); len(diffs) > 0 {
		t.Errorf("counters built from the tally differ from those the write path kept: %v", diffs)
	}
}

// BenchmarkSummary measures the read path of the findings: the demo survey's summary broken
// down five ways, each read from the counter document and suppressed, as the API serves it.
// At 1,000 responses they go through the write path; at 100,000 and 1,000,000 the counter
// document is built straight from a tally of made-up responses (storing a million through
// FerretDB takes hours; TestGeneratedCountersEqualRecount shows the two agree). It reports the
// median time of one summary and of all five.
func BenchmarkSummary(b *testing.B) {
	sv := demoSurvey(b)
	ctx := context.Background()
	for _, n := range []int{1_000, 100_000, 1_000_000} {
		b.Run(fmt.Sprintf("responses=%d", n), func(b *testing.B) {
			db := mongotest.Open(b)
			if n <= 1_000 {
				saveAll(b, db, sv, n)
			} else {
				tally := survey.Tally{}
				surveytest.Generate(sv, 1, n, tally.Add)
				if err := db.ReplaceCounters(ctx, sv.Slug, sv.Version, tally); err != nil {
					b.Fatal(err)
				}
			}
			var one, five []time.Duration
			for b.Loop() {
				start := time.Now()
				for _, by := range breakdowns {
					t0 := time.Now()
					sum := readSummary(b, db, sv, by)
					one = append(one, time.Since(t0))
					if sum.Responses == nil || *sum.Responses != int64(n) || len(sum.Groups) == 0 {
						b.Fatalf("summary by %s: %v responses, %d groups", by, sum.Responses, len(sum.Groups))
					}
				}
				five = append(five, time.Since(start))
			}
			b.ReportMetric(median(one).Seconds()*1000, "p50-ms/summary")
			b.ReportMetric(median(five).Seconds()*1000, "p50-ms/five")
		})
	}
}

// readSummary is what the API does for ?by=: read the groups' counters, then suppress.
func readSummary(tb testing.TB, db *mongo.DB, sv *survey.Survey, by string) *findings.Summary {
	groups, ok := sv.BreakdownGroups(by)
	if !ok {
		groups = sv.LanguageCodes()
	}
	counters, err := db.Counters(context.Background(), sv.Slug, sv.Version, survey.GroupKeys(by, groups))
	if err != nil {
		tb.Fatal(err)
	}
	return findings.Summarize(sv, counters, "en", by, groups, sv.Rules(), benchLabels{})
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}
