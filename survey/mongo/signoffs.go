package mongo

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/mongo/storeerr"
)

// signoffs holds one document per set and language ("ui/pl", "survey:community-safety/ar"):
// who last signed it off, when, and the fingerprints of the strings they reviewed.
func (db *DB) signoffs() *mongo.Collection { return db.db.Collection("signoffs") }

type signOffDoc struct {
	ID      string           `bson:"_id"`
	Set     string           `bson:"set"`
	Lang    string           `bson:"lang"`
	By      string           `bson:"by"`
	At      time.Time        `bson:"at"`
	Strings []fingerprintDoc `bson:"strings"` // a list: string ids hold dots, which keys may not
}

type fingerprintDoc struct {
	ID          string `bson:"id"`
	Fingerprint string `bson:"fp"`
}

func signOffID(set, lang string) string { return set + "/" + lang }

// SaveSignOff stores s in place of any earlier sign-off of its set and language.
func (db *DB) SaveSignOff(ctx context.Context, s survey.SignOff) error {
	d := signOffDoc{ID: signOffID(s.Set, s.Lang), Set: s.Set, Lang: s.Lang, By: s.By, At: s.At.UTC(), Strings: make([]fingerprintDoc, 0, len(s.Strings))}
	for id, fp := range s.Strings {
		d.Strings = append(d.Strings, fingerprintDoc{ID: id, Fingerprint: fp})
	}
	_, err := db.signoffs().ReplaceOne(ctx, bson.D{{Key: "_id", Value: d.ID}}, d, options.Replace().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("save sign-off of %s: %w", d.ID, storeerr.Wrap(err))
	}
	return nil
}

// DeleteSignOff removes the sign-off of a set's language; none is no error.
func (db *DB) DeleteSignOff(ctx context.Context, set, lang string) error {
	if _, err := db.signoffs().DeleteOne(ctx, bson.D{{Key: "_id", Value: signOffID(set, lang)}}); err != nil {
		return fmt.Errorf("delete sign-off of %s: %w", signOffID(set, lang), storeerr.Wrap(err))
	}
	return nil
}

// SignOffs lists every sign-off.
func (db *DB) SignOffs(ctx context.Context) ([]survey.SignOff, error) {
	cur, err := db.signoffs().Find(ctx, bson.D{})
	if err != nil {
		return nil, fmt.Errorf("read sign-offs: %w", storeerr.Wrap(err))
	}
	var docs []signOffDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("read sign-offs: %w", storeerr.Wrap(err))
	}
	out := make([]survey.SignOff, len(docs))
	for i, d := range docs {
		out[i] = survey.SignOff{Set: d.Set, Lang: d.Lang, By: d.By, At: d.At, Strings: make(map[string]string, len(d.Strings))}
		for _, f := range d.Strings {
			out[i].Strings[f.ID] = f.Fingerprint
		}
	}
	return out, nil
}
