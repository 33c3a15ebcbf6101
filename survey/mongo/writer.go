package mongo

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/mongo/readpref"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/mongo/storeerr"
)

// Batching limits: a batch takes whatever is waiting, up to maxBatch, so a lone submission is
// written at once and a burst shares one write.
const (
	maxBatch    = 500
	queueLength = 4096
	// finishQueue is how many written batches may wait for their counters; the finisher counts
	// up to this many in one update, and the writer waits when it falls this far behind.
	finishQueue = 64
	// finishGather is how long the finisher gathers written batches before counting them together.
	finishGather = 100 * time.Millisecond
	batchTimeout = 20 * time.Second
	// saveTimeout bounds a submission's wait for its batch, so that while the store is away a phone
	// gets a prompt 503 and retries rather than hanging.
	saveTimeout = 5 * time.Second
	// maxFinishWait is the longest pause between tries to finish a batch, so counting resumes soon
	// after the store comes back.
	maxFinishWait = 5 * time.Second
	// StaleWriterAfter: a writer whose heartbeat is this old has stopped, and any process may finish
	// the batches it left in the journal (heartbeats come every minute, to the minute).
	StaleWriterAfter = 3 * time.Minute
)

// writer is the group commit: concurrent saves are gathered into one insert, acknowledged once
// that insert is durable, and the counters are then brought up to date for the whole batch.
type writer struct {
	db        *DB
	closeOnce sync.Once
	inFlight  atomic.Int64 // saves queued or written whose counters are not yet up to date
	// stalled is set while the finisher is retrying a failed count: answers are still stored, but
	// the findings fall behind, and the writer reports itself not ready.
	stalled atomic.Bool
	// aside holds batches the finisher gave up on after maxFinishTries, so that later batches are
	// counted; recovery tries them again (see RunRecovery). They stay in the journal till counted.
	asideMu sync.Mutex
	aside   []*batch
	// failCount, set by tests only, fails the counting of the groups it returns an error for.
	failCount func([]*batch) error
	queue     chan *job
	finish    chan *batch
	done      chan struct{}
	finished  chan struct{}
}

type job struct {
	ctx  context.Context // the submission's: once it is done nobody waits for the answer
	doc  responseDoc
	done chan jobResult
}

type jobResult struct {
	created bool
	err     error
}

// batch is what the finisher needs to bring counters up to date after the acknowledgement.
type batch struct {
	id      string
	jobs    int
	created []responseDoc
	// unsure lists the responses of a batch whose insert failed part-way (the store went away):
	// some may be stored, and the finisher counts those that carry the batch's tag.
	unsure []responseRef
}

// responseRef names a stored response by its id and survey: every lookup by id carries the
// survey, so that on a cluster sharded by {survey, _id} it goes to one shard.
type responseRef struct {
	ID, Survey string
}

func newWriter(db *DB) *writer {
	w := &writer{db: db, queue: make(chan *job, queueLength), finish: make(chan *batch, finishQueue), done: make(chan struct{}), finished: make(chan struct{})}
	go w.run()
	go w.runFinisher()
	return w
}

// SaveResponse queues r for the next batch and returns once the batch is durable. created is false
// when a response with r.ID was already stored, by an earlier batch or earlier in this one.
func (db *DB) SaveResponse(ctx context.Context, r *survey.Response) (bool, error) {
	ctx, cancel := context.WithTimeout(ctx, saveTimeout)
	defer cancel()
	j := &job{ctx: ctx, doc: toDoc(r), done: make(chan jobResult, 1)}
	unavailable := survey.Errorf(survey.EUNAVAILABLE, "error.unavailable")
	select {
	case <-db.writer.done:
		return false, fmt.Errorf("store is closing: %w", unavailable)
	default:
	}
	db.writer.inFlight.Add(1)
	select {
	case db.writer.queue <- j:
	case <-db.writer.done:
		db.writer.inFlight.Add(-1)
		return false, fmt.Errorf("store is closing: %w", unavailable)
	case <-ctx.Done():
		db.writer.inFlight.Add(-1)
		return false, errors.Join(unavailable, ctx.Err())
	}
	select {
	case res := <-j.done:
		return res.created, res.err
	case <-ctx.Done():
		// The batch may still store it, and count it; the phone's retry with the same key will find it.
		return false, errors.Join(unavailable, ctx.Err())
	}
}

