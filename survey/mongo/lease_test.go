package mongo_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/safeguarding/safetysurvey/survey/mongo"
	"github.com/safeguarding/safetysurvey/survey/mongo/mongotest"
)

// TestHousekeepingLease: one process at a time holds the housekeeping lease and keeps it by
// renewing; when it stops renewing, another takes over once the lease has run out.
func TestHousekeepingLease(t *testing.T) {
	ctx := context.Background()
	name := mongotest.DatabaseName(t)
	var clock atomic.Int64
	clock.Store(time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC).Unix())
	now := func() time.Time { return time.Unix(clock.Load(), 0) }
	open := func() *mongo.DB {
		db, err := mongo.Open(ctx, mongotest.URI(), name, mongotest.Logger(), mongo.WithClock(now))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = db.Close(ctx) })
		return db
	}
	a, b := open(), open()
	hold := func(db *mongo.DB) bool {
		t.Helper()
		held, err := db.HoldLease(ctx, mongo.Housekeeping)
		if err != nil {
			t.Fatal(err)
		}
		return held
	}
	if !hold(a) {
		t.Fatal("the first process did not get the free lease")
	}
	if hold(b) {
		t.Error("a second process got the lease while the first held it")
	}
	clock.Add(120) // within the lease; a renews it
	if !hold(a) || hold(b) {
		t.Error("the holder lost its lease by renewing it")
	}
	clock.Add(150) // a's renewal lasts three minutes: still held
	if hold(b) {
		t.Error("taken over before the renewed lease ran out")
	}
	clock.Add(60)
	if !hold(b) {
		t.Error("no takeover after the holder stopped renewing")
	}
	if hold(a) {
		t.Error("the old holder still holds the lease after the takeover")
	}
}
