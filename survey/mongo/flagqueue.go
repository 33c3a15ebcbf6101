package mongo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/freetext"
	"github.com/safeguarding/safetysurvey/survey/mongo/storeerr"
)

// flagQueue holds one small document per flagged answer, the safeguarding lead's queue: where it
// stands in the queue and whether it was reviewed, but not its text, which stays with the
// response. Its index {survey, rv, u, date, k, _id} serves the count of answers not reviewed and
// each page of the queue, so neither reads more as reviewed answers pile up.
func (db *DB) flagQueue() *mongo.Collection { return db.db.Collection("flag_queue") }

type queueDoc struct {
	Answer   string   `bson:"_id"` // survey.AnswerID
	Survey   string   `bson:"survey"`
	Response string   `bson:"rid"`
	Question string   `bson:"q"`
	Tier     int      `bson:"u"` // freetext.Urgency: the tier, then the rank of the most urgent kind
	Rank     int      `bson:"k"`
	Date     string   `bson:"date"`
	Reasons  []string `bson:"r"`
	Channel  string   `bson:"ch,omitempty"`
	Reviewed bool     `bson:"rv"`
}

var queueOrder = bson.D{{Key: "u", Value: 1}, {Key: "date", Value: -1}, {Key: "k", Value: 1}, {Key: "_id", Value: 1}}

// requeueEvery is how often a process looks again for flagged answers nobody queued, from the
// day before its last look: answers stored by a process that does not queue them (one of the
// previous release, during a rolling update) reach the lead within this.
const requeueEvery = time.Minute

// queueFlagged queues every flagged answer of a survey not queued yet, with the review recorded
// of it if any: answers flagged before the queue existed, or stored by a process that did not
// queue them. The first look reads every flagged answer of the survey; later ones, at most every
// requeueEvery, only those of the day before the last look and since (the flagged_date index).
// Counting queues the rest (queue).
func (db *DB) queueFlagged(ctx context.Context, slug string) error {
	now := db.now()
	filter := bson.D{{Key: "fl", Value: slug}}
	if v, ok := db.queuedOnce.Load(slug); ok {
		last := v.(time.Time)
		if now.Sub(last) < requeueEvery {
			return nil
		}
		filter = append(filter, bson.E{Key: "date", Value: bson.D{{Key: "$gte", Value: last.AddDate(0, 0, -1).Format(time.DateOnly)}}})
	}
	cur, err := db.responses().Find(ctx, filter, options.Find().SetProjection(bson.D{{Key: "survey", Value: 1}, {Key: "date", Value: 1}, {Key: "channel", Value: 1}, {Key: "f", Value: 1}}))
	if err != nil {
		return fmt.Errorf("find flagged answers of %s to queue: %w", slug, storeerr.Wrap(err))
	}
	defer cur.Close(ctx)
	// Reviews are copied for every answer looked at, not only those this look added: a look that
	// failed after queueing some leaves them for the next to mark.
	var seen []string
	for err == nil && cur.Next(ctx) {
		var d responseDoc
		if err = cur.Decode(&d); err == nil {
			err = db.queue(ctx, d)
			for _, f := range d.Flags {
				seen = append(seen, survey.AnswerID(d.ID, f.Question))
			}
		}
	}
	if err == nil {
		err = storeerr.Wrap(cur.Err())
	}
	var states map[string]survey.FlagState
	if err == nil {
		states, err = db.FlagStates(ctx, slug, seen)
	}
	for answer, st := range states {
		if err == nil && st.Reviewed {
			err = db.markReviewed(ctx, slug, answer, true)
		}
	}
	if err == nil {
		db.queuedOnce.Store(slug, now)
	}
	return err
}

// queue adds the flagged answers of a stored response to the queue, unless they are in it.
// Counting a batch queues its new flagged responses: once the count is right, so is the queue.
func (db *DB) queue(ctx context.Context, d responseDoc) error {
	for _, f := range d.Flags {
		q := queueDoc{Answer: survey.AnswerID(d.ID, f.Question), Survey: d.Survey, Response: d.ID, Question: f.Question, Date: d.Date, Reasons: f.Reasons, Channel: d.Channel}
		q.Tier, q.Rank = freetext.Urgency(f.Reasons)
		_, err := db.flagQueue().UpdateOne(ctx, bson.D{{Key: "_id", Value: q.Answer}}, bson.D{{Key: "$setOnInsert", Value: q}}, options.UpdateOne().SetUpsert(true))
		if err != nil && !mongo.IsDuplicateKeyError(err) { // a duplicate: another process queued it first
			return fmt.Errorf("queue a flagged answer of %s: %w", d.Survey, storeerr.Wrap(err))
		}
	}
	return nil
}

// markReviewed sets whether a queued answer was reviewed; ENOTFOUND if it is not queued.
func (db *DB) markReviewed(ctx context.Context, slug, answer string, reviewed bool) error {
	res, err := db.flagQueue().UpdateOne(ctx, bson.D{{Key: "_id", Value: answer}, {Key: "survey", Value: slug}}, bson.D{{Key: "$set", Value: bson.D{{Key: "rv", Value: reviewed}}}})
	if err != nil {
		return fmt.Errorf("mark an answer to %s reviewed: %w", slug, storeerr.Wrap(err))
	}
	if res.MatchedCount == 0 {
		return survey.Errorf(survey.ENOTFOUND, "error.not_found")
	}
	return nil
}