func (w *writer) close() {
	w.closeOnce.Do(func() { close(w.done) })
	<-w.finished
}

func (w *writer) run() {
	defer close(w.finish)
	for {
		var first *job
		select {
		case first = <-w.queue:
		case <-w.done:
			// Drain what was queued before closing so nothing waiting is dropped.
			for {
				select {
				case j := <-w.queue:
					w.write([]*job{j})
				default:
					return
				}
			}
		}
		jobs := []*job{first}
	gather:
		for len(jobs) < maxBatch {
			select {
			case j := <-w.queue:
				jobs = append(jobs, j)
			default:
				break gather
			}
		}
		w.write(jobs)
	}
}

// write stores one batch: journal entry, then the responses, then the acknowledgements. Jobs
// nobody waits for any more are dropped: their phones were told to retry.
func (w *writer) write(jobs []*job) {
	waiting := jobs[:0]
	for _, j := range jobs {
		if j.ctx.Err() == nil {
			waiting = append(waiting, j)
		} else {
			w.inFlight.Add(-1)
		}
	}
	jobs = waiting
	if len(jobs) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), batchTimeout)
	defer cancel()
	b := &batch{id: newBatchID(), jobs: len(jobs)}
	// A phone that sends the same answers twice at once can put one id in a batch twice. The batch
	// inserts it once: the later copies would find the first carrying this batch's tag and be
	// counted again. slot[i] is the document job i's outcome is read from.
	var ids, surveys []string
	var refs []responseRef
	var docs []any
	slot := make([]int, len(jobs))
	later := make([]bool, len(jobs))
	firstOf := make(map[string]int, len(jobs))
	for i, j := range jobs {
		if k, seen := firstOf[j.doc.ID]; seen {
			slot[i], later[i] = k, true
			continue
		}
		slot[i], firstOf[j.doc.ID] = len(docs), len(docs)
		j.doc.Tag = batchTag(b.id, j.doc.ID)
		ids, surveys = append(ids, j.doc.ID), append(surveys, j.doc.Survey)
		refs, docs = append(refs, responseRef{j.doc.ID, j.doc.Survey}), append(docs, j.doc)
	}
	// A failed batch still goes to the finisher, which clears it from the journal (the entry may
	// have been written even if the store's answer was lost) and counts whatever did get stored.
	fail := func(op string, err error) {
		w.db.observer.StoreError(op)
		for _, j := range jobs {
			j.done <- jobResult{err: err}
		}
		w.finish <- b
	}
	// The journal names the writer, not a time: nothing stored beside response ids says when they came.
	// d names the batch's counters deltas (see deltaKey), so compaction leaves them alone while the
	// batch is journaled.
	entry := bson.D{{Key: "_id", Value: b.id}, {Key: "ids", Value: ids}, {Key: "sv", Value: surveys}, {Key: "writer", Value: w.db.instance}, {Key: "d", Value: deltaKey(b.id)}}
	// A duplicate is this entry, written by a try whose answer was lost and retried by the driver.
	if _, err := w.db.batches().InsertOne(ctx, entry); err != nil && !mongo.IsDuplicateKeyError(err) {
		fail("journal", fmt.Errorf("journal batch: %w", storeerr.Wrap(err)))
		return
	}
	_, err := w.db.responses().InsertMany(ctx, docs, options.InsertMany().SetOrdered(false))
	failed := map[int]error{}
	var bulk mongo.BulkWriteException
	switch {
	case err == nil:
	case errors.As(err, &bulk) && bulk.WriteConcernError == nil:
		for _, we := range bulk.WriteErrors {
			if mongo.IsDuplicateKeyError(we) {
				// Stored before, or by this very insert, tried again by the driver after its answer
				// was lost (FerretDB and a failover both do that): the finisher reads the tag.
				failed[we.Index] = nil
				b.unsure = append(b.unsure, refs[we.Index])
			} else {
				// Not stored. A failover or a busy store (storeerr knows its codes) is 503, for
				// the phone to send again with the same key; anything else is a bug, 500. Only
				// the code goes in the error and the log: a write error's text can quote the
				// document.
				w.db.observer.StoreError("insert")
				w.db.log.Error("insert response", "code", we.Code)
				failed[we.Index] = fmt.Errorf("insert response: code %d: %w", we.Code, storeerr.Wrap(we))
			}
		}
	default:
		// Nothing is known to be stored: every phone retries.
		b.unsure = refs
		fail("insert", fmt.Errorf("insert responses: %w", storeerr.Wrap(err)))
		return
	}
	for i, j := range jobs {
		reason, notCreated := failed[slot[i]]
		if later[i] {
			// A later copy of an id this batch inserted once: never created by this request.
			j.done <- jobResult{err: reason}
			continue
		}
		j.done <- jobResult{created: !notCreated, err: reason}
		if !notCreated {
			b.created = append(b.created, j.doc)
		}
	}
	w.db.observer.BatchWritten(len(jobs), len(b.created))
	w.finish <- b
}

