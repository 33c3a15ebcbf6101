package mongo_test

import (
	"context"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/mongo"
	"github.com/safeguarding/safetysurvey/survey/mongo/mongotest"
)

// TestPurgeRecord reads the raw purge record: the survey, its closing date, the day of deletion
// and whether it finished, nothing else; a deletion cut short is done again.
func TestPurgeRecord(t *testing.T) {
	name := mongotest.DatabaseName(t)
	ctx := context.Background()
	db, err := mongo.Open(ctx, mongotest.URI(), name, mongotest.Logger())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(ctx)
	if _, found, err := db.LastPurge(ctx, "s1"); found || err != nil {
		t.Fatalf("last purge before any: found=%v err=%v", found, err)
	}
	// As a purge stopped between its first record and the deletion would have left it.
	_, err = rawDatabase(t, name).Collection("purges").InsertOne(ctx, bson.D{
		{Key: "_id", Value: "s1"}, {Key: "closes", Value: "2025-03-31"}, {Key: "on", Value: "2026-11-23"}, {Key: "finished", Value: false}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveResponse(ctx, response("R1")); err != nil {
		t.Fatal(err)
	}
	if err := db.Settle(ctx); err != nil {
		t.Fatal(err)
	}
	s1 := &survey.Survey{Slug: "s1", Version: 1, Closes: "2025-03-31"}
	results, err := survey.PurgeExpired(ctx, db, []*survey.Survey{s1}, time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC), time.Hour, false)
	if err != nil {
		t.Fatal(err)
	}
	if r := results[0]; r.Action != survey.Deleted || r.Responses != 1 {
		t.Errorf("purge after one cut short: %s %d, want %s 1", r.Action, r.Responses, survey.Deleted)
	}
	got := rawDocument(t, name, "purges", "s1")
	want := bson.D{{Key: "_id", Value: "s1"}, {Key: "closes", Value: "2025-03-31"}, {Key: "on", Value: "2026-11-24"}, {Key: "finished", Value: true}}
	if len(got) != len(want) {
		t.Fatalf("purge record %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("purge record field %d = %v, want %v", i, got[i], want[i])
		}
	}
}
