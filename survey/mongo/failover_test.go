package mongo_test

import (
	"context"
	"flag"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/mongo"
	"github.com/safeguarding/safetysurvey/survey/mongo/mongotest"
)

// failoverSubmissions is how many submissions TestFailover sends. The suite sends a few hundred,
// enough for every fault to bite many times; `go test ./survey/mongo -run TestFailover
// -failover-submissions 2000` is the thousands the store was measured with (docs/production.md).
var failoverSubmissions = flag.Int("failover-submissions", 400, "submissions TestFailover sends through the faulty proxy")

// TestFailover sends submissions through a proxy that cuts connections after a
// request reached the store and before its reply, delays replies and refuses new connections, as
// a replica set failing over does. Phones retry a 503 with the same key. Every answer is
// acknowledged in the end, none is lost, none is counted twice: the counters equal a recount.
func TestFailover(t *testing.T) {
	const phones = 32
	submissions := int64(*failoverSubmissions)
	ctx := context.Background()
	name := mongotest.DatabaseName(t)
	proxy := mongotest.NewProxy(t)
	db, err := mongo.Open(ctx, proxy.URI(), name, mongotest.Logger())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(ctx)

	faults := []func(){
		func() { proxy.CutEvery(5) },
		func() { proxy.Delay(30 * time.Millisecond) },
		func() { proxy.Refuse(true); proxy.CutEvery(3) },
		func() { proxy.CutEvery(2); proxy.Delay(10 * time.Millisecond) },
	}
	stop := make(chan struct{})
	var injecting sync.WaitGroup
	injecting.Go(func() {
		for i := 0; ; i++ {
			faults[i%len(faults)]()
			select {
			case <-stop:
				proxy.Heal()
				return
			case <-time.After(150 * time.Millisecond):
			}
			proxy.Heal()
			select {
			case <-stop:
				return
			case <-time.After(150 * time.Millisecond):
			}
		}
	})

	var next, retries atomic.Int64
	var phonesDone sync.WaitGroup
	for range phones {
		phonesDone.Go(func() {
			for {
				i := next.Add(1)
				if i > submissions {
					return
				}
				r := response(fmt.Sprint("F", i))
				r.Groups = []string{"safe_home=" + []string{"yes", "no"}[i%2], "_lang=pl"}
				for try := 0; ; try++ {
					_, err := db.SaveResponse(ctx, r)
					if err == nil {
						break
					}
					if code := survey.ErrorCode(err); code != survey.EUNAVAILABLE || try == 200 {
						t.Errorf("save %s: %v (code %s, try %d), want 503 to retry then success", r.ID, err, code, try)
						return
					}
					retries.Add(1)
					time.Sleep(20 * time.Millisecond)
				}
			}
		})
	}
	phonesDone.Wait()
	close(stop)
	injecting.Wait()
	if proxy.Cuts() == 0 || retries.Load() == 0 {
		t.Errorf("%d replies cut, %d retries: the faults never bit", proxy.Cuts(), retries.Load())
	}

	settle, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	if err := db.Settle(settle); err != nil {
		t.Fatal(err)
	}
	recovery, stopRecovery := context.WithTimeout(ctx, 500*time.Millisecond)
	defer stopRecovery()
	db.RunRecovery(recovery, 100*time.Millisecond, time.Minute)

	direct, err := mongo.Open(ctx, mongotest.URI(), name, mongotest.Logger())
	if err != nil {
		t.Fatal(err)
	}
	defer direct.Close(ctx)
	recounted, err := direct.Recount(ctx, "s1", 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := recounted[survey.GroupAll].N; got != submissions {
		t.Errorf("%d answers stored, want every one of the %d acknowledged", got, submissions)
	}
	stored, err := direct.StoredCounters(ctx, "s1", 1)
	if err != nil {
		t.Fatal(err)
	}
	if diffs := stored.Diff(recounted); len(diffs) > 0 {
		t.Errorf("counters differ from a recount (%d counted of %d): %v", stored[survey.GroupAll].N, recounted[survey.GroupAll].N, diffs)
	}
	t.Logf("%d replies cut, %d phone retries", proxy.Cuts(), retries.Load())
}
