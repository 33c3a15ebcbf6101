package mongo_test

import (
	"context"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	driver "go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/mongo"
	"github.com/safeguarding/safetysurvey/survey/mongo/mongotest"
)

func TestMain(m *testing.M) {
	os.Exit(mongotest.Main(m))
}

func response(id string) *survey.Response {
	return &survey.Response{ID: id, Survey: "s1", Version: 1, Lang: "pl", Channel: "K7P3QX", Date: "2026-11-24",
		Answers: survey.Answers{"safe_home": {Choices: []string{"no"}}, "places": {Choices: []string{"park", "bus"}}, "why": {Text: "ciemno"}}}
}

func TestSaveResponse(t *testing.T) {
	db := mongotest.Open(t)
	ctx := context.Background()
	created, err := db.SaveResponse(ctx, response("R1"))
	if err != nil || !created {
		t.Fatalf("first save: created=%v err=%v", created, err)
	}
	t.Run("OKReadBack", func(t *testing.T) {
		got, err := db.Response(ctx, "R1")
		if err != nil {
			t.Fatal(err)
		}
		want := response("R1")
		if got.Survey != want.Survey || got.Lang != want.Lang || got.Channel != want.Channel || got.Date != want.Date ||
			!slices.Equal(got.Answers["places"].Choices, []string{"park", "bus"}) || got.Answers["why"].Text != "ciemno" {
			t.Errorf("read back %+v, want %+v", got, want)
		}
	})
	t.Run("OKDuplicateStoresNothing", func(t *testing.T) {
		other := response("R1")
		other.Lang = "en"
		created, err := db.SaveResponse(ctx, other)
		if err != nil || created {
			t.Fatalf("duplicate: created=%v err=%v, want false, nil", created, err)
		}
		got, _ := db.Response(ctx, "R1")
		if got.Lang != "pl" {
			t.Errorf("duplicate overwrote the stored response: lang %s", got.Lang)
		}
		if c, _ := db.Counts(ctx, "s1"); c.Responses != 1 {
			t.Errorf("count = %d, want 1", c.Responses)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		if _, err := db.Response(ctx, "nope"); survey.ErrorCode(err) != survey.ENOTFOUND {
			t.Errorf("code = %q, want %q", survey.ErrorCode(err), survey.ENOTFOUND)
		}
	})
}

// TestStoredDocumentHoldsOnlyAnswers reads the raw document: nothing but ids, language, channel,
// the date and the answers may be stored.
func TestStoredDocumentHoldsOnlyAnswers(t *testing.T) {
	name := mongotest.DatabaseName(t)
	ctx := context.Background()
	db, err := mongo.Open(ctx, mongotest.URI(), name, mongotest.Logger())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(ctx)
	if _, err := db.SaveResponse(ctx, response("R1")); err != nil {
		t.Fatal(err)
	}
	raw := rawDocument(t, name, "responses", "R1")
	var keys []string
	for _, e := range raw {
		keys = append(keys, e.Key)
	}
	slices.Sort(keys)
	if want := []string{"_id", "answers", "channel", "date", "lang", "survey", "version"}; !slices.Equal(keys, want) {
		t.Errorf("stored fields = %v, want exactly %v", keys, want)
	}
}

func TestSaveResponseConcurrentDuplicates(t *testing.T) {
	db := mongotest.Open(t)
	var created atomic.Int64
	var wg sync.WaitGroup
	for range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, err := db.SaveResponse(context.Background(), response("SAME"))
			if err != nil {
				t.Error(err)
			}
			if ok {
				created.Add(1)
			}
		}()
	}
	wg.Wait()
	if created.Load() != 1 {
		t.Errorf("%d saves reported created, want exactly 1", created.Load())
	}
	if c, _ := db.Counts(context.Background(), "s1"); c.Responses != 1 {
		t.Errorf("count = %d, want 1", c.Responses)
	}
}

