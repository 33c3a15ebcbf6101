package mongo_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/mongo"
	"github.com/safeguarding/safetysurvey/survey/mongo/mongotest"
)

// saveFlagged stores responses of survey slug with the given ids, each with its answer to why
// flagged, and returns the answers' ids.
func saveFlagged(t testing.TB, db *mongo.DB, slug string, ids ...string) []string {
	t.Helper()
	var answers []string
	for _, id := range ids {
		r := response(id)
		r.Survey, r.Flags = slug, []survey.Flag{{Question: "why", Reasons: []string{"hurt"}}}
		if _, err := db.SaveResponse(context.Background(), r); err != nil {
			t.Fatal(err)
		}
		answers = append(answers, survey.AnswerID(id, "why"))
	}
	if err := db.Settle(context.Background()); err != nil { // counted, so queued
		t.Fatal(err)
	}
	return answers
}

// TestFlagQueueBackfill: answers flagged before the queue existed (counting queues them now) are
// queued the first time a process looks, with the reviews recorded of them.
func TestFlagQueueBackfill(t *testing.T) {
	ctx := context.Background()
	name := mongotest.DatabaseName(t)
	old := openProcess(t, name)
	answers := saveFlagged(t, old, "s1", "R1", "R2", "R3")
	// As stored before the queue: nothing queued, one answer reviewed.
	if _, err := rawDatabase(t, name).Collection("flag_queue").DeleteMany(ctx, bson.D{}); err != nil {
		t.Fatal(err)
	}
	if err := mongo.SaveOldFlagReview(ctx, old, "s1", answers[1]); err != nil {
		t.Fatal(err)
	}
	db := openProcess(t, name) // a process started after the upgrade
	n, err := db.UnreviewedFlags(ctx, "s1")
	if err != nil || n != 2 {
		t.Errorf("UnreviewedFlags = %d, %v; want 2", n, err)
	}
	reviewed, err := db.FlagQueue(ctx, "s1", true, 0, 10)
	if err != nil || len(reviewed) != 1 || reviewed[0].ID != answers[1] {
		t.Errorf("reviewed = %+v, %v; want the answer reviewed before the queue", reviewed, err)
	}
}

// TestFlagQueueLooksAgain: an answer flagged and stored by a process that does not queue (one of
// the previous release, during a rolling update) reaches the lead's queue within a minute of
// this process's first look, not only when it restarts.
func TestFlagQueueLooksAgain(t *testing.T) {
	ctx := context.Background()
	name := mongotest.DatabaseName(t)
	var clock atomic.Int64                                             // the writer's goroutines read it too
	clock.Store(time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC).Unix()) // the day response() is stored on
	db := openProcess(t, name, mongo.WithClock(func() time.Time { return time.Unix(clock.Load(), 0) }))
	saveFlagged(t, db, "s1", "R1")
	if n, err := db.UnreviewedFlags(ctx, "s1"); err != nil || n != 1 {
		t.Fatalf("UnreviewedFlags = %d, %v; want 1", n, err)
	}
	old := openProcess(t, name)
	saveFlagged(t, old, "s1", "R2")
	// As an old process leaves it: stored and flagged, not queued.
	if _, err := rawDatabase(t, name).Collection("flag_queue").DeleteOne(ctx, bson.D{{Key: "rid", Value: "R2"}}); err != nil {
		t.Fatal(err)
	}
	clock.Add(int64((2 * time.Minute).Seconds()))
	if n, err := db.UnreviewedFlags(ctx, "s1"); err != nil || n != 2 {
		t.Errorf("UnreviewedFlags = %d, %v; want 2: the answer nobody queued looked for again", n, err)
	}
}

