package mongo

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/mongo/storeerr"
)

// textNotes holds what scrutineers decide about free-text answers (themes, quotes), one document
// per answer keyed by its survey.AnswerID; flagReviews holds the safeguarding lead's reviews the
// same way. Neither holds a response id, a date or anything else about who answered.
func (db *DB) textNotes() *mongo.Collection   { return db.db.Collection("text_notes") }
func (db *DB) flagReviews() *mongo.Collection { return db.db.Collection("flag_reviews") }

func (db *DB) ensureModerationIndexes(ctx context.Context) error {
	for _, ix := range []struct {
		coll *mongo.Collection
		name string
		keys bson.D
	}{
		// A new name: the notes' first index, "survey" on {survey, version}, stays as it was.
		{db.textNotes(), "survey_version_id", bson.D{{Key: "survey", Value: 1}, {Key: "version", Value: 1}, {Key: "_id", Value: 1}}},
		{db.flagReviews(), "survey", bson.D{{Key: "survey", Value: 1}}},
	} {
		if _, err := ix.coll.Indexes().CreateOne(ctx, mongo.IndexModel{Keys: ix.keys, Options: options.Index().SetName(ix.name)}); err != nil {
			return fmt.Errorf("create %s index: %w", ix.coll.Name(), storeerr.Wrap(err))
		}
	}
	return nil
}

type textNoteDoc struct {
	Answer   string        `bson:"_id"`
	Survey   string        `bson:"survey"`
	Version  int           `bson:"version"`
	Question string        `bson:"question"`
	Themes   []string      `bson:"themes,omitempty"`
	Tagged   bool          `bson:"tagged,omitempty"` // themes were chosen, even as none
	Quote    *quoteNoteDoc `bson:"quote,omitempty"`
	Gloss    string        `bson:"gloss,omitempty"`
}

type quoteNoteDoc struct {
	Status     string `bson:"status"`
	Text       string `bson:"text"`
	Lang       string `bson:"lang"`
	ProposedBy string `bson:"by"`
	ApprovedBy string `bson:"approved_by,omitempty"`
}

// TextNotes lists the notes on the answers of one survey version.
func (db *DB) TextNotes(ctx context.Context, slug string, version int) ([]survey.TextNote, error) {
	return db.findTextNotes(ctx, slug, bson.D{{Key: "survey", Value: slug}, {Key: "version", Value: version}})
}

// TextNotesFor lists the notes on the given answers of one survey version, by _id.
func (db *DB) TextNotesFor(ctx context.Context, slug string, version int, answers []string) ([]survey.TextNote, error) {
	return db.findTextNotes(ctx, slug, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: answers}}}, {Key: "survey", Value: slug}, {Key: "version", Value: version}})
}

// findTextNotes lists the notes filter matches, by answer id.
func (db *DB) findTextNotes(ctx context.Context, slug string, filter bson.D) ([]survey.TextNote, error) {
	cur, err := db.textNotes().Find(ctx, filter, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("find text notes of %s: %w", slug, storeerr.Wrap(err))
	}
	var docs []textNoteDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("read text notes of %s: %w", slug, storeerr.Wrap(err))
	}
	notes := make([]survey.TextNote, len(docs))
	for i, d := range docs {
		n := survey.TextNote{Answer: d.Answer, Question: d.Question, Themes: d.Themes, ThemesSet: d.Tagged, Gloss: d.Gloss}
		if q := d.Quote; q != nil {
			n.Quote, n.Text, n.Lang, n.ProposedBy, n.ApprovedBy = q.Status, q.Text, q.Lang, q.ProposedBy, q.ApprovedBy
		}
		notes[i] = n
	}
	return notes, nil
}

// noteKey selects one answer's note, with what every note repeats set when it is created.
func noteKey(slug string, version int, question, answer string) (filter, onInsert bson.D) {
	return bson.D{{Key: "_id", Value: answer}, {Key: "survey", Value: slug}, {Key: "version", Value: version}},
		bson.D{{Key: "question", Value: question}}
}

