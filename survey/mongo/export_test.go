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

// CountBatch counts the stored responses ids as batch seq of writer, as a writer that died after
// counting a batch, and before clearing it from the journal, would have.
func CountBatch(ctx context.Context, db *DB, writer string, seq int64, ids ...string) error {
	b := &batch{seq: seq}
	for _, id := range ids {
		var d responseDoc
		if err := db.responses().FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&d); err != nil {
			return err
		}
		b.created = append(b.created, d)
	}
	return db.countBatches(ctx, writer, []*batch{b})
}

// ChannelsFreshFor is how long a process trusts a channel it read.
const ChannelsFreshFor = channelsFreshFor

// PruneAfter makes db delete old counters versions d after a newer one is stored, instead of a minute.
func PruneAfter(db *DB, d time.Duration) {
	db.versions.mu.Lock()
	defer db.versions.mu.Unlock()
	db.versions.pruneAfter = d
}

// KeptChannelCodes lists the codes db keeps channels (or their absence) under.
func KeptChannelCodes(db *DB) []string {
	db.channelCache.mu.Lock()
	defer db.channelCache.mu.Unlock()
	return slices.Sorted(maps.Keys(db.channelCache.kept))
}

// SaveOldFlagReview stores a review as one was stored before what was done was kept: the
// document alone, which meant reviewed.
func SaveOldFlagReview(ctx context.Context, db *DB, slug, answer string) error {
	_, err := db.flagReviews().InsertOne(ctx, bson.D{{Key: "_id", Value: answer}, {Key: "survey", Value: slug}})
	return err
}
