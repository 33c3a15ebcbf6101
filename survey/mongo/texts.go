package mongo

import (
	"context"
	"fmt"
	"slices"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/mongo/storeerr"
)

// textBatch is how many answers a read of free text takes from the store at once.
const textBatch = 500

// QuestionTexts lists at most limit answers to one free-text question of a survey version, from
// the first whose response id is not before from, in response id order (random, so it says nothing
// about when each was sent), through the index on {survey, version, _id}.
func (db *DB) QuestionTexts(ctx context.Context, slug string, version int, question, from string, limit int) ([]survey.TextAnswer, error) {
	texts := make([]survey.TextAnswer, 0, min(limit, textBatch))
	err := db.eachText(ctx, slug, version, question, from, int64(limit), func(t survey.TextAnswer) error {
		texts = append(texts, t)
		return nil
	})
	return texts, err
}

// EachQuestionText calls each with every answer to one free-text question of a survey version,
// in response id order, reading textBatch of them at a time.
func (db *DB) EachQuestionText(ctx context.Context, slug string, version int, question string, each func(survey.TextAnswer) error) error {
	return db.eachText(ctx, slug, version, question, "", 0, each)
}

// eachText calls each with the answers to question of the responses from the id from on, at
// most limit of them unless it is 0.
func (db *DB) eachText(ctx context.Context, slug string, version int, question, from string, limit int64, each func(survey.TextAnswer) error) error {
	text := "answers." + question + ".t"
	filter := bson.D{{Key: "survey", Value: slug}, {Key: "version", Value: version}, {Key: text, Value: bson.D{{Key: "$exists", Value: true}}}}
	if from != "" {
		filter = append(filter, bson.E{Key: "_id", Value: bson.D{{Key: "$gte", Value: from}}})
	}
	cur, err := db.responses().Find(ctx, filter, options.Find().SetProjection(bson.D{{Key: "lang", Value: 1}, {Key: text, Value: 1}, {Key: "f", Value: 1}}).
		SetSort(bson.D{{Key: "_id", Value: 1}}).SetLimit(limit).SetBatchSize(textBatch))
	if err != nil {
		return fmt.Errorf("find answers to %s of %s: %w", question, slug, storeerr.Wrap(err))
	}
	defer cur.Close(ctx)
	for cur.Next(ctx) {
		var d responseDoc
		if err := cur.Decode(&d); err != nil {
			return fmt.Errorf("read answer to %s of %s: %w", question, slug, err)
		}
		t := survey.TextAnswer{ID: survey.AnswerID(d.ID, question), Question: question, Text: d.Answers[question].Text, Lang: d.Lang,
			Flagged: slices.ContainsFunc(d.Flags, func(f flagDoc) bool { return f.Question == question }), Cursor: d.ID}
		if err := each(t); err != nil {
			return err
		}
	}
	if err := cur.Err(); err != nil {
		return fmt.Errorf("read answers to %s of %s: %w", question, slug, storeerr.Wrap(err))
	}
	return nil
}