// SetThemes stores the themes chosen for an answer.
func (db *DB) SetThemes(ctx context.Context, slug string, version int, question, answer string, themes []string) error {
	filter, onInsert := noteKey(slug, version, question, answer)
	_, err := db.textNotes().UpdateOne(ctx, filter, bson.D{
		{Key: "$set", Value: bson.D{{Key: "themes", Value: themes}, {Key: "tagged", Value: true}}},
		{Key: "$setOnInsert", Value: onInsert},
	}, options.UpdateOne().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("set themes of an answer to %s: %w", slug, storeerr.Wrap(err))
	}
	return nil
}

// SetGloss stores a short English gloss of an answer, or removes it when gloss is "".
func (db *DB) SetGloss(ctx context.Context, slug string, version int, question, answer, gloss string) error {
	filter, onInsert := noteKey(slug, version, question, answer)
	update := bson.D{{Key: "$set", Value: bson.D{{Key: "gloss", Value: gloss}}}, {Key: "$setOnInsert", Value: onInsert}}
	if gloss == "" {
		update = bson.D{{Key: "$unset", Value: bson.D{{Key: "gloss", Value: ""}}}, {Key: "$setOnInsert", Value: onInsert}}
	}
	if _, err := db.textNotes().UpdateOne(ctx, filter, update, options.UpdateOne().SetUpsert(true)); err != nil {
		return fmt.Errorf("set the gloss of an answer to %s: %w", slug, storeerr.Wrap(err))
	}
	return nil
}

// ProposeQuote stores n as a proposed quote, or returns ECONFLICT if the answer is a quote already.
func (db *DB) ProposeQuote(ctx context.Context, slug string, version int, n survey.TextNote) error {
	filter, onInsert := noteKey(slug, version, n.Question, n.Answer)
	quote := quoteNoteDoc{Status: survey.QuoteProposed, Text: n.Text, Lang: n.Lang, ProposedBy: n.ProposedBy}
	if _, err := db.textNotes().UpdateOne(ctx, filter, bson.D{{Key: "$setOnInsert", Value: onInsert}},
		options.UpdateOne().SetUpsert(true)); err != nil {
		return fmt.Errorf("propose a quote from %s: %w", slug, storeerr.Wrap(err))
	}
	res, err := db.textNotes().UpdateOne(ctx, append(filter, bson.E{Key: "quote", Value: bson.D{{Key: "$exists", Value: false}}}),
		bson.D{{Key: "$set", Value: bson.D{{Key: "quote", Value: quote}}}})
	if err != nil {
		return fmt.Errorf("propose a quote from %s: %w", slug, storeerr.Wrap(err))
	}
	if res.MatchedCount == 0 {
		return survey.Errorf(survey.ECONFLICT, "moderation.error.already_quote")
	}
	return nil
}

// ApproveQuote approves a proposed quote as by, or returns ECONFLICT when there is no proposed
// quote that someone else proposed.
func (db *DB) ApproveQuote(ctx context.Context, slug string, version int, answer, by string) error {
	filter, _ := noteKey(slug, version, "", answer)
	filter = append(filter, bson.E{Key: "quote.status", Value: survey.QuoteProposed}, bson.E{Key: "quote.by", Value: bson.D{{Key: "$ne", Value: by}}})
	res, err := db.textNotes().UpdateOne(ctx, filter, bson.D{{Key: "$set", Value: bson.D{
		{Key: "quote.status", Value: survey.QuoteApproved}, {Key: "quote.approved_by", Value: by}}}})
	if err != nil {
		return fmt.Errorf("approve a quote from %s: %w", slug, storeerr.Wrap(err))
	}
	if res.MatchedCount == 0 {
		return survey.Errorf(survey.ECONFLICT, "moderation.error.not_proposed")
	}
	return nil
}

