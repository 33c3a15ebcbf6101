package mongo

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/mongo/storeerr"
)

// A channel is one small document, {_id: code, survey, name, setting, area, opens, closes, opened},
// where opened counts the times its link was opened and nothing records when or by whom. The
// collection holds one document per poster (a borough has a few hundred), so the $inc each
// survey page view makes stays cheap on FerretDB v1, whose updates read the whole collection.

type channelDoc struct {
	Code    string `bson:"_id"`
	Survey  string `bson:"survey"`
	Name    string `bson:"name"`
	Setting string `bson:"setting"`
	Area    string `bson:"area,omitempty"`
	Opens   string `bson:"opens,omitempty"`  // first day, YYYY-MM-DD
	Closes  string `bson:"closes,omitempty"` // last day, YYYY-MM-DD
	Opened  int64  `bson:"opened"`           // times the link was opened
}

func (d *channelDoc) toChannel() *survey.Channel {
	return &survey.Channel{Code: d.Code, Survey: d.Survey, Name: d.Name, Setting: d.Setting, Area: d.Area, Opens: d.Opens, Closes: d.Closes}
}

func (db *DB) channels() *mongo.Collection { return db.db.Collection("channels") }

// channelsFreshFor is how long a channel read from the store, or found missing, is trusted
// without reading it again: every submission and page view through a poster looks its channel
// up, and FerretDB v1 answers an _id lookup by reading the collection. Another process's new
// channel, or a change to one, is seen that much later at most.
const channelsFreshFor = time.Second

// maxKeptChannels bounds the channels kept, found or missing, so made-up codes cannot fill memory.
const maxKeptChannels = 10000

// channelCache keeps the channels this process looked up recently, by code.
type channelCache struct {
	mu   sync.Mutex
	kept map[string]keptChannel
}

type keptChannel struct {
	ch   *survey.Channel // nil: no channel has the code
	read time.Time
}

// get returns the kept channel with code (nil when it was missing) if it was read less than
// channelsFreshFor ago. The channel is shared: callers get a copy.
func (c *channelCache) get(code string, now time.Time) (ch *survey.Channel, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k, ok := c.kept[code]
	if !ok || now.Sub(k.read) >= channelsFreshFor {
		return nil, false
	}
	if k.ch != nil {
		copied := *k.ch
		ch = &copied
	}
	return ch, true
}

// keep remembers what a read at read found for code: ch, or nil when no channel has it. The code
// is copied: Fiber hands out strings that share memory it reuses for the next request.
func (c *channelCache) keep(code string, ch *survey.Channel, read time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.kept == nil || len(c.kept) >= maxKeptChannels {
		c.kept = map[string]keptChannel{}
	}
	if ch != nil {
		copied := *ch
		ch = &copied
	}
	c.kept[strings.Clone(code)] = keptChannel{ch: ch, read: read}
}

// forget makes the next lookup of code read the store.
func (c *channelCache) forget(code string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.kept, code)
}

// Channel returns the channel with the code, or ENOTFOUND, as read at most channelsFreshFor ago.
func (db *DB) Channel(ctx context.Context, code string) (*survey.Channel, error) {
	notFound := survey.Errorf(survey.ENOTFOUND, "error.no_channel")
	now := time.Now()
	if ch, ok := db.channelCache.get(code, now); ok {
		if ch == nil {
			return nil, notFound
		}
		return ch, nil
	}
	var d channelDoc
	err := db.channels().FindOne(ctx, bson.D{{Key: "_id", Value: code}}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		db.channelCache.keep(code, nil, now)
		return nil, notFound
	}
	if err != nil {
		return nil, fmt.Errorf("read channel %s: %w", code, storeerr.Wrap(err))
	}
	ch := d.toChannel()
	db.channelCache.keep(code, ch, now)
	return ch, nil
}

// CreateChannel stores a new channel with no opens, or returns ECONFLICT when its code is taken.
func (db *DB) CreateChannel(ctx context.Context, ch *survey.Channel) error {
	d := channelDoc{Code: ch.Code, Survey: ch.Survey, Name: ch.Name, Setting: ch.Setting, Area: ch.Area, Opens: ch.Opens, Closes: ch.Closes}
	_, err := db.channels().InsertOne(ctx, d)
	// Whatever happened, this process's next lookup reads the store, so it sees its own new channel at once.
	db.channelCache.forget(ch.Code)
	if mongo.IsDuplicateKeyError(err) {
		return survey.Errorf(survey.ECONFLICT, "error.channel_code_taken")
	}
	if err != nil {
		return fmt.Errorf("store channel %s: %w", ch.Code, storeerr.Wrap(err))
	}
	return nil
}

// Channels lists a survey's channels by name, ignoring case, then by code.
func (db *DB) Channels(ctx context.Context, slug string) ([]*survey.Channel, error) {
	docs, err := db.channelDocs(ctx, slug, nil)
	if err != nil {
		return nil, err
	}
	channels := make([]*survey.Channel, len(docs))
	for i := range docs {
		channels[i] = docs[i].toChannel()
	}
	slices.SortFunc(channels, func(a, b *survey.Channel) int {
		return cmp.Or(strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), strings.Compare(a.Code, b.Code))
	})
	return channels, nil
}

