// Package mongo stores responses and survey versions in MongoDB (or FerretDB) through driver v2.
package mongo

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/mongo/readconcern"
	"go.mongodb.org/mongo-driver/v2/mongo/writeconcern"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/mongo/counterdoc"
	"github.com/safeguarding/safetysurvey/survey/mongo/draftstore"
	"github.com/safeguarding/safetysurvey/survey/mongo/storeerr"
)

// DB is a connection to one database holding every collection the service uses.
type DB struct {
	// The editor's drafts, revisions and comments; their methods are DB's.
	*draftstore.Store
	client *mongo.Client
	db     *mongo.Database
	log    *slog.Logger
	writer *writer
	opens  *openCounts
	// channelCache keeps channels looked up recently (see channels.go).
	channelCache channelCache
	// observer hears of every batch written and every store failure, for metrics.
	observer Observer
	// versions is where searches for the newest counters start (see counters.go and counterdoc).
	versions *counterdoc.Versions
	// instance names this process's writer in the batch journal; random, different on every start.
	instance string
	// now is the clock: counters versions, heartbeats and caches read it, tests set it.
	now func() time.Time
	// indexesLater builds the indexes in the background (WithIndexesInBackground); indexed is set
	// once they are built, and Ping fails until then; stopIndexes ends a build under way at Close.
	indexesLater bool
	indexed      atomic.Bool
	stopIndexes  context.CancelFunc
	// queuedOnce holds, per survey, when this process last looked for flagged answers nobody queued (see queueFlagged).
	queuedOnce sync.Map
	// leaseUntil is when this process stops trusting that it holds the housekeeping lease, in
	// Unix nanoseconds; zero when it does not (see HoldLease).
	leaseUntil atomic.Int64
	// countersWritten adds up the bytes of counters documents inserted, for the benchmarks.
	countersWritten atomic.Int64
}

// Observer is told of each group commit and each failed store operation, for metrics; it never
// sees a response.
type Observer interface {
	// BatchWritten reports a batch of jobs submissions written at once, created of them newly stored.
	BatchWritten(jobs, created int)
	// StoreError reports a failed operation: "journal", "insert", "counters" or "recovery", or
	// "aside" for a batch whose counting kept failing and was set aside for recovery.
	StoreError(op string)
}

type noObserver struct{}

func (noObserver) BatchWritten(int, int) {}
func (noObserver) StoreError(string)     {}

// Option changes how Open sets up a DB.
type Option func(*DB)

// WithObserver reports batches and store failures to o.
func WithObserver(o Observer) Option {
	return func(db *DB) { db.observer = o }
}

// WithClock makes db read the time from now instead of time.Now.
func WithClock(now func() time.Time) Option {
	return func(db *DB) { db.now = now }
}

// WithIndexesInBackground makes Open return before the indexes are built: they are built in the
// background, tried again until they are, and Ping (readiness) fails until then, so a server
// over a large store listens at once and takes requests once its queries are indexed. Creating
// an index that exists is cheap, so on a restart they are ready at once.
func WithIndexesInBackground() Option {
	return func(db *DB) { db.indexesLater = true }
}

// Open connects to uri, checks the server answers, and creates the indexes the code relies on,
// unless WithIndexesInBackground. Writes are acknowledged only once journaled on a majority of
// the replica set.
func Open(ctx context.Context, uri, database string, log *slog.Logger, opts ...Option) (*DB, error) {
	journal := true
	// Defaults first, so settings given in the URI win.
	clientOpts := options.Client().
		SetServerSelectionTimeout(5 * time.Second).
		// Every operation ends by then even without a deadline of its own; submissions and batches
		// set shorter ones.
		SetTimeout(operationTimeout).
		// The default two connections opened at a time cannot keep up at peak after an election.
		SetMaxConnecting(8).
		SetAppName("safetysurvey").
		ApplyURI(uri).
		SetWriteConcern(&writeconcern.WriteConcern{W: writeconcern.WCMajority, Journal: &journal}).
		SetRetryWrites(true)
	client, err := mongo.Connect(clientOpts)
	if err != nil {
		return nil, fmt.Errorf("connect to store: %w", err)
	}
	// Reads at majority: what the journal, the counters and the stored responses say decides what
	// is written next, and a read a rollback can undo could count an answer twice or never.
	db := &DB{client: client, db: client.Database(database, options.Database().SetReadConcern(readconcern.Majority())), log: log, observer: noObserver{}, instance: newBatchID(), now: time.Now,
		versions: counterdoc.NewVersions()}
	db.Store = draftstore.New(db.db)
	for _, opt := range opts {
		opt(db)
	}
	db.writer = newWriter(db)
	db.opens = newOpenCounts()
	go db.runOpens()
	if err := db.heartbeat(ctx); err != nil {
		_ = client.Disconnect(context.Background())
		return nil, fmt.Errorf("reach store: %w", err)
	}
	var build context.Context
	build, db.stopIndexes = context.WithCancel(context.Background())
	if db.indexesLater {
		go db.buildIndexes(build)
		return db, nil
	}
	if err := db.ensureIndexes(ctx); err != nil {
		_ = client.Disconnect(context.Background())
		return nil, err
	}
	db.indexed.Store(true)
	return db, nil
}