// WithdrawQuote removes an answer's quote, proposed or approved.
func (db *DB) WithdrawQuote(ctx context.Context, slug string, version int, answer string) error {
	filter, _ := noteKey(slug, version, "", answer)
	if _, err := db.textNotes().UpdateOne(ctx, filter, bson.D{{Key: "$unset", Value: bson.D{{Key: "quote", Value: ""}}}}); err != nil {
		return fmt.Errorf("withdraw a quote from %s: %w", slug, storeerr.Wrap(err))
	}
	return nil
}

// flagStateDoc is what the safeguarding lead recorded about one flagged answer. A document
// without Open is a reviewed answer (as every document was before what was done was kept); an
// answer marked not reviewed again keeps its document, and what was done, with Open set.
type flagStateDoc struct {
	Answer   string   `bson:"_id"`
	Survey   string   `bson:"survey"`
	Open     bool     `bson:"open,omitempty"`
	Outcomes []string `bson:"outcomes,omitempty"`
}

// FlagStates lists what the safeguarding lead recorded about some flagged answers of a survey.
func (db *DB) FlagStates(ctx context.Context, slug string, answers []string) (map[string]survey.FlagState, error) {
	if len(answers) == 0 {
		return map[string]survey.FlagState{}, nil
	}
	cur, err := db.flagReviews().Find(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: answers}}}, {Key: "survey", Value: slug}})
	if err != nil {
		return nil, fmt.Errorf("find reviews of %s: %w", slug, storeerr.Wrap(err))
	}
	var docs []flagStateDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("read reviews of %s: %w", slug, storeerr.Wrap(err))
	}
	states := make(map[string]survey.FlagState, len(docs))
	for _, d := range docs {
		states[d.Answer] = survey.FlagState{Reviewed: !d.Open, Outcomes: d.Outcomes}
	}
	return states, nil
}

// SaveFlagState stores what the safeguarding lead recorded about one flagged answer, and marks
// it in the queue; ENOTFOUND if it is not queued. Who, and when, is in the audit log, not here.
func (db *DB) SaveFlagState(ctx context.Context, slug, answer string, st survey.FlagState) error {
	if err := db.queueFlagged(ctx, slug); err != nil {
		return err
	}
	if err := db.markReviewed(ctx, slug, answer, st.Reviewed); err != nil {
		return err
	}
	d := flagStateDoc{Answer: answer, Survey: slug, Open: !st.Reviewed, Outcomes: st.Outcomes}
	_, err := db.flagReviews().ReplaceOne(ctx, bson.D{{Key: "_id", Value: answer}, {Key: "survey", Value: slug}}, d, options.Replace().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("save the review of an answer to %s: %w", slug, storeerr.Wrap(err))
	}
	return nil
}

// purgeTextNotes forgets what staff decided about a survey's deleted answers, but for what was
// published: approved quotes, and the themes behind the published theme counts (ids only). The
// copy of a quote nobody approved, and every gloss (a paraphrase of what a child wrote), go
// with the answers they came from.
func (db *DB) purgeTextNotes(ctx context.Context, slug string) error {
	if _, err := db.textNotes().UpdateMany(ctx, bson.D{{Key: "survey", Value: slug}, {Key: "quote.status", Value: survey.QuoteProposed}},
		bson.D{{Key: "$unset", Value: bson.D{{Key: "quote", Value: ""}}}}); err != nil {
		return fmt.Errorf("delete proposed quotes of %s: %w", slug, storeerr.Wrap(err))
	}
	if _, err := db.textNotes().UpdateMany(ctx, bson.D{{Key: "survey", Value: slug}, {Key: "gloss", Value: bson.D{{Key: "$exists", Value: true}}}},
		bson.D{{Key: "$unset", Value: bson.D{{Key: "gloss", Value: ""}}}}); err != nil {
		return fmt.Errorf("delete glosses of %s: %w", slug, storeerr.Wrap(err))
	}
	if _, err := db.flagReviews().DeleteMany(ctx, bson.D{{Key: "survey", Value: slug}}); err != nil {
		return fmt.Errorf("delete reviews of %s: %w", slug, storeerr.Wrap(err))
	}
	return nil
}
