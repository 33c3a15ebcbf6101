package mongo_test

import (
	"context"
	"testing"

	"github.com/safeguarding/safetysurvey/survey/mongo"
	"github.com/safeguarding/safetysurvey/survey/mongo/mongotest"
)

// openProcess opens database name as one more server process would, closed when the test ends.
func openProcess(t testing.TB, name string, opts ...mongo.Option) *mongo.DB {
	t.Helper()
	db, err := mongo.Open(context.Background(), mongotest.URI(), name, mongotest.Logger(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close(context.Background()) })
	return db
}