// maxFinishTries is how many times the finisher tries to count a batch before setting it aside,
// so that one batch the store refuses can never hold back the counting of every other.
const maxFinishTries = 3

// runFinisher brings counters up to date, taking whatever batches are waiting together. A group
// that cannot be counted is retried while the store is away; once the store answers, a batch that
// still fails maxFinishTries times is set aside for recovery to try again, and counted as a store
// error "aside". If the process stops first, the journal lets another finish them.
func (w *writer) runFinisher() {
	defer close(w.finished)
	for b := range w.finish {
		// Batches are gathered for a moment and counted together: under load this makes fewer,
		// larger deltas; the findings lag by at most that moment.
		group, jobs := []*batch{b}, b.jobs
		gathered := time.After(finishGather)
	gather:
		for len(group) < cap(w.finish) {
			select {
			case more, ok := <-w.finish:
				if !ok {
					break gather
				}
				group, jobs = append(group, more), jobs+more.jobs
			case <-gathered:
				break gather
			}
		}
		if !w.finishRetrying(group) {
			w.inFlight.Add(-int64(jobs))
			for rest := range w.finish {
				w.inFlight.Add(-int64(rest.jobs))
			}
			return
		}
		w.inFlight.Add(-int64(jobs))
	}
}

// finishRetrying counts group, retrying failures and setting aside batches that keep failing while
// the store answers. It returns false if the writer closed first.
func (w *writer) finishRetrying(group []*batch) bool {
	tries := 0
	for wait := 100 * time.Millisecond; ; wait = min(2*wait, maxFinishWait) {
		err := w.tryFinish(group)
		if err == nil {
			w.stalled.Store(false)
			return true
		}
		w.stalled.Store(true)
		w.db.observer.StoreError("counters")
		w.db.log.Error("update counters; will retry", "batches", len(group), "err", err)
		if !w.storeAway() {
			tries++
		}
		if tries >= maxFinishTries {
			w.setAside(group)
			w.stalled.Store(false)
			return true
		}
		select {
		case <-w.done:
			return false
		case <-time.After(wait):
		}
	}
}

// storeAway reports whether the store does not answer, so a failure says nothing about the batch.
func (w *writer) storeAway() bool {
	ctx, cancel := context.WithTimeout(context.Background(), saveTimeout)
	defer cancel()
	return w.db.client.Ping(ctx, readpref.Primary()) != nil
}

// setAside counts each batch of a group that keeps failing on its own, and keeps those that fail
// again for recovery.
func (w *writer) setAside(group []*batch) {
	for _, b := range group {
		if len(group) > 1 && w.tryFinish([]*batch{b}) == nil {
			continue
		}
		w.db.observer.StoreError("aside")
		w.db.log.Error("counting a batch keeps failing; set aside for recovery", "responses", len(b.created)+len(b.unsure))
		w.asideMu.Lock()
		w.aside = append(w.aside, b)
		w.asideMu.Unlock()
	}
}

// retryAside tries once more to count the batches set aside, keeping those that still fail.
func (w *writer) retryAside() (int, error) {
	w.asideMu.Lock()
	batches := w.aside
	w.aside = nil
	w.asideMu.Unlock()
	var failed []*batch
	var errs []error
	for _, b := range batches {
		if err := w.tryFinish([]*batch{b}); err != nil {
			failed, errs = append(failed, b), append(errs, err)
		}
	}
	w.asideMu.Lock()
	w.aside = append(w.aside, failed...)
	w.asideMu.Unlock()
	return len(batches) - len(failed), errors.Join(errs...)
}

