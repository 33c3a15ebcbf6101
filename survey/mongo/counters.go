package mongo

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/safeguarding/safetysurvey/survey"
)

// counterPrefix starts the id of every counter document of a survey version: "<slug>@<version>|<group>".
func counterPrefix(slug string, version int) string {
	return fmt.Sprintf("%s@%d|", slug, version)
}

type counterDoc struct {
	ID       string                      `bson:"_id"`
	N        int64                       `bson:"n"`
	Answered map[string]int64            `bson:"a"`
	Chosen   map[string]map[string]int64 `bson:"o"`
}

func (d counterDoc) toCounter() *survey.Counter {
	c := &survey.Counter{N: d.N, Answered: d.Answered, Chosen: d.Chosen}
	if c.Answered == nil {
		c.Answered = map[string]int64{}
	}
	if c.Chosen == nil {
		c.Chosen = map[string]map[string]int64{}
	}
	return c
}

// Counters reads the given groups' counters by id, so the cost does not grow with the number of responses.
func (db *DB) Counters(ctx context.Context, slug string, version int, groups []string) (map[string]*survey.Counter, error) {
	prefix := counterPrefix(slug, version)
	ids := make([]string, len(groups))
	for i, g := range groups {
		ids[i] = prefix + g
	}
	cur, err := db.counters().Find(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}},
		options.Find().SetProjection(bson.D{{Key: "applied", Value: 0}}))
	if err != nil {
		return nil, fmt.Errorf("read counters of %s: %w", slug, storeError(err))
	}
	var docs []counterDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("read counters of %s: %w", slug, storeError(err))
	}
	out := make(map[string]*survey.Counter, len(docs))
	for _, d := range docs {
		out[strings.TrimPrefix(d.ID, prefix)] = d.toCounter()
	}
	return out, nil
}

// GroupValues lists the values of a dimension among a survey version's counters.
func (db *DB) GroupValues(ctx context.Context, slug string, version int, dim string) ([]string, error) {
	prefix := counterPrefix(slug, version) + survey.GroupKey(dim, "")
	cur, err := db.counters().Find(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$regex", Value: "^" + regexp.QuoteMeta(prefix)}}}},
		options.Find().SetProjection(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("list groups of %s: %w", slug, storeError(err))
	}
	var docs []struct {
		ID string `bson:"_id"`
	}
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("list groups of %s: %w", slug, storeError(err))
	}
	values := make([]string, len(docs))
	for i, d := range docs {
		values[i] = strings.TrimPrefix(d.ID, prefix)
	}
	slices.Sort(values)
	return values, nil
}

// Counts reads the number of responses from the counters.
func (db *DB) Counts(ctx context.Context, slug string, version int) (survey.Counts, error) {
	c, err := db.Counters(ctx, slug, version, []string{survey.GroupAll})
	if err != nil {
		return survey.Counts{}, err
	}
	if all, ok := c[survey.GroupAll]; ok {
		return survey.Counts{Responses: all.N}, nil
	}
	return survey.Counts{}, nil
}

// Recount counts a survey version's stored responses from scratch. It reads every response, so
// it is for checking and repair (the verify and rebuild commands), never for a page.
func (db *DB) Recount(ctx context.Context, slug string, version int) (survey.Tally, error) {
	cur, err := db.responses().Find(ctx, bson.D{{Key: "survey", Value: slug}, {Key: "version", Value: version}},
		options.Find().SetProjection(bson.D{{Key: "answers", Value: 1}, {Key: "g", Value: 1}}).SetBatchSize(1000))
	if err != nil {
		return nil, fmt.Errorf("recount %s: %w", slug, storeError(err))
	}
	defer cur.Close(ctx)
	tally := survey.Tally{}
	for cur.Next(ctx) {
		var d responseDoc
		if err := cur.Decode(&d); err != nil {
			return nil, fmt.Errorf("recount %s: %w", slug, err)
		}
		tally.Add(d.toResponse())
	}
	if err := cur.Err(); err != nil {
		return nil, fmt.Errorf("recount %s: %w", slug, storeError(err))
	}
	return tally, nil
}

// StoredCounters reads every counter of a survey version, to compare with a recount.
func (db *DB) StoredCounters(ctx context.Context, slug string, version int) (survey.Tally, error) {
	prefix := counterPrefix(slug, version)
	cur, err := db.counters().Find(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$regex", Value: "^" + regexp.QuoteMeta(prefix)}}}},
		options.Find().SetProjection(bson.D{{Key: "applied", Value: 0}}))
	if err != nil {
		return nil, fmt.Errorf("read counters of %s: %w", slug, storeError(err))
	}
	var docs []counterDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("read counters of %s: %w", slug, storeError(err))
	}
	tally := survey.Tally{}
	for _, d := range docs {
		tally[strings.TrimPrefix(d.ID, prefix)] = d.toCounter()
	}
	return tally, nil
}

// ReplaceCounters makes a survey version's counters exactly tally. Run it only while no server is
// taking answers for that survey (the rebuild command checks nothing else is using the store).
func (db *DB) ReplaceCounters(ctx context.Context, slug string, version int, tally survey.Tally) error {
	prefix := counterPrefix(slug, version)
	if _, err := db.counters().DeleteMany(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$regex", Value: "^" + regexp.QuoteMeta(prefix)}}}}); err != nil {
		return fmt.Errorf("clear counters of %s: %w", slug, storeError(err))
	}
	var docs []any
	for group, c := range tally {
		docs = append(docs, counterDoc{ID: prefix + group, N: c.N, Answered: c.Answered, Chosen: c.Chosen})
	}
	if len(docs) == 0 {
		return nil
	}
	if _, err := db.counters().InsertMany(ctx, docs); err != nil {
		return fmt.Errorf("store counters of %s: %w", slug, storeError(err))
	}
	return nil
}