// FlagQueue lists a page of a survey's flagged answers, reviewed or not, in queue order, reading
// that page from the queue's index and the texts of its answers by response id.
func (db *DB) FlagQueue(ctx context.Context, slug string, reviewed bool, skip, limit int) ([]survey.TriagedText, error) {
	if err := db.queueFlagged(ctx, slug); err != nil {
		return nil, err
	}
	cur, err := db.flagQueue().Find(ctx, bson.D{{Key: "survey", Value: slug}, {Key: "rv", Value: reviewed}},
		options.Find().SetSort(queueOrder).SetSkip(int64(skip)).SetLimit(int64(limit)))
	if err != nil {
		return nil, fmt.Errorf("find the queue of %s: %w", slug, storeerr.Wrap(err))
	}
	var queued []queueDoc
	if err := cur.All(ctx, &queued); err != nil {
		return nil, fmt.Errorf("read the queue of %s: %w", slug, storeerr.Wrap(err))
	}
	ids := make([]string, len(queued))
	for i, q := range queued {
		ids[i] = q.Response
	}
	cur, err = db.responses().Find(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}, {Key: "survey", Value: slug}})
	if err != nil {
		return nil, fmt.Errorf("find flagged answers of %s: %w", slug, storeerr.Wrap(err))
	}
	var docs []responseDoc // a page of them at most
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("read flagged answers of %s: %w", slug, storeerr.Wrap(err))
	}
	responses := map[string]responseDoc{}
	for _, d := range docs {
		responses[d.ID] = d
	}
	texts := make([]survey.TriagedText, len(queued))
	for i, q := range queued {
		d := responses[q.Response]
		texts[i] = survey.TriagedText{FlaggedText: survey.FlaggedText{ID: q.Answer, Question: q.Question, Text: d.Answers[q.Question].Text, Lang: d.Lang,
			Version: d.Version, Date: q.Date, Reasons: q.Reasons, Channel: q.Channel}, Urgency: q.Tier, State: survey.FlagState{Reviewed: q.Reviewed}}
	}
	return texts, nil
}

// FlagPatterns counts a survey's flagged answers from the queue's small documents.
func (db *DB) FlagPatterns(ctx context.Context, slug string) (survey.FlagPatterns, error) {
	p := survey.FlagPatterns{ByReason: map[string]int{}, ByDay: map[string]int{}, ByChannel: map[string]int{}}
	if err := db.queueFlagged(ctx, slug); err != nil {
		return p, err
	}
	cur, err := db.flagQueue().Find(ctx, bson.D{{Key: "survey", Value: slug}},
		options.Find().SetProjection(bson.D{{Key: "r", Value: 1}, {Key: "date", Value: 1}, {Key: "ch", Value: 1}, {Key: "rv", Value: 1}}))
	if err != nil {
		return p, fmt.Errorf("count the queue of %s: %w", slug, storeerr.Wrap(err))
	}
	defer cur.Close(ctx)
	for cur.Next(ctx) {
		var q queueDoc
		if err := cur.Decode(&q); err != nil {
			return p, fmt.Errorf("count the queue of %s: %w", slug, err)
		}
		if q.Reviewed {
			p.Reviewed++
		} else {
			p.Open++
		}
		for _, r := range q.Reasons {
			p.ByReason[r]++
		}
		p.ByDay[q.Date]++
		p.ByChannel[q.Channel]++
	}
	return p, storeerr.Wrap(cur.Err())
}

// UnreviewedFlags counts a survey's flagged answers not reviewed, on the queue's index.
func (db *DB) UnreviewedFlags(ctx context.Context, slug string) (int, error) {
	if err := db.queueFlagged(ctx, slug); err != nil {
		return 0, err
	}
	n, err := db.flagQueue().CountDocuments(ctx, bson.D{{Key: "survey", Value: slug}, {Key: "rv", Value: false}})
	if err != nil {
		return 0, fmt.Errorf("count the open queue of %s: %w", slug, storeerr.Wrap(err))
	}
	return int(n), nil
}

// FlaggedText reads one queued flagged answer of a survey.
func (db *DB) FlaggedText(ctx context.Context, slug, answer string) (survey.FlaggedText, error) {
	if err := db.queueFlagged(ctx, slug); err != nil {
		return survey.FlaggedText{}, err
	}
	var q queueDoc
	err := db.flagQueue().FindOne(ctx, bson.D{{Key: "_id", Value: answer}, {Key: "survey", Value: slug}}).Decode(&q)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return survey.FlaggedText{}, survey.Errorf(survey.ENOTFOUND, "error.not_found")
	}
	if err != nil {
		return survey.FlaggedText{}, fmt.Errorf("read a flagged answer of %s: %w", slug, storeerr.Wrap(err))
	}
	r, err := db.Response(ctx, slug, q.Response)
	if err != nil {
		return survey.FlaggedText{}, err
	}
	return survey.FlaggedText{ID: q.Answer, Question: q.Question, Text: r.Answers[q.Question].Text, Lang: r.Lang, Version: r.Version,
		Date: q.Date, Reasons: q.Reasons, Channel: q.Channel}, nil
}
