package mongo

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/mongo/storeerr"
)

// actions holds one small document per survey (its slug as _id): the actions staff saved.
func (db *DB) actions() *mongo.Collection { return db.db.Collection("actions") }

type actionListDoc struct {
	Survey  string      `bson:"_id"`
	Rev     int64       `bson:"rev"`
	Actions []actionDoc `bson:"actions"`
}

type actionDoc struct {
	Status    string      `bson:"status"`
	YouSaid   survey.Text `bson:"you_said,omitempty"`
	Text      survey.Text `bson:"text"`
	Questions []string    `bson:"questions,omitempty"`
	Themes    []string    `bson:"themes,omitempty"`
}

// ActionList returns the actions saved for survey slug, or an empty list at Rev 0.
func (db *DB) ActionList(ctx context.Context, slug string) (*survey.ActionList, error) {
	var d actionListDoc
	err := db.actions().FindOne(ctx, bson.D{{Key: "_id", Value: slug}}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return &survey.ActionList{Survey: slug}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read actions of %s: %w", slug, storeerr.Wrap(err))
	}
	l := &survey.ActionList{Survey: slug, Rev: d.Rev, Actions: make([]survey.Action, len(d.Actions))}
	for i, a := range d.Actions {
		l.Actions[i] = survey.Action{Status: a.Status, YouSaid: a.YouSaid, Text: a.Text, Questions: a.Questions, Themes: a.Themes}
	}
	return l, nil
}

// SaveActionList stores l when the stored list is still at l.Rev: the first save inserts, which
// fails on a duplicate key if someone saved first; later ones update only the revision read.
func (db *DB) SaveActionList(ctx context.Context, l *survey.ActionList) error {
	d := actionListDoc{Survey: l.Survey, Rev: l.Rev + 1, Actions: make([]actionDoc, len(l.Actions))}
	for i, a := range l.Actions {
		d.Actions[i] = actionDoc{Status: a.Status, YouSaid: a.YouSaid, Text: a.Text, Questions: a.Questions, Themes: a.Themes}
	}
	conflict := survey.Errorf(survey.ECONFLICT, "actions.error.conflict")
	if l.Rev == 0 {
		if _, err := db.actions().InsertOne(ctx, d); mongo.IsDuplicateKeyError(err) {
			return conflict
		} else if err != nil {
			return fmt.Errorf("save actions of %s: %w", l.Survey, storeerr.Wrap(err))
		}
	} else {
		res, err := db.actions().ReplaceOne(ctx, bson.D{{Key: "_id", Value: l.Survey}, {Key: "rev", Value: l.Rev}}, d)
		if err != nil {
			return fmt.Errorf("save actions of %s: %w", l.Survey, storeerr.Wrap(err))
		}
		if res.MatchedCount == 0 {
			return conflict
		}
	}
	l.Rev = d.Rev
	return nil
}
