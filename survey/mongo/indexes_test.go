package mongo_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	driver "go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/safeguarding/safetysurvey/survey/mongo"
	"github.com/safeguarding/safetysurvey/survey/mongo/mongotest"
)

// TestQueriesIndexed checks each query the service makes against the indexes Open creates. Every
// one must have an index whose keys are its equality fields and then its sort fields, so that at
// ten million responses none walks the whole collection or sorts in memory; it also runs each with
// explain. MongoDB answers with a winning plan, and there a COLLSCAN fails the test. FerretDB
// v1.24 (the embedded store) answers with its SQLite plan, which never uses a secondary index,
// and its own fields filterPushdown (true only for a filter that is exactly {_id: string}: the
// one lookup its SQLite backend narrows in SQL), sortPushdown (only $natural on capped
// collections) and limitPushdown; there the test checks that explain ran this query (the
// command it echoes), that only the lookups by _id alone are pushed down, and that nothing is
// sorted in SQL, so a query changed to one the embedded store reads differently fails here too.
func TestQueriesIndexed(t *testing.T) {
	name := mongotest.DatabaseName(t)
	ctx := context.Background()
	db, err := mongo.Open(ctx, mongotest.URI(), name, mongotest.Logger()) // creates the indexes
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(ctx)
	raw := rawDatabase(t, name)
	exists := bson.D{{Key: "$exists", Value: true}}
	for _, q := range []struct {
		name, coll string
		equal      []string // fields matched on equality, in any order
		filter     bson.D
		sort       bson.D
	}{
		{"response", "responses", []string{"_id"}, bson.D{{Key: "_id", Value: "R1"}, {Key: "survey", Value: "s1"}}, nil},
		{"lease", "leases", []string{"_id"}, bson.D{{Key: "_id", Value: mongo.Housekeeping}}, nil},
		{"counters", "counters", []string{"_id"}, bson.D{{Key: "_id", Value: "s1@1#1"}}, nil},
		{"texts", "responses", []string{"survey", "version"},
			bson.D{{Key: "survey", Value: "s1"}, {Key: "version", Value: 1}, {Key: "answers.why.t", Value: exists}}, bson.D{{Key: "_id", Value: 1}}},
		{"texts page", "responses", []string{"survey", "version"},
			bson.D{{Key: "survey", Value: "s1"}, {Key: "version", Value: 1}, {Key: "answers.why.t", Value: exists}, {Key: "_id", Value: bson.D{{Key: "$gte", Value: "R1"}}}}, bson.D{{Key: "_id", Value: 1}}},
		{"suspect", "responses", []string{"survey", "version"},
			bson.D{{Key: "survey", Value: "s1"}, {Key: "version", Value: 1}, {Key: "suspect", Value: exists}}, bson.D{{Key: "_id", Value: 1}}},
		{"recount", "responses", []string{"survey", "version"},
			bson.D{{Key: "survey", Value: "s1"}, {Key: "version", Value: 1}}, nil},
		{"export", "responses", []string{"survey"},
			bson.D{{Key: "survey", Value: "s1"}}, bson.D{{Key: "date", Value: 1}, {Key: "_id", Value: 1}}},
		{"flagged", "responses", []string{"fl"},
			bson.D{{Key: "fl", Value: "s1"}}, bson.D{{Key: "date", Value: -1}, {Key: "_id", Value: 1}}},
		{"flag queue", "flag_queue", []string{"survey", "rv"}, bson.D{{Key: "survey", Value: "s1"}, {Key: "rv", Value: false}},
			bson.D{{Key: "u", Value: 1}, {Key: "date", Value: -1}, {Key: "k", Value: 1}, {Key: "_id", Value: 1}}},
		{"notes of a page", "text_notes", nil, // _id $in, sorted by _id: the _id index
			bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: bson.A{"a1", "a2"}}}}, {Key: "survey", Value: "s1"}, {Key: "version", Value: 1}}, bson.D{{Key: "_id", Value: 1}}},
		{"notes", "text_notes", []string{"survey", "version"},
			bson.D{{Key: "survey", Value: "s1"}, {Key: "version", Value: 1}}, bson.D{{Key: "_id", Value: 1}}},
		{"sessions", "sessions", []string{"exp"},
			bson.D{{Key: "exp", Value: bson.D{{Key: "$lte", Value: time.Now()}}}}, nil},
		{"deltas", "counterdeltas", []string{"c"}, bson.D{{Key: "c", Value: "s1@1"}}, nil},
		{"channels", "channels", []string{"survey"}, bson.D{{Key: "survey", Value: "s1"}}, nil},
	} {
		t.Run(q.name, func(t *testing.T) {
			// A collection no one wrote to yet has no _id index to list, and no table to explain.
			_ = raw.CreateCollection(ctx, q.coll) // fails only when it exists
			if !indexed(t, raw.Collection(q.coll).Indexes(), q.equal, q.sort) {
				t.Errorf("no index on %s serves equality on %v then sort %v", q.coll, q.equal, q.sort)
			}
			find := bson.D{{Key: "find", Value: q.coll}, {Key: "filter", Value: q.filter}}
			if q.sort != nil {
				find = append(find, bson.E{Key: "sort", Value: q.sort})
			}
			var plan bson.M
			if err := raw.RunCommand(ctx, bson.D{{Key: "explain", Value: find}}).Decode(&plan); err != nil {
				t.Fatalf("explain: %v", err)
			}
			planner, _ := plan["queryPlanner"].(bson.M)
			winning, mongoDB := planner["winningPlan"]
			pushdown, ferretDB := plan["filterPushdown"].(bool)
			switch {
			case mongoDB:
				if strings.Contains(fmt.Sprint(winning), "COLLSCAN") {
					t.Errorf("%s scans the collection: %v", q.name, winning)
				}
			case ferretDB:
				checkFerretPlan(t, plan, find, pushdown)
			default:
				t.Errorf("explain names neither a winning plan nor a pushdown: %v", plan)
			}
		})
	}
}

