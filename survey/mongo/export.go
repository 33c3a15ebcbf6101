package mongo

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/mongo/storeerr"
)

// EachResponse calls each with up to limit stored responses of survey slug, by day and then by
// their random id, reading them through a cursor so an export never holds them all in memory.
func (db *DB) EachResponse(ctx context.Context, slug string, limit int64, each func(*survey.Response) error) error {
	cur, err := db.responses().Find(ctx, bson.D{{Key: "survey", Value: slug}},
		options.Find().SetSort(bson.D{{Key: "date", Value: 1}, {Key: "_id", Value: 1}}).SetLimit(limit).SetBatchSize(500))
	if err != nil {
		return fmt.Errorf("find responses of %s: %w", slug, storeerr.Wrap(err))
	}
	defer cur.Close(ctx)
	for cur.Next(ctx) {
		var d responseDoc
		if err := cur.Decode(&d); err != nil {
			return fmt.Errorf("read response of %s: %w", slug, err)
		}
		if err := each(d.toResponse()); err != nil {
			return err
		}
	}
	if err := cur.Err(); err != nil {
		return fmt.Errorf("find responses of %s: %w", slug, storeerr.Wrap(err))
	}
	return nil
}
