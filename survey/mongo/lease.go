package mongo

import (
	"context"
	"fmt"
	"time"

	"github.com/safeguarding/safetysurvey/survey/mongo/storeerr"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// Housekeeping is the lease under which one process at a time deletes responses past retention,
// expired sessions, finishes batches abandoned by stopped processes and compacts counters.
const Housekeeping = "housekeeping"

// leaseFor is how long a lease lasts without renewal: the holder renews it at least every minute
// (see RunRecovery), so another process takes over within this time after the holder stops.
const leaseFor = 3 * time.Minute

// deleteBatch is how many documents a housekeeping delete removes at once, so a large deletion
// reaches the oplog and the secondaries as a trickle rather than a burst that slows live writes.
const deleteBatch = 500

func (db *DB) leases() *mongo.Collection { return db.db.Collection("leases") }

// HoldLease takes or renews the named lease for this process and reports whether it holds it.
// The lease is one document, {_id: name, holder, until}; it is taken when free or expired. On
// MongoDB the update is atomic; FerretDB v1 applies it in steps, so the lease is read back at
// majority and two processes may briefly both believe they hold it, which the housekeeping
// tolerates: each of its tasks may run twice.
func (db *DB) HoldLease(ctx context.Context, name string) (bool, error) {
	now := db.now()
	filter := bson.D{{Key: "_id", Value: name}, {Key: "$or", Value: bson.A{
		bson.D{{Key: "holder", Value: db.instance}},
		bson.D{{Key: "until", Value: bson.D{{Key: "$lt", Value: now.Unix()}}}},
	}}}
	set := bson.D{{Key: "$set", Value: bson.D{{Key: "holder", Value: db.instance}, {Key: "until", Value: now.Add(leaseFor).Unix()}}}}
	_, err := db.leases().UpdateOne(ctx, filter, set, options.UpdateOne().SetUpsert(true))
	// A duplicate: the upsert found no match and the _id was taken, by another process holding the
	// lease or by a concurrent first take; the read below says which.
	if err != nil && !mongo.IsDuplicateKeyError(err) {
		return false, fmt.Errorf("take lease %s: %w", name, storeerr.Wrap(err))
	}
	var held struct {
		Holder string `bson:"holder"`
	}
	if err := db.leases().FindOne(ctx, bson.D{{Key: "_id", Value: name}}).Decode(&held); err != nil {
		return false, fmt.Errorf("read lease %s: %w", name, storeerr.Wrap(err))
	}
	if held.Holder != db.instance {
		db.leaseUntil.Store(0)
		return false, nil
	}
	// Trusted for a minute less than it lasts, so a slow clock cannot outlive it here.
	db.leaseUntil.Store(now.Add(leaseFor - time.Minute).UnixNano())
	return true, nil
}

// housekeeping reports whether this process last found itself holding the housekeeping lease,
// less than its renewal ago: counting passes ask, and never wait for the store to answer.
func (db *DB) housekeeping() bool {
	return db.now().UnixNano() < db.leaseUntil.Load()
}

// deleteInBatches deletes what filter matches deleteBatch documents at a time, by _id, and
// returns how many it deleted.
func deleteInBatches(ctx context.Context, coll *mongo.Collection, filter bson.D) (int64, error) {
	var deleted int64
	for {
		cur, err := coll.Find(ctx, filter, options.Find().SetProjection(bson.D{{Key: "_id", Value: 1}}).SetLimit(deleteBatch))
		if err != nil {
			return deleted, storeerr.Wrap(err)
		}
		var docs []struct {
			ID any `bson:"_id"`
		}
		if err := cur.All(ctx, &docs); err != nil {
			return deleted, storeerr.Wrap(err)
		}
		if len(docs) == 0 {
			return deleted, nil
		}
		ids := make(bson.A, len(docs))
		for i, d := range docs {
			ids[i] = d.ID
		}
		res, err := coll.DeleteMany(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}})
		if err != nil {
			return deleted, storeerr.Wrap(err)
		}
		deleted += res.DeletedCount
	}
}