// BenchmarkTriageRead times one view of the safeguarding lead's queue (its open count for the
// staff home and the gauge, the first page, and the patterns) with 25 answers open and more and
// more reviewed: the count and the page read the queue's index and stay flat; the patterns count
// every flagged answer's small queue document.
func BenchmarkTriageRead(b *testing.B) {
	for _, reviewed := range []int{100, 400} {
		b.Run(fmt.Sprintf("reviewed=%d", reviewed), func(b *testing.B) {
			db := mongotest.Open(b)
			ctx := context.Background()
			ids := make([]string, 25+reviewed)
			for i := range ids {
				ids[i] = fmt.Sprintf("T%05d", i)
			}
			answers := saveFlagged(b, db, "s1", ids...)
			for _, a := range answers[25:] {
				if err := db.SaveFlagState(ctx, "s1", a, survey.FlagState{Reviewed: true}); err != nil {
					b.Fatal(err)
				}
			}
			var count, page, patterns time.Duration
			b.ResetTimer()
			for range b.N {
				start := time.Now()
				if n, err := db.UnreviewedFlags(ctx, "s1"); err != nil || n != 25 {
					b.Fatalf("%d open, %v", n, err)
				}
				count += time.Since(start)
				start = time.Now()
				if texts, err := db.FlagQueue(ctx, "s1", false, 0, survey.FlagPageSize); err != nil || len(texts) != 25 {
					b.Fatalf("%d on the page, %v", len(texts), err)
				}
				page += time.Since(start)
				start = time.Now()
				if p, err := db.FlagPatterns(ctx, "s1"); err != nil || p.Reviewed != reviewed {
					b.Fatalf("%+v, %v", p, err)
				}
				patterns += time.Since(start)
			}
			b.ReportMetric(float64(count.Microseconds())/float64(b.N), "count-µs")
			b.ReportMetric(float64(page.Microseconds())/float64(b.N), "page-µs")
			b.ReportMetric(float64(patterns.Microseconds())/float64(b.N), "patterns-µs")
		})
	}
}

// TestTriageReadsOnlyThePage: what the open count and a page of the queue bring back from the
// store (the bytes of the replies, counted by a proxy) stays the same when four times as many
// answers have been reviewed: the service no longer reads every flagged answer to show 25.
func TestTriageReadsOnlyThePage(t *testing.T) {
	ctx := context.Background()
	proxy := mongotest.NewProxy(t)
	name := mongotest.DatabaseName(t)
	db := openProcess(t, name)
	through, err := mongo.Open(ctx, proxy.URI(), name, mongotest.Logger())
	if err != nil {
		t.Fatal(err)
	}
	defer through.Close(ctx)
	var viewOnce func() int64
	review := func(from, to int) {
		t.Helper()
		var ids []string
		for i := from; i < to; i++ {
			ids = append(ids, fmt.Sprintf("T%05d", i))
		}
		for i, a := range saveFlagged(t, db, "s1", ids...) {
			if from+i >= 25 { // the first 25 stay open
				if err := db.SaveFlagState(ctx, "s1", a, survey.FlagState{Reviewed: true}); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	// The least of three views: the driver's monitoring of the server may reply during one.
	view := func() int64 {
		t.Helper()
		least := int64(-1)
		for range 3 {
			if n := viewOnce(); least < 0 || n < least {
				least = n
			}
		}
		return least
	}
	viewOnce = func() int64 {
		t.Helper()
		before := proxy.ReplyBytes()
		if n, err := through.UnreviewedFlags(ctx, "s1"); err != nil || n != 25 {
			t.Fatalf("%d open, %v; want 25", n, err)
		}
		texts, err := through.FlagQueue(ctx, "s1", false, 0, survey.FlagPageSize)
		if err != nil || len(texts) != 25 {
			t.Fatalf("%d on the page, %v; want 25", len(texts), err)
		}
		for _, text := range texts {
			if text.Text != "ciemno" || text.State.Reviewed {
				t.Fatalf("on the open page: %+v", text)
			}
		}
		return proxy.ReplyBytes() - before
	}
	review(0, 25+50)
	few := view()
	review(25+50, 25+250)
	many := view()
	if many > few+few/20 {
		t.Errorf("a view read %d bytes with 50 reviewed and %d with 250: it grows with the reviewed answers", few, many)
	}
	t.Logf("a view read %d bytes with 50 reviewed, %d with 250", few, many)
}