func TestRecountResponses(t *testing.T) {
	db := mongotest.Open(t)
	ctx := context.Background()
	for _, id := range []string{"A", "B", "C"} {
		if _, err := db.SaveResponse(ctx, response(id)); err != nil {
			t.Fatal(err)
		}
	}
	other := response("D")
	other.Survey = "s2"
	if _, err := db.SaveResponse(ctx, other); err != nil {
		t.Fatal(err)
	}
	n, err := db.RecountResponses(ctx, "s1")
	if err != nil || n != 3 {
		t.Fatalf("recount = %d, %v; want 3", n, err)
	}
	if c, _ := db.Counts(ctx, "s1"); c.Responses != 3 {
		t.Errorf("count after recount = %d, want 3", c.Responses)
	}
	if c, _ := db.Counts(ctx, "never"); c.Responses != 0 {
		t.Errorf("count of a survey with no responses = %d, want 0", c.Responses)
	}
}

func TestRegisterDefinition(t *testing.T) {
	db := mongotest.Open(t)
	ctx := context.Background()
	def := func(question string) *survey.Survey {
		return &survey.Survey{Slug: "s1", Version: 1, Status: survey.StatusOpen, Source: "s1.yaml", DefaultLanguage: "en",
			Languages: []survey.Language{{Code: "en"}}, Title: survey.Text{"en": "T"},
			Questions: []survey.Question{{ID: "q", Type: survey.FreeText, Text: survey.Text{"en": question}}}}
	}
	if err := db.RegisterDefinition(ctx, def("Question?")); err != nil {
		t.Fatalf("first registration: %v", err)
	}
	t.Run("OKSameAgain", func(t *testing.T) {
		if err := db.RegisterDefinition(ctx, def("Question?")); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("OKStatusMayChange", func(t *testing.T) {
		s := def("Question?")
		s.Status, s.Closes = survey.StatusClosed, "2027-01-01"
		if err := db.RegisterDefinition(ctx, s); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("OKChangeBeforeAnswers", func(t *testing.T) {
		if err := db.RegisterDefinition(ctx, def("Reworded?")); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ErrChangeAfterAnswers", func(t *testing.T) {
		if _, err := db.SaveResponse(ctx, &survey.Response{ID: "X", Survey: "s1", Version: 1, Lang: "en", Date: "2026-11-24", Answers: survey.Answers{"q": {Text: "a"}}}); err != nil {
			t.Fatal(err)
		}
		err := db.RegisterDefinition(ctx, def("Changed again?"))
		if survey.ErrorCode(err) != survey.ECONFLICT {
			t.Fatalf("code = %q (%v), want %q", survey.ErrorCode(err), err, survey.ECONFLICT)
		}
		next := def("Changed again?")
		next.Version = 2
		if err := db.RegisterDefinition(ctx, next); err != nil {
			t.Errorf("a new version should register: %v", err)
		}
	})
}

func TestOpenIsIdempotent(t *testing.T) {
	name := mongotest.DatabaseName(t)
	ctx := context.Background()
	for i := range 2 {
		db, err := mongo.Open(ctx, mongotest.URI(), name, mongotest.Logger())
		if err != nil {
			t.Fatalf("open %d: %v", i, err)
		}
		if err := db.Ping(ctx); err != nil {
			t.Fatalf("ping: %v", err)
		}
		db.Close(ctx)
	}
}

func TestUnreachableStoreIsUnavailable(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := mongo.Open(ctx, "mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=300&connectTimeoutMS=300", "x", mongotest.Logger())
	if survey.ErrorCode(err) != survey.EUNAVAILABLE {
		t.Errorf("code = %q (%v), want %q", survey.ErrorCode(err), err, survey.EUNAVAILABLE)
	}
}

// rawDocument reads a document with the driver directly, bypassing the adapter's types.
func rawDocument(t *testing.T, database, collection, id string) bson.D {
	t.Helper()
	client, err := driver.Connect(options.Client().ApplyURI(mongotest.URI()))
	if err != nil {
		t.Fatal(err)
	}
	defer client.Disconnect(context.Background())
	var doc bson.D
	if err := client.Database(database).Collection(collection).FindOne(context.Background(), bson.D{{Key: "_id", Value: id}}).Decode(&doc); err != nil {
		t.Fatalf("read raw %s: %v", id, err)
	}
	return doc
}
