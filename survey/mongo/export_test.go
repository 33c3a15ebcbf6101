package mongo

import (
	"context"
	"maps"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// BatchTag lets tests build the documents a writer that died part-way would have left.
var BatchTag = batchTag

// CountBatch counts the stored responses ids as batch would, as a writer that died after counting
// the batch, and before clearing it from the journal, would have.
func CountBatch(ctx context.Context, db *DB, batchID string, ids ...string) error {
	b := &batch{id: batchID}
	for _, id := range ids {
		var d responseDoc
		if err := db.responses().FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&d); err != nil {
			return err
		}
		b.created = append(b.created, d)
	}
	return db.countBatches(ctx, []*batch{b})
}

// FailCounting makes db's writer fail to count any group fail says to, as a store that refuses it would.
func FailCounting(db *DB, fail func(ids []string) error) {
	db.writer.failCount = func(group []*batch) error {
		var ids []string
		for _, b := range group {
			for _, d := range b.created {
				ids = append(ids, d.ID)
			}
		}
		return fail(ids)
	}
}

// CountersBytesWritten is how many bytes of counters documents db has inserted.
func CountersBytesWritten(db *DB) int64 {
	return db.countersWritten.Load()
}

// ChannelsFreshFor is how long a process trusts a channel it read.
const ChannelsFreshFor = channelsFreshFor

// PruneAfter makes db delete old counters versions d after a newer one is stored, instead of a minute.
func PruneAfter(db *DB, d time.Duration) {
	db.versions.SetPruneAfter(d)
}

// CompactFrom makes db fold its counters deltas into the base once they add up to n bytes (and to
// the base's size), instead of 64 KiB.
func CompactFrom(db *DB, n int) {
	db.versions.SetCompactFrom(n)
}

// BelieveHousekeeper makes db act for an hour as if it held the housekeeping lease, whoever
// does, as two processes may briefly both believe on FerretDB v1 (see HoldLease).
func BelieveHousekeeper(db *DB) {
	db.leaseUntil.Store(db.now().Add(time.Hour).UnixNano())
}

// CompactCounters is what the housekeeping pass does to counters.
var CompactCounters = (*DB).compactCounters

// KeptChannelCodes lists the codes db keeps channels (or their absence) under.
func KeptChannelCodes(db *DB) []string {
	db.channelCache.mu.Lock()
	defer db.channelCache.mu.Unlock()
	return slices.Sorted(maps.Keys(db.channelCache.kept))
}

// DeltaKey names the counters deltas of a batch, as its journal entry does.
var DeltaKey = deltaKey

// SaveOldFlagReview stores a review as one was stored before what was done was kept: the
// document alone, which meant reviewed.
func SaveOldFlagReview(ctx context.Context, db *DB, slug, answer string) error {
	_, err := db.flagReviews().InsertOne(ctx, bson.D{{Key: "_id", Value: answer}, {Key: "survey", Value: slug}})
	return err
}
