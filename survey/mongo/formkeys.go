package mongo

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"

	"github.com/safeguarding/safetysurvey/survey/mongo/storeerr"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// formKeyDoc is one form-signing secret, for one rotation period.
type formKeyDoc struct {
	Period int64  `bson:"_id"`
	Secret []byte `bson:"secret"`
}

func (db *DB) formKeys() *mongo.Collection { return db.db.Collection("form_keys") }

// FormKey returns the form-signing secret for period, creating it if no process has yet: the
// first insert wins, and every process then reads that one.
func (db *DB) FormKey(ctx context.Context, period int64) ([]byte, error) {
	var d formKeyDoc
	err := db.formKeys().FindOne(ctx, bson.D{{Key: "_id", Value: period}}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		secret := make([]byte, 32)
		_, _ = rand.Read(secret) // crypto/rand.Read never fails on supported platforms
		_, err = db.formKeys().InsertOne(ctx, formKeyDoc{Period: period, Secret: secret})
		if mongo.IsDuplicateKeyError(err) {
			return db.FormKey(ctx, period)
		}
		d.Secret = secret
	}
	if err != nil {
		return nil, fmt.Errorf("form key %d: %w", period, storeerr.Wrap(err))
	}
	return d.Secret, nil
}
