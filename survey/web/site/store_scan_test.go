package site_test

import (
	"context"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	driver "go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/safeguarding/safetysurvey/survey/mongo/mongotest"
)

// rawStore is the test app's database through the driver, for tests that look at what is
// stored whatever the adapter's methods show.
func (ta *testApp) rawStore(t testing.TB) *driver.Database {
	t.Helper()
	client, err := driver.Connect(options.Client().ApplyURI(mongotest.URI()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Disconnect(context.Background()) })
	return client.Database(ta.dbName)
}

// storedCount is how many documents collection holds.
func (ta *testApp) storedCount(t testing.TB, collection string) int64 {
	t.Helper()
	n, err := ta.rawStore(t).Collection(collection).CountDocuments(context.Background(), bson.D{})
	if err != nil {
		t.Fatal(err)
	}
	return n
}