// buildIndexes creates the indexes, trying again after a failure (an index that conflicts with
// one an operator made, a store unreachable), waiting longer each time, until they are built or
// ctx ends.
func (db *DB) buildIndexes(ctx context.Context) {
	started := db.now()
	for wait := 100 * time.Millisecond; ; wait = min(2*wait, 30*time.Second) {
		err := db.ensureIndexes(ctx)
		if err == nil {
			db.indexed.Store(true)
			db.log.Info("indexes built", "took", db.now().Sub(started).Round(time.Millisecond))
			return
		}
		if ctx.Err() != nil {
			return
		}
		db.log.Error("build indexes; not ready until they are", "err", err, "retry_in", wait)
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
	}
}

// Close finishes the batch under way, writes the link openings gathered and hands back the
// housekeeping lease if it holds it, then disconnects.
func (db *DB) Close(ctx context.Context) error {
	db.stopIndexes()
	db.writer.close()
	db.opens.close()
	if _, err := db.leases().DeleteOne(ctx, bson.D{{Key: "_id", Value: Housekeeping}, {Key: "holder", Value: db.instance}}); err != nil {
		db.log.Warn("hand back the housekeeping lease", "err", storeerr.Wrap(err))
	}
	return db.client.Disconnect(ctx)
}

// Ping checks that this process can write: its heartbeat is acknowledged by a majority (a lost
// majority or an election makes it fail), and its writer is not stalled retrying a count; and
// that its queries are indexed. The readiness probe calls it.
func (db *DB) Ping(ctx context.Context) error {
	if !db.indexed.Load() {
		return fmt.Errorf("indexes are being built: %w", survey.Errorf(survey.EUNAVAILABLE, "error.unavailable"))
	}
	if err := db.heartbeat(ctx); err != nil {
		return errors.Join(survey.Errorf(survey.EUNAVAILABLE, "error.unavailable"), err)
	}
	if db.writer.stalled.Load() {
		return fmt.Errorf("counting is stalled: %w", survey.Errorf(survey.EUNAVAILABLE, "error.unavailable"))
	}
	return nil
}

func (db *DB) responses() *mongo.Collection   { return db.db.Collection("responses") }
func (db *DB) counters() *mongo.Collection    { return db.db.Collection("counters") }
func (db *DB) batches() *mongo.Collection     { return db.db.Collection("batches") }
func (db *DB) writers() *mongo.Collection     { return db.db.Collection("writers") }
func (db *DB) definitions() *mongo.Collection { return db.db.Collection("definitions") }

// ensureIndexes is idempotent: creating an index that exists with the same keys is a no-op.
// Each index is created on its own: FerretDB v1 crashes on a createIndexes naming several
// indexes that exist already.
func (db *DB) ensureIndexes(ctx context.Context) error {
	// Every query names the fields it matches on equality first and then those it sorts by, so
	// an index serves both and no query sorts in memory (TestQueriesIndexed checks the list).
	for _, index := range []mongo.IndexModel{{
		Keys:    bson.D{{Key: "survey", Value: 1}, {Key: "version", Value: 1}},
		Options: options.Index().SetName("survey_version"),
	}, {
		// Texts, suspect responses and recounts of one survey version, in id order.
		Keys:    bson.D{{Key: "survey", Value: 1}, {Key: "version", Value: 1}, {Key: "_id", Value: 1}},
		Options: options.Index().SetName("survey_version_id"),
	}, {
		// The export, by day then id.
		Keys:    bson.D{{Key: "survey", Value: 1}, {Key: "date", Value: 1}, {Key: "_id", Value: 1}},
		Options: options.Index().SetName("survey_date_id"),
	}, {
		// Sparse: only flagged responses have fl, so the safeguarding list reads only those.
		Keys:    bson.D{{Key: "fl", Value: 1}},
		Options: options.Index().SetName("flagged").SetSparse(true),
	}, {
		// The flagged list, newest day first.
		Keys:    bson.D{{Key: "fl", Value: 1}, {Key: "date", Value: -1}, {Key: "_id", Value: 1}},
		Options: options.Index().SetName("flagged_date").SetSparse(true),
	}} {
		if _, err := db.responses().Indexes().CreateOne(ctx, index); err != nil {
			return fmt.Errorf("create responses index: %w", storeerr.Wrap(err))
		}
	}
	for _, index := range []struct {
		coll  *mongo.Collection
		field string
	}{
		{db.channels(), "survey"},
		{db.deltas(), "c"},  // a survey version's counters deltas
		{db.batches(), "d"}, // whether a delta's batch is still journaled
	} {
		_, err := index.coll.Indexes().CreateOne(ctx, mongo.IndexModel{
			Keys:    bson.D{{Key: index.field, Value: 1}},
			Options: options.Index().SetName(index.field),
		})
		if err != nil {
			return fmt.Errorf("create %s index: %w", index.coll.Name(), storeerr.Wrap(err))
		}
	}
	// The safeguarding lead's queue: its open count, and each page in queue order.
	queue := mongo.IndexModel{Keys: append(bson.D{{Key: "survey", Value: 1}, {Key: "rv", Value: 1}}, queueOrder...), Options: options.Index().SetName("queue")}
	if _, err := db.flagQueue().Indexes().CreateOne(ctx, queue); err != nil {
		return fmt.Errorf("create flag queue index: %w", storeerr.Wrap(err))
	}
	if err := db.ensureModerationIndexes(ctx); err != nil {
		return err
	}
	if err := db.ensureStaffIndexes(ctx); err != nil {
		return err
	}
	return db.Store.EnsureIndexes(ctx)
}