// openFlushEvery is how often a process writes the link openings it has gathered: a page view
// only adds to a count in memory, so no child's request waits on the store for it.
const openFlushEvery = 500 * time.Millisecond

// openCounts gathers the openings of channel links in memory; one goroutine per process writes
// them, all channels in one bulk write, every openFlushEvery. FerretDB v1 applies $inc by reading,
// changing and writing the document, so two concurrent updates of one channel can lose a count;
// one writer per process cannot, and no lock is held while the store answers.
type openCounts struct {
	mu        sync.Mutex // guards pending
	pending   map[string]int64
	flush     chan chan error // asks the writer to write now and answer
	done      chan struct{}
	closeOnce sync.Once
	stopped   chan struct{}
}

func newOpenCounts() *openCounts {
	return &openCounts{flush: make(chan chan error), done: make(chan struct{}), stopped: make(chan struct{})}
}

// CountOpen adds one to the channel's opened count, written to the store within openFlushEvery.
// Opens gathered but not yet written when the process is killed are lost: they are an
// operational count, never an answer.
func (db *DB) CountOpen(_ context.Context, code string) error {
	db.opens.add(map[string]int64{strings.Clone(code): 1}) // Fiber reuses the memory of the code
	return nil
}

// runOpens writes gathered openings until close, then writes what is left.
func (db *DB) runOpens() {
	o := db.opens
	defer close(o.stopped)
	tick := time.NewTicker(openFlushEvery)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			if err := db.writeOpens(); err != nil {
				db.observer.StoreError("opens")
				db.log.Error("count link openings; will retry", "err", err)
			}
		case answer := <-o.flush:
			answer <- db.writeOpens()
		case <-o.done:
			if err := db.writeOpens(); err != nil {
				db.log.Error("count link openings on close", "err", err)
			}
			return
		}
	}
}

// flushOpens writes this process's gathered openings now.
func (db *DB) flushOpens(ctx context.Context) error {
	answer := make(chan error, 1)
	select {
	case db.opens.flush <- answer:
	case <-db.opens.stopped:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-answer:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// writeOpens writes the gathered openings in one bulk write; what fails is gathered again.
func (db *DB) writeOpens() error {
	o := db.opens
	o.mu.Lock()
	batch := o.pending
	o.pending = nil
	o.mu.Unlock()
	if len(batch) == 0 {
		return nil
	}
	codes := slices.Sorted(maps.Keys(batch))
	models := make([]mongo.WriteModel, len(codes))
	for i, c := range codes {
		models[i] = mongo.NewUpdateOneModel().SetFilter(bson.D{{Key: "_id", Value: c}}).
			SetUpdate(bson.D{{Key: "$inc", Value: bson.D{{Key: "opened", Value: batch[c]}}}})
	}
	ctx, cancel := context.WithTimeout(context.Background(), batchTimeout)
	defer cancel()
	_, err := db.channels().BulkWrite(ctx, models, options.BulkWrite().SetOrdered(false))
	if err == nil {
		return nil
	}
	var bulk mongo.BulkWriteException
	if errors.As(err, &bulk) && bulk.WriteConcernError == nil {
		failed := map[string]int64{}
		for _, we := range bulk.WriteErrors {
			failed[codes[we.Index]] = batch[codes[we.Index]]
		}
		batch = failed
	}
	// Unknown outcome (the store went away): gathered again, an opening may be counted twice,
	// which an operational count can bear better than losing every opening of an outage.
	o.add(batch)
	return fmt.Errorf("count openings of %d channels: %w", len(batch), storeerr.Wrap(err))
}

// add adds counts to the next batch.
func (o *openCounts) add(counts map[string]int64) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.pending == nil {
		o.pending = map[string]int64{}
	}
	for c, n := range counts {
		o.pending[c] += n
	}
}

// Opened returns how many times each of a survey's channel links was opened, by code, after
// writing this process's gathered openings.
func (db *DB) Opened(ctx context.Context, slug string) (map[string]int64, error) {
	if err := db.flushOpens(ctx); err != nil {
		db.log.Warn("count link openings before reading them", "err", err)
	}
	docs, err := db.channelDocs(ctx, slug, bson.D{{Key: "opened", Value: 1}})
	if err != nil {
		return nil, err
	}
	opened := make(map[string]int64, len(docs))
	for _, d := range docs {
		opened[d.Code] = d.Opened
	}
	return opened, nil
}

func (db *DB) channelDocs(ctx context.Context, slug string, projection bson.D) ([]channelDoc, error) {
	opts := options.Find()
	if projection != nil {
		opts.SetProjection(projection)
	}
	cur, err := db.channels().Find(ctx, bson.D{{Key: "survey", Value: slug}}, opts)
	if err != nil {
		return nil, fmt.Errorf("list channels of %s: %w", slug, storeerr.Wrap(err))
	}
	var docs []channelDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("list channels of %s: %w", slug, storeerr.Wrap(err))
	}
	return docs, nil
}

// close writes what is gathered and stops the writer.
func (o *openCounts) close() {
	o.closeOnce.Do(func() { close(o.done) })
	<-o.stopped
}
