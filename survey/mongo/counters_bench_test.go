package mongo_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/mongo"
	"github.com/safeguarding/safetysurvey/survey/mongo/mongotest"
)

// BenchmarkCountersBytes measures what counting writes to the store per submission, deltas and
// compactions included, for surveys with 10, 300 and 25,000 channels counted by 1, 2 and 4
// processes: it must stay small and flat, however many posters a survey has and however many
// pods run. Each survey starts with every channel counted once, so its base is full size.
func BenchmarkCountersBytes(b *testing.B) {
	for _, channels := range []int{10, 300, 25000} {
		for _, processes := range []int{1, 2, 4} {
			b.Run(fmt.Sprintf("channels=%d/processes=%d", channels, processes), func(b *testing.B) {
				benchmarkCountersBytes(b, channels, processes)
			})
		}
	}
}

func benchmarkCountersBytes(b *testing.B, channels, processes int) {
	ctx := context.Background()
	name := mongotest.DatabaseName(b)
	dbs := make([]*mongo.DB, processes)
	for i := range dbs {
		db, err := mongo.Open(ctx, mongotest.URI(), name, mongotest.Logger())
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { _ = db.Close(ctx) })
		dbs[i] = db
	}
	// The first process holds the housekeeping lease, so it is the one that compacts.
	if held, err := dbs[0].HoldLease(ctx, mongo.Housekeeping); err != nil || !held {
		b.Fatalf("the first process did not get the housekeeping lease: %v", err)
	}
	code := func(i int) string { return fmt.Sprintf("C%06d", i%channels) }
	seed := survey.Tally{}
	for i := range channels {
		r := response(fmt.Sprint("seed", i))
		r.Groups = []string{"safe_home=no", "_lang=pl", "_setting=school", "_area=Tooting", "_channel=" + code(i)}
		seed.Add(r)
	}
	if err := dbs[0].ReplaceCounters(ctx, "s1", 1, seed); err != nil {
		b.Fatal(err)
	}
	before := int64(0)
	for _, db := range dbs {
		before += mongo.CountersBytesWritten(db)
	}
	var n atomic.Int64
	var wg sync.WaitGroup
	work := make(chan struct{})
	b.ResetTimer()
	for g := range 64 {
		wg.Go(func() {
			for range work {
				i := int(n.Add(1))
				r := response(fmt.Sprint("B", i))
				r.Groups = []string{"safe_home=no", "_lang=pl", "_setting=school", "_area=Tooting", "_channel=" + code(i*7919)}
				if _, err := dbs[g%processes].SaveResponse(ctx, r); err != nil {
					b.Error(err)
				}
			}
		})
	}
	for range b.N {
		work <- struct{}{}
	}
	close(work)
	wg.Wait()
	written := -before
	for _, db := range dbs {
		if err := db.Settle(ctx); err != nil {
			b.Fatal(err)
		}
		written += mongo.CountersBytesWritten(db)
	}
	b.StopTimer()
	stored, err := dbs[0].StoredCounters(ctx, "s1", 1)
	if err != nil {
		b.Fatal(err)
	}
	if got, want := stored[survey.GroupAll].N, int64(channels+b.N); got != want {
		b.Fatalf("counted %d, want %d", got, want)
	}
	b.ReportMetric(float64(written)/float64(b.N), "counterB/submission")
}
