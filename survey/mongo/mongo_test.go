package mongo_test

import (
	"context"
	"errors"
	"fmt"
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
		got, err := db.Response(ctx, "s1", "R1")
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
		got, _ := db.Response(ctx, "s1", "R1")
		if got.Lang != "pl" {
			t.Errorf("duplicate overwrote the stored response: lang %s", got.Lang)
		}
		if err := db.Settle(ctx); err != nil {
			t.Fatal(err)
		}
		if c, _ := db.Counts(ctx, "s1", 1); c.Responses != 1 {
			t.Errorf("count = %d, want 1", c.Responses)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		// A stored id under another survey is not found: every lookup by id carries the survey.
		for _, tc := range []struct{ slug, id string }{{"s1", "nope"}, {"other", "R1"}} {
			if _, err := db.Response(ctx, tc.slug, tc.id); survey.ErrorCode(err) != survey.ENOTFOUND {
				t.Errorf("Response(%s, %s): code %q, want %q", tc.slug, tc.id, survey.ErrorCode(err), survey.ENOTFOUND)
			}
		}
	})
	t.Run("OKFingerprint", func(t *testing.T) {
		r := response("R3")
		r.Fingerprint = "fp-of-R3"
		if _, err := db.SaveResponse(ctx, r); err != nil {
			t.Fatal(err)
		}
		if got, err := db.Fingerprint(ctx, "s1", "R3"); err != nil || got != "fp-of-R3" {
			t.Errorf("Fingerprint = %q, %v; want fp-of-R3", got, err)
		}
		if got, err := db.Fingerprint(ctx, "s1", "R1"); err != nil || got != "" {
			t.Errorf("Fingerprint of a response stored without one = %q, %v; want empty", got, err)
		}
	})
	t.Run("ErrFingerprintOfAnotherSurvey", func(t *testing.T) {
		for _, tc := range []struct{ slug, id string }{{"other", "R3"}, {"s1", "nope"}} {
			if _, err := db.Fingerprint(ctx, tc.slug, tc.id); survey.ErrorCode(err) != survey.ENOTFOUND {
				t.Errorf("Fingerprint(%s, %s): code %q, want %q", tc.slug, tc.id, survey.ErrorCode(err), survey.ENOTFOUND)
			}
		}
	})
}

// TestStoredDocumentHoldsOnlyAnswers reads the raw document: nothing but ids, language, channel,
// the date, the answers and any safeguarding flags may be stored.
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
	if err := db.Settle(ctx); err != nil {
		t.Fatal(err)
	}
	flagged := response("R2")
	flagged.Flags = []survey.Flag{{Question: "why", Reasons: []string{"hurt"}}}
	if _, err := db.SaveResponse(ctx, flagged); err != nil {
		t.Fatal(err)
	}
	fields := func(id string) []string {
		var keys []string
		for _, e := range rawDocument(t, name, "responses", id) {
			keys = append(keys, e.Key)
		}
		slices.Sort(keys)
		return keys
	}
	if got, want := fields("R1"), []string{"_id", "answers", "channel", "date", "g", "k", "lang", "survey", "version"}; !slices.Equal(got, want) {
		t.Errorf("stored fields = %v, want exactly %v", got, want)
	}
	// A flag adds the question and reasons (f) and the survey again for the flagged index (fl).
	if got, want := fields("R2"), []string{"_id", "answers", "channel", "date", "f", "fl", "g", "k", "lang", "survey", "version"}; !slices.Equal(got, want) {
		t.Errorf("stored fields of a flagged response = %v, want exactly %v", got, want)
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
	if err := db.Settle(context.Background()); err != nil {
		t.Fatal(err)
	}
	if created.Load() != 1 {
		t.Errorf("%d saves reported created, want exactly 1", created.Load())
	}
	if c, _ := db.Counts(context.Background(), "s1", 1); c.Responses != 1 {
		t.Errorf("count = %d, want 1", c.Responses)
	}
}

