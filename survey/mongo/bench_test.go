package mongo_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/mongo/mongotest"
)

// BenchmarkSaveResponse saves from 256 concurrent goroutines, as a crowd of phones would, through
// the group-commit writer, counters included.
func BenchmarkSaveResponse(b *testing.B) {
	db := mongotest.Open(b)
	ctx := context.Background()
	var n atomic.Int64
	var wg sync.WaitGroup
	work := make(chan struct{})
	b.ResetTimer()
	for range 256 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range work {
				r := response(fmt.Sprint("B", n.Add(1)))
				r.Groups = []string{"area=tooting", "age=age_14_15", "safe_home=yes", "_lang=en", "_setting=school", "_area=Tooting", "_channel=K7P3QX"}
				if _, err := db.SaveResponse(ctx, r); err != nil {
					b.Error(err)
				}
			}
		}()
	}
	for range b.N {
		work <- struct{}{}
	}
	close(work)
	wg.Wait()
	if err := db.Settle(ctx); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "saves/s")
	_ = survey.GroupAll
}
