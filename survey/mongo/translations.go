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

// translationEdits holds one document per edited string ("ui/pl/help.intro"); translationComments
// one per comment.
func (db *DB) translationEdits() *mongo.Collection { return db.db.Collection("translation_edits") }
func (db *DB) translationComments() *mongo.Collection {
	return db.db.Collection("translation_comments")
}

type translationEditDoc struct {
	ID   string        `bson:"_id"`
	Set  string        `bson:"set"`
	Lang string        `bson:"lang"`
	Str  string        `bson:"str"`
	Text []editTextDoc `bson:"text"` // a list: keys hold dots, which document keys may not
	By   string        `bson:"by"`
	At   time.Time     `bson:"at"`
}

type editTextDoc struct {
	Key  string `bson:"key"`
	Text string `bson:"text"`
}

type translationCommentDoc struct {
	Set  string    `bson:"set"`
	Lang string    `bson:"lang"`
	Str  string    `bson:"str"`
	By   string    `bson:"by"`
	Text string    `bson:"text"`
	At   time.Time `bson:"at"`
}

// SaveTranslationEdit stores e in place of any earlier edit of its string.
func (db *DB) SaveTranslationEdit(ctx context.Context, e survey.TranslationEdit) error {
	d := translationEditDoc{ID: e.Set + "/" + e.Lang + "/" + e.ID, Set: e.Set, Lang: e.Lang, Str: e.ID, By: e.By, At: e.At.UTC(),
		Text: make([]editTextDoc, 0, len(e.Text))}
	for k, t := range e.Text {
		d.Text = append(d.Text, editTextDoc{Key: k, Text: t})
	}
	if _, err := db.translationEdits().ReplaceOne(ctx, bson.D{{Key: "_id", Value: d.ID}}, d, options.Replace().SetUpsert(true)); err != nil {
		return fmt.Errorf("save translation edit %s: %w", d.ID, storeerr.Wrap(err))
	}
	return nil
}

// TranslationEdits lists the edits of one language of a set.
func (db *DB) TranslationEdits(ctx context.Context, set, lang string) ([]survey.TranslationEdit, error) {
	var docs []translationEditDoc
	if err := db.findAll(ctx, db.translationEdits(), bson.D{{Key: "set", Value: set}, {Key: "lang", Value: lang}}, &docs, "_id"); err != nil {
		return nil, fmt.Errorf("read translation edits of %s %s: %w", set, lang, err)
	}
	out := make([]survey.TranslationEdit, len(docs))
	for i, d := range docs {
		out[i] = survey.TranslationEdit{Set: d.Set, Lang: d.Lang, ID: d.Str, By: d.By, At: d.At, Text: make(map[string]string, len(d.Text))}
		for _, t := range d.Text {
			out[i].Text[t.Key] = t.Text
		}
	}
	return out, nil
}

// AddTranslationComment stores c beside the earlier comments on its string.
func (db *DB) AddTranslationComment(ctx context.Context, c survey.TranslationComment) error {
	d := translationCommentDoc{Set: c.Set, Lang: c.Lang, Str: c.ID, By: c.By, Text: c.Text, At: c.At.UTC()}
	if _, err := db.translationComments().InsertOne(ctx, d); err != nil {
		return fmt.Errorf("add translation comment: %w", storeerr.Wrap(err))
	}
	return nil
}

// TranslationComments lists the comments on one language of a set, oldest first.
func (db *DB) TranslationComments(ctx context.Context, set, lang string) ([]survey.TranslationComment, error) {
	var docs []translationCommentDoc
	if err := db.findAll(ctx, db.translationComments(), bson.D{{Key: "set", Value: set}, {Key: "lang", Value: lang}}, &docs, "at"); err != nil {
		return nil, fmt.Errorf("read translation comments of %s %s: %w", set, lang, err)
	}
	out := make([]survey.TranslationComment, len(docs))
	for i, d := range docs {
		out[i] = survey.TranslationComment{Set: d.Set, Lang: d.Lang, ID: d.Str, By: d.By, Text: d.Text, At: d.At}
	}
	return out, nil
}

// findAll reads every document of coll matching filter into docs, sorted by the field sortBy.
func (db *DB) findAll(ctx context.Context, coll *mongo.Collection, filter bson.D, docs any, sortBy string) error {
	cur, err := coll.Find(ctx, filter, options.Find().SetSort(bson.D{{Key: sortBy, Value: 1}}))
	if err != nil {
		return storeerr.Wrap(err)
	}
	return storeerr.Wrap(cur.All(ctx, docs))
}