// responseDoc is a stored response: ids only, the date without a time, nothing about the sender.
type responseDoc struct {
	ID      string               `bson:"_id"`
	Survey  string               `bson:"survey"`
	Version int                  `bson:"version"`
	Lang    string               `bson:"lang"`
	Channel string               `bson:"channel,omitempty"`
	Date    string               `bson:"date"`
	Answers map[string]answerDoc `bson:"answers"`
	Suspect string               `bson:"suspect,omitempty"`
	Groups  []string             `bson:"g"`
	Flags   []flagDoc            `bson:"f,omitempty"`
	// Flagged repeats the survey's slug on flagged responses only, for the sparse index that
	// lists them without reading the rest.
	Flagged string `bson:"fl,omitempty"`
	// Fingerprint tells a retry from a different submission under the same key (survey.Response).
	Fingerprint string `bson:"fp,omitempty"`
	// Tag proves which batch stored the response to whoever holds that batch's random id, which
	// only the journal does, and only until the batch's counters are up to date. Without it the
	// tag is an unlinkable random string: it never says when, or with whom, a response was sent.
	Tag string `bson:"k"`
}

type answerDoc struct {
	Choices []string `bson:"c,omitempty"`
	Text    string   `bson:"t,omitempty"`
}

type flagDoc struct {
	Question string   `bson:"q"`
	Reasons  []string `bson:"r"`
}

func toDoc(r *survey.Response) responseDoc {
	answers := make(map[string]answerDoc, len(r.Answers))
	for id, a := range r.Answers {
		answers[id] = answerDoc{Choices: a.Choices, Text: a.Text}
	}
	d := responseDoc{ID: r.ID, Survey: r.Survey, Version: r.Version, Lang: r.Lang, Channel: r.Channel, Date: r.Date, Answers: answers, Suspect: r.Suspect, Groups: r.Groups, Fingerprint: r.Fingerprint}
	for _, f := range r.Flags {
		d.Flags = append(d.Flags, flagDoc{Question: f.Question, Reasons: f.Reasons})
		d.Flagged = r.Survey
	}
	return d
}

func (d responseDoc) toResponse() *survey.Response {
	answers := make(survey.Answers, len(d.Answers))
	for id, a := range d.Answers {
		answers[id] = survey.Answer{Choices: a.Choices, Text: a.Text}
	}
	r := &survey.Response{ID: d.ID, Survey: d.Survey, Version: d.Version, Lang: d.Lang, Channel: d.Channel, Date: d.Date, Answers: answers, Suspect: d.Suspect, Groups: d.Groups, Fingerprint: d.Fingerprint}
	for _, f := range d.Flags {
		r.Flags = append(r.Flags, survey.Flag{Question: f.Question, Reasons: f.Reasons})
	}
	return r
}

// Fingerprint reads the fingerprint stored with a response of survey slug, and nothing else of it.
func (db *DB) Fingerprint(ctx context.Context, slug, id string) (string, error) {
	var d struct {
		Fingerprint string `bson:"fp"`
	}
	err := db.responses().FindOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "survey", Value: slug}},
		options.FindOne().SetProjection(bson.D{{Key: "fp", Value: 1}})).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return "", survey.Errorf(survey.ENOTFOUND, "error.not_found")
	}
	if err != nil {
		return "", fmt.Errorf("read response fingerprint: %w", storeerr.Wrap(err))
	}
	return d.Fingerprint, nil
}

