package mongo_test

import (
	"context"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	driver "go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/mongo"
	"github.com/safeguarding/safetysurvey/survey/mongo/mongotest"
)

// TestIndexesInBackground opens a store whose indexes cannot be built yet (an operator's index
// holds one's name with other keys): Open returns at once, saves are taken, readiness fails
// with EUNAVAILABLE while the build keeps being tried, and once the conflict is gone the
// indexes are built and readiness passes.
func TestIndexesInBackground(t *testing.T) {
	ctx := context.Background()
	name := mongotest.DatabaseName(t)
	raw := rawDatabase(t, name)
	conflict := driver.IndexModel{Keys: bson.D{{Key: "survey", Value: -1}}, Options: options.Index().SetName("survey_version")}
	if _, err := raw.Collection("responses").Indexes().CreateOne(ctx, conflict); err != nil {
		t.Fatal(err)
	}
	db, err := mongo.Open(ctx, mongotest.URI(), name, mongotest.Logger(), mongo.WithIndexesInBackground())
	if err != nil {
		t.Fatalf("Open with an index it cannot build yet: %v", err)
	}
	defer db.Close(ctx)
	if _, err := db.SaveResponse(ctx, response("R1")); err != nil {
		t.Errorf("save while the indexes are built: %v", err)
	}
	time.Sleep(400 * time.Millisecond) // a few tries
	if err := db.Ping(ctx); survey.ErrorCode(err) != survey.EUNAVAILABLE {
		t.Errorf("Ping while the indexes cannot be built: %v, want %s", err, survey.EUNAVAILABLE)
	}
	if err := raw.Collection("responses").Indexes().DropOne(ctx, "survey_version"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for db.Ping(ctx) != nil {
		if time.Now().After(deadline) {
			t.Fatalf("still not ready 10 s after the conflict went: %v", db.Ping(ctx))
		}
		time.Sleep(50 * time.Millisecond)
	}
	for _, index := range []string{"survey_version", "survey_version_id", "flagged_date"} {
		if !hasIndex(t, raw.Collection("responses"), index) {
			t.Errorf("ready without index %s", index)
		}
	}
}

// hasIndex reports whether coll has an index named name.
func hasIndex(t *testing.T, coll *driver.Collection, name string) bool {
	t.Helper()
	names, err := coll.Indexes().ListSpecifications(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, spec := range names {
		if spec.Name == name {
			return true
		}
	}
	return false
}