func TestCountersMatchRecount(t *testing.T) {
	db := mongotest.Open(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	for i := range 60 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := response(fmt.Sprint("R", i))
			r.Groups = []string{"safe_home=" + []string{"yes", "no"}[i%2], "_lang=pl"}
			if i%3 == 0 {
				r.Answers = survey.Answers{"why": {Text: "x"}}
			}
			if _, err := db.SaveResponse(ctx, r); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if err := db.Settle(ctx); err != nil {
		t.Fatal(err)
	}
	stored, err := db.StoredCounters(ctx, "s1", 1)
	if err != nil {
		t.Fatal(err)
	}
	recounted, err := db.Recount(ctx, "s1", 1)
	if err != nil {
		t.Fatal(err)
	}
	if diffs := stored.Diff(recounted); len(diffs) > 0 {
		t.Fatalf("counters differ from a recount: %v", diffs)
	}
	// With a base and a delta, read again, merging afresh each time: a merge must never add to
	// the kept base.
	if err := db.ReplaceCounters(ctx, "s1", 1, recounted); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveResponse(ctx, response("R-after-base")); err != nil {
		t.Fatal(err)
	}
	if err := db.Settle(ctx); err != nil {
		t.Fatal(err)
	}
	withDelta, err := db.Recount(ctx, "s1", 1)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if err := db.Settle(ctx); err != nil {
			t.Fatal(err)
		}
		again, err := db.StoredCounters(ctx, "s1", 1)
		if err != nil {
			t.Fatal(err)
		}
		if diffs := again.Diff(withDelta); len(diffs) > 0 {
			t.Fatalf("counters read again differ from a recount: %v", diffs)
		}
	}
	if stored[survey.GroupAll].N != 60 || stored["safe_home=no"].N != 30 || stored[survey.GroupAll].Chosen["places"]["park"] != 40 {
		t.Errorf("counters = all %d, no %d, park %d; want 60, 30, 40", stored[survey.GroupAll].N, stored["safe_home=no"].N, stored[survey.GroupAll].Chosen["places"]["park"])
	}
	counters, err := db.Counters(ctx, "s1", 1, []string{survey.GroupAll, "safe_home=yes", "nobody=here"})
	// Of the 30 in safe_home=yes, every sixth response (10) answered only "why".
	if err != nil || len(counters) != 2 || counters["safe_home=yes"].Answered["safe_home"] != 20 || counters["safe_home=yes"].Answered["why"] != 30 {
		t.Errorf("Counters = %v, %v", counters, err)
	}
	values, err := db.GroupValues(ctx, "s1", 1, "safe_home")
	if err != nil || !slices.Equal(values, []string{"no", "yes"}) {
		t.Errorf("GroupValues = %v, %v", values, err)
	}
	if err := db.ReplaceCounters(ctx, "s1", 1, survey.Tally{}); err != nil {
		t.Fatal(err)
	}
	if c, _ := db.Counts(ctx, "s1", 1); c.Responses != 0 {
		t.Errorf("after replacing with an empty tally: %d responses", c.Responses)
	}
}

