package mongo_test

import (
	"context"
	"maps"
	"slices"
	"sync"
	"testing"
	"time"
	"unsafe"

	"go.mongodb.org/mongo-driver/v2/bson"
	driver "go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/mongo"
	"github.com/safeguarding/safetysurvey/survey/mongo/mongotest"
)

func TestChannels(t *testing.T) {
	name := mongotest.DatabaseName(t)
	ctx := context.Background()
	db, err := mongo.Open(ctx, mongotest.URI(), name, mongotest.Logger())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(ctx)
	school := &survey.Channel{Code: "K7P3QX", Survey: "s1", Name: "Southfields Academy", Setting: survey.SettingSchool, Area: "Southfields", Closes: "2027-03-31"}
	for _, ch := range []*survey.Channel{
		school,
		{Code: "ABCD23", Survey: "s1", Name: "balham youth club", Setting: survey.SettingYouthClub},
		{Code: "ZZZZ99", Survey: "s2", Name: "Another survey's poster", Setting: survey.SettingOther},
	} {
		if err := db.CreateChannel(ctx, ch); err != nil {
			t.Fatalf("create %s: %v", ch.Code, err)
		}
	}

	t.Run("OKReadBack", func(t *testing.T) {
		got, err := db.Channel(ctx, "K7P3QX")
		if err != nil {
			t.Fatal(err)
		}
		if *got != *school {
			t.Errorf("read back %+v, want %+v", got, school)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		if _, err := db.Channel(ctx, "NQPE22"); survey.ErrorCode(err) != survey.ENOTFOUND {
			t.Errorf("code = %q, want %q", survey.ErrorCode(err), survey.ENOTFOUND)
		}
	})
	t.Run("ErrConflict", func(t *testing.T) {
		err := db.CreateChannel(ctx, &survey.Channel{Code: "K7P3QX", Survey: "s1", Name: "Twin", Setting: survey.SettingOther})
		if survey.ErrorCode(err) != survey.ECONFLICT {
			t.Errorf("code = %q, want %q", survey.ErrorCode(err), survey.ECONFLICT)
		}
	})
	t.Run("OKListBySurveyAndName", func(t *testing.T) {
		list, err := db.Channels(ctx, "s1")
		if err != nil {
			t.Fatal(err)
		}
		var codes []string
		for _, ch := range list {
			codes = append(codes, ch.Code)
		}
		if want := []string{"ABCD23", "K7P3QX"}; !slices.Equal(codes, want) {
			t.Errorf("channels of s1 = %v, want %v (by name, ignoring case)", codes, want)
		}
	})
	t.Run("OKCountOpen", func(t *testing.T) {
		var wg sync.WaitGroup
		for range 10 {
			wg.Go(func() {
				if err := db.CountOpen(ctx, "K7P3QX"); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if err := db.CountOpen(ctx, "NQPE22"); err != nil {
			t.Errorf("counting an unknown code: %v, want no error and nothing stored", err)
		}
		opened, err := db.Opened(ctx, "s1")
		if err != nil {
			t.Fatal(err)
		}
		if want := map[string]int64{"K7P3QX": 10, "ABCD23": 0}; !maps.Equal(opened, want) {
			t.Errorf("opened = %v, want %v", opened, want)
		}
	})
	t.Run("OKStoredDocumentHoldsNoTimes", func(t *testing.T) {
		var keys []string
		for _, e := range rawDocument(t, name, "channels", "K7P3QX") {
			keys = append(keys, e.Key)
		}
		slices.Sort(keys)
		if want := []string{"_id", "area", "closes", "name", "opened", "setting", "survey"}; !slices.Equal(keys, want) {
			t.Errorf("stored fields = %v, want exactly %v", keys, want)
		}
	})
	t.Run("OKReopenKeepsIndexes", func(t *testing.T) {
		again, err := mongo.Open(ctx, mongotest.URI(), name, mongotest.Logger())
		if err != nil {
			t.Fatalf("second open of the same database: %v", err)
		}
		_ = again.Close(ctx)
	})
}

// TestChannelLookupsKept runs two processes on one store: each trusts a channel it read (or found
// missing) for ChannelsFreshFor, so it sees another's new channel, and a channel closed in the
// store stops taking answers, within that time; a process sees its own new channel at once.
func TestChannelLookupsKept(t *testing.T) {
	name := mongotest.DatabaseName(t)
	ctx := context.Background()
	open := func() *mongo.DB {
		db, err := mongo.Open(ctx, mongotest.URI(), name, mongotest.Logger())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = db.Close(ctx) })
		return db
	}
	a, b := open(), open()
	const code = "NEWC23"
	if _, err := b.Channel(ctx, code); survey.ErrorCode(err) != survey.ENOTFOUND {
		t.Fatalf("before it is created: %v, want %s", err, survey.ENOTFOUND)
	}
	if err := a.CreateChannel(ctx, &survey.Channel{Code: code, Survey: "s1", Name: "Library", Setting: survey.SettingOther}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Channel(ctx, code); err != nil {
		t.Fatalf("the creating process: %v, want its channel at once", err)
	}
	// within waits for db to read the channel as want says, failing after ChannelsFreshFor and a margin.
	within := func(db *mongo.DB, what string, want func(*survey.Channel, error) bool) {
		t.Helper()
		start := time.Now()
		for {
			ch, err := db.Channel(ctx, code)
			if want(ch, err) {
				return
			}
			if time.Since(start) > mongo.ChannelsFreshFor+time.Second {
				t.Fatalf("%s: still %+v, %v after %s", what, ch, err, time.Since(start))
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	within(b, "another process's new channel", func(ch *survey.Channel, err error) bool { return err == nil && ch.Code == code })

	// Closed in the store by someone else: b goes on trusting what it read for a moment, then reads it again.
	client, err := driver.Connect(options.Client().ApplyURI(mongotest.URI()))
	if err != nil {
		t.Fatal(err)
	}
	defer client.Disconnect(ctx)
	yesterday := time.Now().AddDate(0, 0, -1).Format(time.DateOnly)
	if _, err := client.Database(name).Collection("channels").UpdateOne(ctx, bson.D{{Key: "_id", Value: code}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "closes", Value: yesterday}}}}); err != nil {
		t.Fatal(err)
	}
	if ch, err := b.Channel(ctx, code); err != nil || ch.Closes != "" {
		t.Errorf("just after the change: %+v, %v; want the channel as read before", ch, err)
	}
	within(b, "a channel closed in the store", func(ch *survey.Channel, err error) bool { return err == nil && ch.ClosedOn(time.Now()) })
}

// TestChannelCodeKeptByValue looks channels up with codes whose memory is then reused, as Fiber
// reuses a request's memory for the next: what is kept stays under the code it was read for.
func TestChannelCodeKeptByValue(t *testing.T) {
	db := mongotest.Open(t)
	ctx := context.Background()
	for _, ch := range []*survey.Channel{
		{Code: "K7P3QX", Survey: "s1", Name: "Open", Setting: survey.SettingSchool},
		{Code: "CXSD22", Survey: "s1", Name: "Closed", Setting: survey.SettingOther, Closes: "2026-11-23"},
	} {
		if err := db.CreateChannel(ctx, ch); err != nil {
			t.Fatal(err)
		}
	}
	buf := []byte("K7P3QX")
	if _, err := db.Channel(ctx, unsafe.String(&buf[0], len(buf))); err != nil {
		t.Fatal(err)
	}
	copy(buf, "CXSD22") // the next request's code, in the same memory
	if _, err := db.Channel(ctx, unsafe.String(&buf[0], len(buf))); err != nil {
		t.Fatal(err)
	}
	copy(buf, "ZZZZZZ")
	if got := mongo.KeptChannelCodes(db); !slices.Equal(got, []string{"CXSD22", "K7P3QX"}) {
		t.Errorf("channels kept under %q, want CXSD22 and K7P3QX", got)
	}
	for _, code := range []string{"K7P3QX", "CXSD22"} {
		if ch, err := db.Channel(ctx, code); err != nil || ch.Code != code {
			t.Errorf("Channel(%s) = %+v, %v", code, ch, err)
		}
	}
}

// TestOpensWrittenInBackground: counting an opening never waits on the store; each process writes
// the openings it gathered in the background, and two processes' counts add up.
func TestOpensWrittenInBackground(t *testing.T) {
	name := mongotest.DatabaseName(t)
	ctx := context.Background()
	var dbs []*mongo.DB
	for range 2 {
		db, err := mongo.Open(ctx, mongotest.URI(), name, mongotest.Logger())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = db.Close(ctx) })
		dbs = append(dbs, db)
	}
	if err := dbs[0].CreateChannel(ctx, &survey.Channel{Code: "K7P3QX", Survey: "s1", Name: "Tooting", Setting: "school"}); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 200 {
		wg.Go(func() {
			if err := dbs[i%2].CountOpen(ctx, "K7P3QX"); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	var stored int64
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline) && stored != 200; time.Sleep(50 * time.Millisecond) {
		doc := rawDocument(t, name, "channels", "K7P3QX")
		for _, e := range doc {
			if e.Key == "opened" {
				stored, _ = e.Value.(int64)
			}
		}
	}
	if stored != 200 {
		t.Errorf("stored openings = %d, want 200 written without anyone reading them", stored)
	}
}
