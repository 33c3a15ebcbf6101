package mongo_test

import (
	"context"
	"fmt"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/safeguarding/safetysurvey/survey/mongo"
	"github.com/safeguarding/safetysurvey/survey/mongo/mongotest"
)

// TestCompactionUnderLease plays two processes on one store: only the one holding the
// housekeeping lease folds counters deltas into a base, its own and the other's, and both read
// counts equal to a recount throughout.
func TestCompactionUnderLease(t *testing.T) {
	ctx := context.Background()
	name := mongotest.DatabaseName(t)
	open := func() *mongo.DB {
		db := openProcess(t, name)
		mongo.CompactFrom(db, 1) // every pass would compact, were it allowed to
		return db
	}
	holder, other := open(), open()
	for _, tc := range []struct {
		db   *mongo.DB
		want bool
	}{{holder, true}, {other, false}} {
		if held, err := tc.db.HoldLease(ctx, mongo.Housekeeping); err != nil || held != tc.want {
			t.Fatalf("HoldLease = %v, %v; want %v", held, err, tc.want)
		}
	}
	raw := rawDatabase(t, name)
	count := func(coll string) int64 {
		t.Helper()
		n, err := raw.Collection(coll).CountDocuments(ctx, bson.D{})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	save := func(db *mongo.DB, prefix string, n int) {
		t.Helper()
		for i := range n { // one pass each: a pass folds only batches that have left the journal
			if _, err := db.SaveResponse(ctx, response(fmt.Sprintf("%s%d", prefix, i))); err != nil {
				t.Fatal(err)
			}
			if err := db.Settle(ctx); err != nil {
				t.Fatal(err)
			}
		}
	}
	agree := func(stage string) {
		t.Helper()
		recounted, err := holder.Recount(ctx, "s1", 1)
		if err != nil {
			t.Fatal(err)
		}
		for i, db := range []*mongo.DB{holder, other} {
			if err := db.Settle(ctx); err != nil { // and forget what it read less than a second ago
				t.Fatal(err)
			}
			stored, err := db.StoredCounters(ctx, "s1", 1)
			if err != nil {
				t.Fatal(err)
			}
			if diffs := stored.Diff(recounted); len(diffs) > 0 {
				t.Errorf("%s: process %d reads counters that differ from a recount: %v", stage, i, diffs)
			}
		}
	}

	save(other, "O", 10)
	if err := mongo.CompactCounters(other, ctx); err != nil {
		t.Fatal(err)
	}
	if n := count("counters"); n != 0 {
		t.Errorf("%d counters bases after the process without the lease counted and compacted, want 0", n)
	}
	if n := count("counterdeltas"); n == 0 {
		t.Error("no deltas stored by the process without the lease")
	}
	agree("deltas only")

	if err := mongo.CompactCounters(holder, ctx); err != nil {
		t.Fatal(err)
	}
	if bases, deltas := count("counters"), count("counterdeltas"); bases != 1 || deltas != 0 {
		t.Errorf("after the holder's housekeeping: %d bases and %d deltas, want 1 and 0", bases, deltas)
	}
	agree("compacted by the holder")

	save(holder, "H", 12) // the holder's own passes compact as they count, once the deltas are as large as the base
	// A newer base, the one before kept stripped for a while; each pass folds the deltas of
	// batches that have left the journal, so the last pass's own delta may wait for the next.
	if bases, deltas := count("counters"), count("counterdeltas"); bases < 2 || deltas >= 6 {
		t.Errorf("after the holder's own 12 passes: %d bases and %d deltas, want a newer base and fewer than 6", bases, deltas)
	}
	agree("holder counted")
	if got, err := holder.Counts(ctx, "s1", 1); err != nil || got.Responses != 22 {
		t.Errorf("Counts = %+v, %v; want 22 responses", got, err)
	}
}