// tryFinish counts a group once, under its own timeout.
func (w *writer) tryFinish(group []*batch) error {
	ctx, cancel := context.WithTimeout(context.Background(), batchTimeout)
	defer cancel()
	if w.failCount != nil {
		if err := w.failCount(group); err != nil {
			return err
		}
	}
	return w.db.finishBatches(ctx, group)
}

// finishBatches counts what batches stored and clears them from the journal. It first re-reads
// which of them are still journaled: one that is not was counted, by an earlier try whose answer
// was lost or by another process's recovery, and counting it again would count it twice. Then it
// finds out what a batch whose insert failed part-way stored. Every step may be repeated.
func (db *DB) finishBatches(ctx context.Context, batches []*batch) error {
	ids := make([]string, len(batches))
	for i, b := range batches {
		ids[i] = b.id
	}
	cur, err := db.batches().Find(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}}, options.Find().SetProjection(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return fmt.Errorf("read journal: %w", storeerr.Wrap(err))
	}
	var entries []struct {
		ID string `bson:"_id"`
	}
	if err := cur.All(ctx, &entries); err != nil {
		return fmt.Errorf("read journal: %w", storeerr.Wrap(err))
	}
	journaled := make(map[string]bool, len(entries))
	for _, e := range entries {
		journaled[e.ID] = true
	}
	var pending []*batch
	for _, b := range batches {
		if journaled[b.id] {
			pending = append(pending, b)
		}
	}
	for _, b := range pending {
		if b.unsure != nil {
			created, err := db.storedBy(ctx, b.id, b.unsure)
			if err != nil {
				return err
			}
			b.created, b.unsure = append(b.created, created...), nil
		}
	}
	if err := db.countBatches(ctx, pending); err != nil {
		return err
	}
	if _, err := db.batches().DeleteMany(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}}); err != nil {
		return fmt.Errorf("clear %d batches from the journal: %w", len(ids), storeerr.Wrap(err))
	}
	return nil
}

// FinishAbandonedBatches finishes batches whose writer stopped part-way (a crash, a lost store),
// recounting only the responses each of them stored. A writer is taken for dead when it has not
// been seen for staleAfter; with staleAfter zero every other writer is, which is right only when
// this process is the store's only user (the embedded store).
func (db *DB) FinishAbandonedBatches(ctx context.Context, staleAfter time.Duration) (int, error) {
	live := []string{db.instance}
	if staleAfter > 0 {
		cur, err := db.writers().Find(ctx, bson.D{{Key: "seen", Value: bson.D{{Key: "$gte", Value: minuteOf(db.now().Add(-staleAfter))}}}})
		if err != nil {
			return 0, fmt.Errorf("read writers: %w", storeerr.Wrap(err))
		}
		var writers []struct {
			ID string `bson:"_id"`
		}
		if err := cur.All(ctx, &writers); err != nil {
			return 0, fmt.Errorf("read writers: %w", storeerr.Wrap(err))
		}
		for _, w := range writers {
			live = append(live, w.ID)
		}
	}
	cur, err := db.batches().Find(ctx, bson.D{{Key: "writer", Value: bson.D{{Key: "$nin", Value: live}}}})
	if err != nil {
		return 0, fmt.Errorf("read journal: %w", storeerr.Wrap(err))
	}
	var entries []struct {
		ID      string   `bson:"_id"`
		IDs     []string `bson:"ids"`
		Surveys []string `bson:"sv"` // parallel to IDs; missing in entries written before it was kept
	}
	if err := cur.All(ctx, &entries); err != nil {
		return 0, fmt.Errorf("read journal: %w", storeerr.Wrap(err))
	}
	for _, e := range entries {
		// Only the responses carrying the batch's tag were stored by it (see storedBy).
		refs := make([]responseRef, len(e.IDs))
		for i, id := range e.IDs {
			refs[i].ID = id
			if len(e.Surveys) == len(e.IDs) {
				refs[i].Survey = e.Surveys[i]
			}
		}
		if err := db.finishBatches(ctx, []*batch{{id: e.ID, unsure: refs}}); err != nil {
			return 0, err
		}
	}
	return len(entries), nil
}

