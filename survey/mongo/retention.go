package mongo

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/mongo/storeerr"
)

// purges holds one document per survey whose responses were deleted: {_id: slug, closes, on, finished}.
func (db *DB) purges() *mongo.Collection { return db.db.Collection("purges") }

type purgeDoc struct {
	Closes   string `bson:"closes"`
	On       string `bson:"on"`
	Finished bool   `bson:"finished"`
}

// LastPurge returns the record of the survey's last deletion of responses.
func (db *DB) LastPurge(ctx context.Context, slug string) (survey.Purge, bool, error) {
	var d purgeDoc
	err := db.purges().FindOne(ctx, bson.D{{Key: "_id", Value: slug}}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return survey.Purge{}, false, nil
	}
	if err != nil {
		return survey.Purge{}, false, fmt.Errorf("read purge record of %s: %w", slug, storeerr.Wrap(err))
	}
	return survey.Purge{Closes: d.Closes, On: d.On, Finished: d.Finished}, true, nil
}

// CountResponses counts the stored responses of every version of a survey.
func (db *DB) CountResponses(ctx context.Context, slug string) (int64, error) {
	n, err := db.responses().CountDocuments(ctx, bson.D{{Key: "survey", Value: slug}})
	if err != nil {
		return 0, fmt.Errorf("count responses of %s: %w", slug, storeerr.Wrap(err))
	}
	return n, nil
}

// PurgeResponses deletes the stored responses of every version of a survey, deleteBatch at a time
// by id, so the oplog takes them as a trickle, leaving its counters alone. The record is written unfinished first, so that a deletion
// cut short is never mistaken for responses that went missing (verify) and is done again.
func (db *DB) PurgeResponses(ctx context.Context, slug string, p survey.Purge) (int64, error) {
	record := func(finished bool) error {
		_, err := db.purges().UpdateOne(ctx, bson.D{{Key: "_id", Value: slug}},
			bson.D{{Key: "$set", Value: purgeDoc{Closes: p.Closes, On: p.On, Finished: finished}}},
			options.UpdateOne().SetUpsert(true))
		if err != nil {
			return fmt.Errorf("record purge of %s: %w", slug, storeerr.Wrap(err))
		}
		return nil
	}
	if err := record(false); err != nil {
		return 0, err
	}
	deleted, err := deleteInBatches(ctx, db.responses(), bson.D{{Key: "survey", Value: slug}})
	if err != nil {
		return deleted, fmt.Errorf("delete responses of %s: %w", slug, err)
	}
	if _, err := deleteInBatches(ctx, db.flagQueue(), bson.D{{Key: "survey", Value: slug}}); err != nil {
		return deleted, fmt.Errorf("delete the flag queue of %s: %w", slug, err)
	}
	if err := db.purgeTextNotes(ctx, slug); err != nil {
		return 0, err
	}
	return deleted, record(true)
}