// checkFerretPlan checks FerretDB's answer to explain of find: the command it explained is find,
// its filter is pushed down to SQL exactly when it is a lookup by _id alone, and no sort is.
func checkFerretPlan(t *testing.T, plan bson.M, find bson.D, pushdown bool) {
	t.Helper()
	explained, err := bson.Marshal(plan["command"])
	if err != nil {
		t.Fatal(err)
	}
	var command bson.D
	if err := bson.Unmarshal(explained, &command); err != nil {
		t.Fatal(err)
	}
	for _, e := range find {
		got, want := commandField(t, command, e.Key), fmt.Sprint(e.Value)
		if got != want {
			t.Errorf("explained %s %s, want %s", e.Key, got, want)
		}
	}
	filter := find[1].Value.(bson.D)
	_, byID := filter[0].Value.(string)
	byID = byID && len(filter) == 1 && filter[0].Key == "_id"
	if pushdown != byID {
		t.Errorf("filterPushdown %v, want %v for %v", pushdown, byID, filter)
	}
	if sorted, _ := plan["sortPushdown"].(bool); sorted {
		t.Errorf("sortPushdown true: FerretDB v1 sorts only $natural in SQL")
	}
	if rows := fmt.Sprint(plan["queryPlanner"]); !strings.Contains(rows, "SCAN") && !strings.Contains(rows, "SEARCH") {
		t.Errorf("queryPlanner holds no SQLite plan: %s", rows)
	}
}

// commandField prints a field of an explained command as the test printed what it sent.
func commandField(t *testing.T, command bson.D, key string) string {
	t.Helper()
	for _, e := range command {
		if e.Key != key {
			continue
		}
		if d, ok := e.Value.(bson.D); ok {
			return fmt.Sprint(normalNumbers(d))
		}
		return fmt.Sprint(e.Value)
	}
	return "<missing>"
}

// normalNumbers makes the int32 and int64 a store echoes back print like the ints sent.
func normalNumbers(d bson.D) bson.D {
	out := make(bson.D, len(d))
	for i, e := range d {
		switch v := e.Value.(type) {
		case int32, int64:
			e.Value = direction(v)
		case bson.D:
			e.Value = normalNumbers(v)
		}
		out[i] = e
	}
	return out
}

// indexed reports whether an index's keys are the equality fields, in any order, then the sort
// fields in order (or all reversed).
func indexed(t *testing.T, view driver.IndexView, equal []string, sort bson.D) bool {
	t.Helper()
	cur, err := view.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var specs []struct {
		Key bson.D `bson:"key"`
	}
	if err := cur.All(context.Background(), &specs); err != nil {
		t.Fatal(err)
	}
	for _, spec := range specs {
		if len(spec.Key) < len(equal)+len(sort) {
			continue
		}
		var head []string
		for _, k := range spec.Key[:len(equal)] {
			head = append(head, k.Key)
		}
		if !slices.Equal(slices.Sorted(slices.Values(head)), slices.Sorted(slices.Values(equal))) {
			continue
		}
		tail := spec.Key[len(equal) : len(equal)+len(sort)]
		same, reversed := true, true
		for i, k := range tail {
			same = same && k.Key == sort[i].Key && direction(k.Value) == direction(sort[i].Value)
			reversed = reversed && k.Key == sort[i].Key && direction(k.Value) == -direction(sort[i].Value)
		}
		if same || reversed {
			return true
		}
	}
	return false
}

// direction reads an index or sort direction however the store typed it.
func direction(v any) int {
	switch n := v.(type) {
	case int32:
		return int(n)
	case int64:
		return int(n)
	case float64:
		return int(n)
	case int:
		return n
	}
	return 0
}
