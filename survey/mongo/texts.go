package mongo

import (
	"context"
	"fmt"
	"slices"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/safeguarding/safetysurvey/survey"
)

// FlaggedTexts lists the flagged answers of every version of a survey, newest date first, from
// the sparse index of flagged responses; within a day the order is that of the response ids,
// which are random, so it says nothing about who answered when.
func (db *DB) FlaggedTexts(ctx context.Context, slug string) ([]survey.FlaggedText, error) {
	cur, err := db.responses().Find(ctx, bson.D{{Key: "fl", Value: slug}}, options.Find().
		SetProjection(bson.D{{Key: "version", Value: 1}, {Key: "lang", Value: 1}, {Key: "date", Value: 1}, {Key: "answers", Value: 1}, {Key: "f", Value: 1}, {Key: "channel", Value: 1}}).
		SetSort(bson.D{{Key: "date", Value: -1}, {Key: "_id", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("find flagged answers of %s: %w", slug, storeError(err))
	}
	var docs []responseDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("read flagged answers of %s: %w", slug, storeError(err))
	}
	var texts []survey.FlaggedText
	for _, d := range docs {
		for _, f := range d.Flags {
			texts = append(texts, survey.FlaggedText{ID: survey.AnswerID(d.ID, f.Question), Question: f.Question, Text: d.Answers[f.Question].Text, Lang: d.Lang,
				Version: d.Version, Date: d.Date, Reasons: f.Reasons, Channel: d.Channel})
		}
	}
	return texts, nil
}

// QuestionTexts lists every answer to one free-text question of a survey version, ordered by
// the random response ids so that the order says nothing about when each was sent.
func (db *DB) QuestionTexts(ctx context.Context, slug string, version int, question string) ([]survey.TextAnswer, error) {
	text := "answers." + question + ".t"
	cur, err := db.responses().Find(ctx,
		bson.D{{Key: "survey", Value: slug}, {Key: "version", Value: version}, {Key: text, Value: bson.D{{Key: "$exists", Value: true}}}},
		options.Find().SetProjection(bson.D{{Key: "lang", Value: 1}, {Key: text, Value: 1}, {Key: "f", Value: 1}}).SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("find answers to %s of %s: %w", question, slug, storeError(err))
	}
	var docs []responseDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("read answers to %s of %s: %w", question, slug, storeError(err))
	}
	texts := make([]survey.TextAnswer, len(docs))
	for i, d := range docs {
		texts[i] = survey.TextAnswer{ID: survey.AnswerID(d.ID, question), Question: question, Text: d.Answers[question].Text, Lang: d.Lang,
			Flagged: slices.ContainsFunc(d.Flags, func(f flagDoc) bool { return f.Question == question })}
	}
	return texts, nil
}