// TestFinishAbandonedBatch plays a writer that died part-way: its responses are stored and journaled,
// and it may or may not have counted them. Finishing the batch must count each of its responses once.
func TestFinishAbandonedBatch(t *testing.T) {
	for _, counted := range []bool{false, true} {
		t.Run(fmt.Sprintf("CountedBeforeCrash=%v", counted), func(t *testing.T) {
			name := mongotest.DatabaseName(t)
			ctx := context.Background()
			db, err := mongo.Open(ctx, mongotest.URI(), name, mongotest.Logger())
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close(ctx)
			raw := rawDatabase(t, name)
			const batch, writer = "deadbeefdeadbeefdeadbeef", "a-writer-that-died"
			response := func(id, answer, tag string) bson.D {
				return bson.D{{Key: "_id", Value: id}, {Key: "survey", Value: "s1"}, {Key: "version", Value: 1}, {Key: "lang", Value: "en"}, {Key: "date", Value: "2026-11-24"},
					{Key: "answers", Value: bson.D{{Key: "safe_home", Value: bson.D{{Key: "c", Value: bson.A{answer}}}}}},
					{Key: "g", Value: bson.A{"safe_home=" + answer}}, {Key: "k", Value: tag}}
			}
			docs := []any{
				response("A", "no", mongo.BatchTag(batch, "A")),
				response("B", "yes", mongo.BatchTag(batch, "B")),
				// C was stored by an earlier batch (another tag) and only named again by this one.
				response("C", "yes", mongo.BatchTag("an-earlier-batch", "C")),
			}
			if _, err := raw.Collection("responses").InsertMany(ctx, docs); err != nil {
				t.Fatal(err)
			}
			if _, err := raw.Collection("batches").InsertOne(ctx, bson.D{{Key: "_id", Value: batch}, {Key: "ids", Value: bson.A{"A", "B", "C"}},
				{Key: "writer", Value: writer}, {Key: "d", Value: mongo.DeltaKey(batch)}}); err != nil {
				t.Fatal(err)
			}
			want := survey.Tally{}
			for _, id := range []string{"A", "B"} {
				r, _ := db.Response(ctx, "s1", id)
				want.Add(r)
			}
			if counted {
				// The writer had counted the batch, then died before clearing it from the journal.
				if err := mongo.CountBatch(ctx, db, batch, "A", "B"); err != nil {
					t.Fatal(err)
				}
			}
			for range 2 {
				if _, err := db.FinishAbandonedBatches(ctx, time.Minute); err != nil {
					t.Fatal(err)
				}
			}
			stored, _ := db.StoredCounters(ctx, "s1", 1)
			if diffs := stored.Diff(want); len(diffs) > 0 {
				t.Errorf("after finishing the batch: %v", diffs)
			}
			if n, _ := raw.Collection("batches").CountDocuments(ctx, bson.D{}); n != 0 {
				t.Errorf("%d batches left in the journal", n)
			}
		})
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
		translated := def("Reworded?")
		translated.Languages = append(translated.Languages, survey.Language{Code: "pl", Reviewed: true})
		translated.Title["pl"] = "Tytuł"
		translated.Questions[0].Text["pl"] = "Pytanie?"
		if err := db.RegisterDefinition(ctx, translated); err != nil {
			t.Errorf("adding a reviewed translation to an open version was refused: %v", err)
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

// rawDatabase reaches a test database with the driver directly, bypassing the adapter.
func rawDatabase(t *testing.T, database string) *driver.Database {
	t.Helper()
	client, err := driver.Connect(options.Client().ApplyURI(mongotest.URI()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Disconnect(context.Background()) })
	return client.Database(database)
}

// rawDocument reads a document with the driver directly, bypassing the adapter's types.
func rawDocument(t *testing.T, database, collection, id string) bson.D {
	t.Helper()
	var doc bson.D
	if err := rawDatabase(t, database).Collection(collection).FindOne(context.Background(), bson.D{{Key: "_id", Value: id}}).Decode(&doc); err != nil {
		t.Fatalf("read raw %s: %v", id, err)
	}
	return doc
}

// TestTwoWritersCountOnce plays two server processes sharing one store: their writers count
// their batches into the same counters at the same time, and no count may be lost or doubled.
func TestTwoWritersCountOnce(t *testing.T) {
	name := mongotest.DatabaseName(t)
	ctx := context.Background()
	var dbs []*mongo.DB
	for range 2 {
		db, err := mongo.Open(ctx, mongotest.URI(), name, mongotest.Logger())
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close(ctx)
		dbs = append(dbs, db)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 25 {
				if _, err := dbs[(g+i)%2].SaveResponse(ctx, response(fmt.Sprintf("R%d-%d", g, i))); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	for _, db := range dbs {
		if err := db.Settle(ctx); err != nil {
			t.Fatal(err)
		}
	}
	recounted, err := dbs[0].Recount(ctx, "s1", 1)
	if err != nil {
		t.Fatal(err)
	}
	if recounted[survey.GroupAll].N != 200 {
		t.Errorf("%d stored, want 200", recounted[survey.GroupAll].N)
	}
	for i, db := range dbs {
		stored, err := db.StoredCounters(ctx, "s1", 1)
		if err != nil {
			t.Fatal(err)
		}
		if diffs := stored.Diff(recounted); len(diffs) > 0 {
			t.Errorf("writer %d reads counters that differ from a recount: %v", i, diffs)
		}
	}
}

// TestOldCountersVersionsPruned counts from two processes for a while with old versions pruned
// after pruneAfter: the versions kept stop growing with the counts, and every process, one
// started afterwards and one idle for longer than it trusts what it knew included, reads counts
// equal to a recount.
func TestOldCountersVersionsPruned(t *testing.T) {
	name := mongotest.DatabaseName(t)
	ctx := context.Background()
	const pruneAfter = 400 * time.Millisecond
	open := func() *mongo.DB {
		db, err := mongo.Open(ctx, mongotest.URI(), name, mongotest.Logger())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = db.Close(ctx) })
		mongo.PruneAfter(db, pruneAfter)
		mongo.CompactFrom(db, 1) // every pass compacts, as a busy process's would
		// Both compact, as two processes may while each briefly believes it holds the lease.
		mongo.BelieveHousekeeper(db)
		return db
	}
	dbs := []*mongo.DB{open(), open()}
	client, err := driver.Connect(options.Client().ApplyURI(mongotest.URI()))
	if err != nil {
		t.Fatal(err)
	}
	defer client.Disconnect(ctx)
	// versions reads how many versions of the counters are kept, and the newest number.
	versions := func() (kept int, newest int64) {
		t.Helper()
		cur, err := client.Database(name).Collection("counters").Find(ctx, bson.D{})
		if err != nil {
			t.Fatal(err)
		}
		var docs []struct {
			N int64 `bson:"n"`
		}
		if err := cur.All(ctx, &docs); err != nil {
			t.Fatal(err)
		}
		for _, d := range docs {
			newest = max(newest, d.N)
		}
		return len(docs), newest
	}

	saved, mostKept := 0, 0
	for round := range 30 {
		var wg sync.WaitGroup
		for i := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := dbs[i%2].SaveResponse(ctx, response(fmt.Sprintf("P%d-%d", round, i))); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		saved += 4
		for _, db := range dbs {
			if err := db.Settle(ctx); err != nil {
				t.Fatal(err)
			}
		}
		kept, _ := versions()
		mostKept = max(mostKept, kept)
		time.Sleep(50 * time.Millisecond)
	}
	kept, newest := versions()
	// Each round of at least 150 ms (a save, the finisher's 100 ms gathering, a pause) stores a
	// version from each process; those of the last 2*pruneAfter at most are kept.
	if limit := 2 * int(2*pruneAfter/(150*time.Millisecond)+1); mostKept > limit || newest < int64(2*limit) {
		t.Errorf("kept at most %d versions (now %d) of %d stored, want at most %d of at least %d", mostKept, kept, newest, limit, 2*limit)
	}

	time.Sleep(pruneAfter) // longer than either process trusts what it saw
	if _, err := dbs[1].SaveResponse(ctx, response("after-idle")); err != nil {
		t.Fatal(err)
	}
	if err := dbs[1].Settle(ctx); err != nil {
		t.Fatal(err)
	}
	for i, db := range append(dbs, open()) {
		stored, err := db.StoredCounters(ctx, "s1", 1)
		if err != nil {
			t.Fatal(err)
		}
		if stored[survey.GroupAll].N != int64(saved+1) {
			t.Errorf("process %d reads %d responses, want %d", i, stored[survey.GroupAll].N, saved+1)
		}
	}
	final, err := dbs[0].Recount(ctx, "s1", 1)
	if err != nil {
		t.Fatal(err)
	}
	stored, err := dbs[1].StoredCounters(ctx, "s1", 1)
	if err != nil {
		t.Fatal(err)
	}
	if diffs := stored.Diff(final); len(diffs) > 0 {
		t.Errorf("counters differ from a recount: %v", diffs)
	}
}

// TestControlCharacterGroupCounted: a channel stored before areas were checked may hold a NUL,
// which cannot be a BSON field name. Its answers are stored and counted like any other, and saves
// keep working (a NUL area once stalled every save after the writer's queue filled).
func TestControlCharacterGroupCounted(t *testing.T) {
	db := mongotest.Open(t)
	ctx := context.Background()
	const n = 150
	for i := range n {
		r := response(fmt.Sprint("N", i))
		r.Groups = []string{"_area=North\x00East", "_setting=school"}
		if _, err := db.SaveResponse(ctx, r); err != nil {
			t.Fatalf("save %d: %v", i, err)
		}
	}
	if err := db.Settle(ctx); err != nil {
		t.Fatal(err)
	}
	stored, err := db.StoredCounters(ctx, "s1", 1)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := stored["_area=North\x00East"].N, int64(n); got != want {
		t.Errorf("NUL area counted %d, want %d", got, want)
	}
	values, err := db.GroupValues(ctx, "s1", 1, "_area")
	if err != nil || !slices.Equal(values, []string{"North\x00East"}) {
		t.Errorf("GroupValues = %q, %v", values, err)
	}
}

// TestFailingBatchSetAside: a batch the store keeps refusing to count is set aside after a few
// tries, while the writer reports itself not ready; later batches are counted meanwhile, and
// recovery counts the one set aside once the store takes it.
func TestFailingBatchSetAside(t *testing.T) {
	name := mongotest.DatabaseName(t)
	ctx := context.Background()
	errs := &recordingObserver{}
	db, err := mongo.Open(ctx, mongotest.URI(), name, mongotest.Logger(), mongo.WithObserver(errs))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(ctx)
	var refuse atomic.Bool
	refuse.Store(true)
	mongo.FailCounting(db, func(ids []string) error {
		if refuse.Load() && slices.Contains(ids, "POISON") {
			return errors.New("the store refuses this batch")
		}
		return nil
	})
	if _, err := db.SaveResponse(ctx, response("POISON")); err != nil {
		t.Fatalf("the refused batch's answer is stored and acknowledged: %v", err)
	}
	sawStalled := false
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline) && !sawStalled; time.Sleep(5 * time.Millisecond) {
		sawStalled = survey.ErrorCode(db.Ping(ctx)) == survey.EUNAVAILABLE
	}
	if !sawStalled {
		t.Error("the writer never reported itself not ready while counting was stalled")
	}
	for i := range 20 {
		if _, err := db.SaveResponse(ctx, response(fmt.Sprint("OK", i))); err != nil {
			t.Fatalf("save after the refused batch: %v", err)
		}
	}
	settle, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.Settle(settle); err != nil {
		t.Fatalf("later batches wait behind the refused one: %v", err)
	}
	if err := db.Ping(ctx); err != nil {
		t.Errorf("ready after setting the batch aside: %v", err)
	}
	if got, want := errs.count("aside"), 1; got != want {
		t.Errorf("batches set aside = %d, want %d", got, want)
	}
	if c, _ := db.Counts(ctx, "s1", 1); c.Responses != 20 {
		t.Errorf("counted %d, want the 20 later answers", c.Responses)
	}

	refuse.Store(false)
	recovery, stop := context.WithTimeout(ctx, 300*time.Millisecond)
	defer stop()
	db.RunRecovery(recovery, 50*time.Millisecond, time.Minute)
	if err := db.Settle(ctx); err != nil {
		t.Fatal(err)
	}
	stored, _ := db.StoredCounters(ctx, "s1", 1)
	recounted, _ := db.Recount(ctx, "s1", 1)
	if diffs := stored.Diff(recounted); len(diffs) > 0 || stored[survey.GroupAll].N != 21 {
		t.Errorf("after recovery: %d counted, differences from a recount %v", stored[survey.GroupAll].N, diffs)
	}
}

// recordingObserver counts store errors by operation.
type recordingObserver struct {
	mu     sync.Mutex
	errors map[string]int
}

func (o *recordingObserver) BatchWritten(int, int) {}

func (o *recordingObserver) StoreError(op string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.errors == nil {
		o.errors = map[string]int{}
	}
	o.errors[op]++
}

func (o *recordingObserver) count(op string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.errors[op]
}
