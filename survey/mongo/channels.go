package mongo

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/safeguarding/safetysurvey/survey"
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
		return nil, fmt.Errorf("read channel %s: %w", code, storeError(err))
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
		return fmt.Errorf("store channel %s: %w", ch.Code, storeError(err))
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

// openCounts merges the opens of concurrent page views and writes them one batch at a time.
// FerretDB v1 applies $inc by reading, changing and writing the document, so two concurrent
// updates of one channel can lose a count; one writer at a time per process cannot.
type openCounts struct {
	mu      sync.Mutex // guards pending
	pending map[string]int64
	writing sync.Mutex // held while a batch is written
}

// CountOpen adds one to the channel's opened count. It returns once that count is stored,
// written by this call or by a concurrent one that took it into its batch.
func (db *DB) CountOpen(ctx context.Context, code string) error {
	o := &db.opens
	o.add(map[string]int64{strings.Clone(code): 1}) // a failed write keeps it past this request

	o.writing.Lock()
	defer o.writing.Unlock()
	o.mu.Lock()
	batch := o.pending
	o.pending = nil
	o.mu.Unlock()
	for c, n := range batch {
		_, err := db.channels().UpdateOne(ctx, bson.D{{Key: "_id", Value: c}}, bson.D{{Key: "$inc", Value: bson.D{{Key: "opened", Value: n}}}})
		if err != nil {
			o.add(batch) // the next open writes them
			return fmt.Errorf("count opens of channel %s: %w", c, storeError(err))
		}
		delete(batch, c)
	}
	return nil
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

// Opened returns how many times each of a survey's channel links was opened, by code.
func (db *DB) Opened(ctx context.Context, slug string) (map[string]int64, error) {
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
		return nil, fmt.Errorf("list channels of %s: %w", slug, storeError(err))
	}
	var docs []channelDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("list channels of %s: %w", slug, storeError(err))
	}
	return docs, nil
}
