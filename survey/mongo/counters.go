package mongo

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/safeguarding/safetysurvey/survey"
)

// A survey version's counters live in one document, {_id: "<slug>@<version>", g: {<group>: {n, a, o}},
// w: {<writer>: <last batch counted>}}, updated once per batch. One document keeps the update
// cheap on FerretDB v1, whose updates read every document of a collection.

func counterID(slug string, version int) string {
	return fmt.Sprintf("%s@%d", slug, version)
}

// fieldKey makes a group key safe as a field name: areas are free text and may hold '.' or '$'.
var fieldKey = strings.NewReplacer("%", "%25", ".", "%2E", "$", "%24").Replace

var groupKey = strings.NewReplacer("%2E", ".", "%24", "$", "%25", "%").Replace

type counterDoc struct {
	N        int64                       `bson:"n"`
	Answered map[string]int64            `bson:"a"`
	Chosen   map[string]map[string]int64 `bson:"o"`
}

type countersDoc struct {
	Groups map[string]counterDoc `bson:"g"`
}

func (d countersDoc) tally() survey.Tally {
	t := survey.Tally{}
	for key, c := range d.Groups {
		counter := &survey.Counter{N: c.N, Answered: c.Answered, Chosen: c.Chosen}
		if counter.Answered == nil {
			counter.Answered = map[string]int64{}
		}
		if counter.Chosen == nil {
			counter.Chosen = map[string]map[string]int64{}
		}
		t[groupKey(key)] = counter
	}
	return t
}

// addTally adds a batch's tally to a survey version's counters unless this writer's batch seq
// (or a later one) is already counted there, so finishing a batch twice counts it once.
func (db *DB) addTally(ctx context.Context, id, writer string, seq int64, tally survey.Tally) error {
	inc := bson.D{}
	for group, c := range tally {
		prefix := "g." + fieldKey(group) + "."
		inc = append(inc, bson.E{Key: prefix + "n", Value: c.N})
		for q, n := range c.Answered {
			inc = append(inc, bson.E{Key: prefix + "a." + q, Value: n})
		}
		for q, opts := range c.Chosen {
			for o, n := range opts {
				inc = append(inc, bson.E{Key: prefix + "o." + q + "." + o, Value: n})
			}
		}
	}
	last := "w." + writer
	filter := bson.D{{Key: "_id", Value: id}, {Key: "$or", Value: bson.A{
		bson.D{{Key: last, Value: bson.D{{Key: "$exists", Value: false}}}},
		bson.D{{Key: last, Value: bson.D{{Key: "$lt", Value: seq}}}},
	}}}
	update := bson.D{{Key: "$inc", Value: inc}, {Key: "$set", Value: bson.D{{Key: last, Value: seq}}}}
	_, err := db.counters().UpdateOne(ctx, filter, update, options.UpdateOne().SetUpsert(true))
	if mongo.IsDuplicateKeyError(err) {
		return nil // the document exists and has counted this batch already
	}
	return storeError(err)
}

// Counters reads the given groups' counters from one document, so the cost does not grow with
// the number of responses.
func (db *DB) Counters(ctx context.Context, slug string, version int, groups []string) (map[string]*survey.Counter, error) {
	projection := bson.D{}
	for _, g := range groups {
		projection = append(projection, bson.E{Key: "g." + fieldKey(g), Value: 1})
	}
	doc, err := db.readCounters(ctx, slug, version, projection)
	if err != nil {
		return nil, err
	}
	return doc.tally(), nil
}

func (db *DB) readCounters(ctx context.Context, slug string, version int, projection bson.D) (countersDoc, error) {
	var doc countersDoc
	err := db.counters().FindOne(ctx, bson.D{{Key: "_id", Value: counterID(slug, version)}}, options.FindOne().SetProjection(projection)).Decode(&doc)
	if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
		return doc, fmt.Errorf("read counters of %s: %w", slug, storeError(err))
	}
	return doc, nil
}

// GroupValues lists the values of a dimension among a survey version's counters.
func (db *DB) GroupValues(ctx context.Context, slug string, version int, dim string) ([]string, error) {
	doc, err := db.readCounters(ctx, slug, version, bson.D{{Key: "g", Value: 1}})
	if err != nil {
		return nil, err
	}
	var values []string
	for key := range doc.Groups {
		if d, v := survey.SplitGroupKey(groupKey(key)); d == dim {
			values = append(values, v)
		}
	}
	slices.Sort(values)
	return values, nil
}

// Counts reads the numbers of counted and of suspect responses from the counters.
func (db *DB) Counts(ctx context.Context, slug string, version int) (survey.Counts, error) {
	c, err := db.Counters(ctx, slug, version, []string{survey.GroupAll, survey.GroupSuspect})
	if err != nil {
		return survey.Counts{}, err
	}
	var counts survey.Counts
	if all, ok := c[survey.GroupAll]; ok {
		counts.Responses = all.N
	}
	if suspect, ok := c[survey.GroupSuspect]; ok {
		counts.Suspect = suspect.N
	}
	return counts, nil
}

// StoredCounters reads every counter of a survey version, to compare with a recount.
func (db *DB) StoredCounters(ctx context.Context, slug string, version int) (survey.Tally, error) {
	doc, err := db.readCounters(ctx, slug, version, bson.D{{Key: "g", Value: 1}})
	if err != nil {
		return nil, err
	}
	return doc.tally(), nil
}

// Recount counts a survey version's stored responses from scratch. It reads every response, so
// it is for checking and repair (the verify and rebuild commands), never for a page.
func (db *DB) Recount(ctx context.Context, slug string, version int) (survey.Tally, error) {
	cur, err := db.responses().Find(ctx, bson.D{{Key: "survey", Value: slug}, {Key: "version", Value: version}},
		options.Find().SetProjection(bson.D{{Key: "answers", Value: 1}, {Key: "g", Value: 1}, {Key: "suspect", Value: 1}}).SetBatchSize(1000))
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

// ReplaceCounters makes a survey version's counters exactly tally. Run it only while no server is
// taking answers for that survey: the rebuild command runs with the embedded store to itself.
func (db *DB) ReplaceCounters(ctx context.Context, slug string, version int, tally survey.Tally) error {
	groups := bson.D{}
	for group, c := range tally {
		groups = append(groups, bson.E{Key: fieldKey(group), Value: counterDoc{N: c.N, Answered: c.Answered, Chosen: c.Chosen}})
	}
	doc := bson.D{{Key: "_id", Value: counterID(slug, version)}, {Key: "g", Value: groups}, {Key: "w", Value: bson.D{}}}
	if _, err := db.counters().ReplaceOne(ctx, bson.D{{Key: "_id", Value: counterID(slug, version)}}, doc, options.Replace().SetUpsert(true)); err != nil {
		return fmt.Errorf("store counters of %s: %w", slug, storeError(err))
	}
	return nil
}