// Response reads one stored response of survey slug by id; the survey, the shard key, sends the
// lookup to one shard.
func (db *DB) Response(ctx context.Context, slug, id string) (*survey.Response, error) {
	var d responseDoc
	err := db.responses().FindOne(ctx, bson.D{{Key: "_id", Value: id}, {Key: "survey", Value: slug}}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, survey.Errorf(survey.ENOTFOUND, "error.not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("read response: %w", storeerr.Wrap(err))
	}
	return d.toResponse(), nil
}

// SuspectResponses calls each with every stored response of a survey version marked suspect, for
// an admin to review. It reads the whole collection (FerretDB v1 has no index for it), so it is
// for the admin command, never for a page.
func (db *DB) SuspectResponses(ctx context.Context, slug string, version int, each func(*survey.Response) error) error {
	cur, err := db.responses().Find(ctx, bson.D{{Key: "survey", Value: slug}, {Key: "version", Value: version}, {Key: "suspect", Value: bson.D{{Key: "$exists", Value: true}}}},
		options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return fmt.Errorf("find suspect responses of %s: %w", slug, storeerr.Wrap(err))
	}
	defer cur.Close(ctx)
	for cur.Next(ctx) {
		var d responseDoc
		if err := cur.Decode(&d); err != nil {
			return fmt.Errorf("read suspect response of %s: %w", slug, err)
		}
		if err := each(d.toResponse()); err != nil {
			return err
		}
	}
	if err := cur.Err(); err != nil {
		return fmt.Errorf("find suspect responses of %s: %w", slug, storeerr.Wrap(err))
	}
	return nil
}

// RegisterDefinition records the fingerprint of a survey version. Changing a version that already has
// responses is refused, because its answers would no longer mean what children were asked.
func (db *DB) RegisterDefinition(ctx context.Context, s *survey.Survey) error {
	fingerprint, err := fingerprint(s)
	if err != nil {
		return err
	}
	id := fmt.Sprintf("%s@%d", s.Slug, s.Version)
	var stored struct {
		Fingerprint string `bson:"fingerprint"`
	}
	err = db.definitions().FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&stored)
	switch {
	case errors.Is(err, mongo.ErrNoDocuments):
	case err != nil:
		return fmt.Errorf("read definition %s: %w", id, storeerr.Wrap(err))
	case stored.Fingerprint == fingerprint:
		return nil
	default:
		n, err := db.responses().CountDocuments(ctx, bson.D{{Key: "survey", Value: s.Slug}, {Key: "version", Value: s.Version}}, options.Count().SetLimit(1))
		if err != nil {
			return fmt.Errorf("check responses of %s: %w", id, storeerr.Wrap(err))
		}
		if n > 0 {
			return fmt.Errorf("%s: survey %s version %d changed after answers were stored; give the new wording version %d: %w",
				s.Source, s.Slug, s.Version, s.Version+1, survey.Errorf(survey.ECONFLICT, "error.definition_changed"))
		}
	}
	_, err = db.definitions().UpdateOne(ctx, bson.D{{Key: "_id", Value: id}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "fingerprint", Value: fingerprint}, {Key: "slug", Value: s.Slug}, {Key: "version", Value: s.Version}}}},
		options.UpdateOne().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("record definition %s: %w", id, storeerr.Wrap(err))
	}
	return nil
}

// fingerprint hashes what answers mean: the questions, their options and conditions, and their
// wording in the survey's default language. Translations can be added, corrected or marked
// reviewed while a version is open (they translate the same questions), and the status and
// closing date may change freely.
func fingerprint(s *survey.Survey) (string, error) {
	source := func(t survey.Text) string { return t.In(s.DefaultLanguage) }
	questions := make([]survey.Question, len(s.Questions))
	for i, q := range s.Questions {
		q.Text = survey.Text{s.DefaultLanguage: source(q.Text)}
		q.Hint = survey.Text{s.DefaultLanguage: source(q.Hint)}
		q.Options = slices.Clone(q.Options)
		for j, o := range q.Options {
			q.Options[j].Text = survey.Text{s.DefaultLanguage: source(o.Text)}
		}
		questions[i] = q
	}
	data, err := json.Marshal(struct {
		Title     string
		Questions []survey.Question
	}{source(s.Title), questions})
	if err != nil {
		return "", fmt.Errorf("fingerprint %s: %w", s.Slug, err)
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]), nil
}

// operationTimeout bounds every store operation that has no shorter deadline of its own.
const operationTimeout = 10 * time.Second