// storedBy reads which of the responses refs the batch stored: those carrying its tag. Each is
// read by _id and survey (the survey is unknown only for journal entries older than the "sv"
// field), at majority: what it finds decides what is counted.
func (db *DB) storedBy(ctx context.Context, batch string, refs []responseRef) ([]responseDoc, error) {
	var docs []responseDoc
	for _, ref := range refs {
		filter := bson.D{{Key: "_id", Value: ref.ID}}
		if ref.Survey != "" {
			filter = append(filter, bson.E{Key: "survey", Value: ref.Survey})
		}
		var d responseDoc
		err := db.responses().FindOne(ctx, filter).Decode(&d)
		switch {
		case errors.Is(err, mongo.ErrNoDocuments):
		case err != nil:
			return nil, fmt.Errorf("read batch %s: %w", batch, storeerr.Wrap(err))
		case d.Tag == batchTag(batch, d.ID):
			docs = append(docs, d)
		}
	}
	return docs, nil
}

// heartbeat records that this writer is alive, to the minute, so others leave its batches alone.
func (db *DB) heartbeat(ctx context.Context) error {
	_, err := db.writers().UpdateOne(ctx, bson.D{{Key: "_id", Value: db.instance}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "seen", Value: minuteOf(db.now())}}}}, options.UpdateOne().SetUpsert(true))
	return storeerr.Wrap(err)
}

// minuteOf is a time as whole minutes since 1970: liveness needs no finer clock.
func minuteOf(t time.Time) int64 {
	return t.Unix() / 60
}

// QueueDepth is the number of submissions waiting for the next batch.
func (db *DB) QueueDepth() int {
	return len(db.writer.queue)
}

// Settle waits until every save so far is stored and counted, for tests and maintenance commands.
func (db *DB) Settle(ctx context.Context) error {
	for db.writer.inFlight.Load() > 0 {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(2 * time.Millisecond):
		}
	}
	db.versions.ForgetChecks() // the next reads search, so they see other processes' counts too
	return nil
}

// RunRecovery keeps this writer's heartbeat, retries the batches it set aside and, while it holds
// the housekeeping lease (which it renews), finishes abandoned batches and compacts counters,
// every interval until ctx ends. The first pass uses firstStaleAfter: zero when this process is the store's only user (the
// embedded store), so a crash is repaired at once on restart.
func (db *DB) RunRecovery(ctx context.Context, interval, firstStaleAfter time.Duration) {
	staleAfter := firstStaleAfter
	for {
		if err := db.heartbeat(ctx); err != nil && ctx.Err() == nil {
			db.observer.StoreError("recovery")
			db.log.Error("writer heartbeat", "err", err)
		}
		// Alone on the store (staleAfter zero), the lease a crashed predecessor held is no reason to wait.
		if held, err := db.HoldLease(ctx, Housekeeping); staleAfter > 0 && (err != nil || !held) {
			if err != nil && ctx.Err() == nil {
				db.log.Warn("housekeeping lease", "err", err)
			}
		} else if n, err := db.FinishAbandonedBatches(ctx, staleAfter); err != nil && ctx.Err() == nil {
			db.observer.StoreError("recovery")
			db.log.Error("finish abandoned batches", "err", err)
		} else {
			if n > 0 {
				db.log.Info("finished abandoned batches", "batches", n)
			}
			if err := db.compactCounters(ctx); err != nil && ctx.Err() == nil {
				db.log.Warn("compact counters", "err", err) // the deltas are stored, so the counts are right
			}
		}
		if n, err := db.writer.retryAside(); err != nil && ctx.Err() == nil {
			db.observer.StoreError("recovery")
			db.log.Error("count batches set aside", "err", err)
		} else if n > 0 {
			db.log.Info("counted batches set aside", "batches", n)
		}
		staleAfter = StaleWriterAfter
		select {
		case <-ctx.Done():
			return
		case <-time.After(interval):
		}
	}
}

// batchTag is the HMAC of a response id under its batch's id (see responseDoc.Tag).
func batchTag(batch, id string) string {
	mac := hmac.New(sha256.New, []byte(batch))
	mac.Write([]byte(id))
	return hex.EncodeToString(mac.Sum(nil)[:12])
}

// newBatchID is random, so nothing derived from it says when a response was sent.
func newBatchID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return hex.EncodeToString(b)
}

// StoredDocument is the document SaveResponse stores for r, tagged as a batch tags it: the load
// generator inserts these straight through the driver to measure the store's own ceiling.
func StoredDocument(r *survey.Response) any {
	d := toDoc(r)
	d.Tag = batchTag(newBatchID(), d.ID)
	return d
}
