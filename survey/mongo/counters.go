package mongo

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/mongo/counterdoc"
	"github.com/safeguarding/safetysurvey/survey/mongo/storeerr"
)

// A survey version's counters are a base and deltas. A counting pass inserts one delta document
// per batch into counterdeltas, {_id: "<id>/<key>", c: "<id>", b: <key>, g: {<group>: {n, a, o}}},
// holding only the cells its responses changed, where key is a hash of the batch's journal id:
// inserting it twice fails on the duplicate _id, so a retried or recovered pass never counts twice,
// and what a submission writes does not grow with the number of channels or processes.
// Compaction folds deltas into the base: {_id: "<id>#<n>", n: <n>, g: {...}, f: [delta ids]},
// kept in versions numbered from 1. It reads the newest version whole, adds the deltas, and stores
// the result as the next version listing the deltas it folded in f; those deltas are then deleted,
// and until they are, readers skip them. The version before is then stripped to {_id, n, x: true}
// and kept until no process can still try to take its number (see counterdoc.DefaultPruneAfter). Storing the
// next version is an insert under a new _id, which every store does atomically: FerretDB v1 has
// no atomic update (it reads a document, changes it and writes it back in separate steps, so two
// processes' $inc on one document can lose one of them), but of two processes storing version n+1
// only one succeeds, and the other folds again into what that one stored. A delta whose batch is
// still in the journal is not folded: its pass may still be retried, and the retry must find it.
// A read is the newest base plus the deltas it has not folded, checked against a newer base
// appearing meanwhile.

func counterID(slug string, version int) string {
	return fmt.Sprintf("%s@%d", slug, version)
}

func (db *DB) deltas() *mongo.Collection { return db.db.Collection("counterdeltas") }

// deltaKey names a batch's deltas and is kept in its journal entry: a hash, so the deltas, which
// outlive the journal entry, never hold the batch id that proves which responses came together.
func deltaKey(batch string) string {
	sum := sha256.Sum256([]byte("counters:" + batch))
	return hex.EncodeToString(sum[:12])
}

func versionID(id string, version int64) string {
	return fmt.Sprintf("%s#%d", id, version)
}

// updateCounters applies change to the newest version of a survey version's counters and stores
// the result as the next version, applying it again to whatever another process stored first.
// change reports whether it changed anything; when it did not, nothing is stored.
func (db *DB) updateCounters(ctx context.Context, id string, change func(context.Context, *counterdoc.Doc) (bool, error)) error {
	for {
		doc, known, err := db.readNewest(ctx, id)
		if err != nil {
			return err
		}
		doc = doc.Clone() // readNewest may share it
		changed, err := change(ctx, &doc)
		if err != nil || !changed {
			return err
		}
		if db.now().Sub(known) >= db.versions.TrustFor() {
			db.versions.ForgetSeen(id) // too old to act on: the next version may have been pruned
			continue
		}
		previous := doc.Version
		doc.Version++
		doc.ID = versionID(id, doc.Version)
		size, err := db.insertCounters(ctx, db.counters(), doc)
		if mongo.IsDuplicateKeyError(err) {
			db.versions.Stale(id)
			continue // another process stored this version first
		}
		if err != nil {
			return storeerr.Wrap(err)
		}
		stored := db.now()
		db.versions.Compacted(id, size)
		db.versions.Saw(id, doc.Version, stored)
		db.versions.Keep(id, doc)
		db.versions.NewestAt(id, doc.Version, stored)
		if previous == 0 {
			return nil
		}
		// Stripping and pruning old versions only save space: if they fail, old versions are simply kept.
		_, err = db.counters().ReplaceOne(ctx, bson.D{{Key: "_id", Value: versionID(id, previous)}},
			counterdoc.Doc{ID: versionID(id, previous), Version: previous, Superseded: true})
		if err != nil {
			return storeerr.Wrap(err)
		}
		if below := db.versions.Prune(id, doc.Version, stored); below > 0 {
			_, err = db.counters().DeleteMany(ctx, bson.D{idsOf(id), {Key: "n", Value: bson.D{{Key: "$lt", Value: below}}}})
		}
		return storeerr.Wrap(err)
	}
}

// idsOf filters the versions of a survey version's counters: their ids are "<id>#<n>", and '$'
// follows '#', while "<id>0#…" (another version) sorts after "<id>$".
func idsOf(id string) bson.E {
	return bson.E{Key: "_id", Value: bson.D{{Key: "$gt", Value: id + "#"}, {Key: "$lt", Value: id + "$"}}}
}

// newestStored reads the highest version of a survey version's counters stored, or 0, from the
// numbers of all of them: versions below may have been pruned, so a search cannot start at 0.
// The newest version is never pruned.
func (db *DB) newestStored(ctx context.Context, id string) (int64, error) {
	cur, err := db.counters().Find(ctx, bson.D{idsOf(id)}, options.Find().SetProjection(bson.D{{Key: "n", Value: 1}}))
	if err != nil {
		return 0, fmt.Errorf("find counters %s: %w", id, storeerr.Wrap(err))
	}
	var versions []struct {
		N int64 `bson:"n"`
	}
	if err := cur.All(ctx, &versions); err != nil {
		return 0, fmt.Errorf("find counters %s: %w", id, storeerr.Wrap(err))
	}
	var newest int64
	for _, v := range versions {
		newest = max(newest, v.N)
	}
	return newest, nil
}

// newestVersion finds the newest version of a survey version's counters, or 0 when there is none,
// by looking versions up by _id: it gallops forward from the newest this process has seen lately,
// or else from the newest stored, then bisects.
func (db *DB) newestVersion(ctx context.Context, id string) (int64, error) {
	searched := db.now()
	exists := func(version int64) (bool, error) { return db.versionExists(ctx, id, version) }
	found, step := db.versions.Start(id, searched), int64(1) // found exists, or is 0
	if found == 0 {
		var err error
		if found, err = db.newestStored(ctx, id); err != nil {
			return 0, err
		}
	}
	for {
		ok, err := exists(found + step)
		if err != nil {
			return 0, fmt.Errorf("find counters %s: %w", id, err)
		}
		if !ok {
			break
		}
		found, step = found+step, 2*step
	}
	for missing := found + step; missing-found > 1; {
		mid := found + (missing-found)/2
		ok, err := exists(mid)
		if err != nil {
			return 0, fmt.Errorf("find counters %s: %w", id, err)
		}
		if ok {
			found = mid
		} else {
			missing = mid
		}
	}
	db.versions.Saw(id, found, searched)
	return found, nil
}

// versionExists reports whether version of a survey version's counters is stored.
func (db *DB) versionExists(ctx context.Context, id string, version int64) (bool, error) {
	err := db.counters().FindOne(ctx, bson.D{{Key: "_id", Value: versionID(id, version)}},
		options.FindOne().SetProjection(bson.D{{Key: "_id", Value: 1}})).Err()
	if errors.Is(err, mongo.ErrNoDocuments) {
		return false, nil
	}
	return err == nil, storeerr.Wrap(err)
}

// insertCounters inserts a base or delta document into coll and returns its size, which it adds
// to the counters bytes written.
func (db *DB) insertCounters(ctx context.Context, coll *mongo.Collection, doc any) (int, error) {
	raw, err := bson.Marshal(doc)
	if err != nil {
		return 0, fmt.Errorf("encode counters: %w", err)
	}
	_, err = coll.InsertOne(ctx, bson.Raw(raw))
	db.countersWritten.Add(int64(len(raw)))
	return len(raw), err
}

// countBatches stores what each batch's newly stored responses add to the counters, as one delta
// per batch and survey version, and queues their flagged answers for the safeguarding lead; then, if this process holds the housekeeping lease, it folds a
// survey version's deltas into its base once this process's alone have grown as large as it
// (other processes leave theirs to the holder: see compactCounters). A delta stored already (a
// retried pass) is left as it is.
func (db *DB) countBatches(ctx context.Context, batches []*batch) error {
	// The lead's queue first: a disclosure must not wait for counting that the store refuses.
	// Queueing an answer twice (a retried pass) leaves it as it was.
	for _, b := range batches {
		for _, d := range b.created {
			if err := db.queue(ctx, d); err != nil {
				return err
			}
		}
	}
	var ids []string
	due := map[string]bool{}
	for _, b := range batches {
		tallies := map[string]survey.Tally{}
		for _, d := range b.created {
			id := counterID(d.Survey, d.Version)
			if tallies[id] == nil {
				tallies[id] = survey.Tally{}
			}
			tallies[id].Add(d.toResponse())
		}
		for _, id := range slices.Sorted(maps.Keys(tallies)) {
			delta := counterdoc.Delta{ID: id + "/" + deltaKey(b.id), Counter: id, Key: deltaKey(b.id)}
			delta.Groups = counterdoc.GroupsOf(tallies[id])
			size, err := db.insertCounters(ctx, db.deltas(), delta)
			if err != nil && !mongo.IsDuplicateKeyError(err) {
				return fmt.Errorf("add batch to counters %s: %w", id, storeerr.Wrap(err))
			}
			if db.versions.Added(id, size) && !due[id] && db.housekeeping() {
				due[id] = true
				ids = append(ids, id)
			}
		}
	}
	for _, id := range ids {
		if err := db.compact(ctx, id); err != nil {
			// The deltas are stored, so the counts are right; the next pass tries again.
			db.log.Warn("compact counters", "counters", id, "err", err)
		}
	}
	return nil
}

// compactCounters folds the deltas of every survey version that has grown as large as its base,
// when this process holds the housekeeping lease: one process at a time rewrites bases, so two
// never race to store the same version, and deltas other processes stored get folded too.
func (db *DB) compactCounters(ctx context.Context) error {
	if !db.housekeeping() {
		return nil
	}
	// $group rather than distinct, whose answer from FerretDB v1 driver v2 cannot decode.
	cur, err := db.deltas().Aggregate(ctx, bson.A{bson.D{{Key: "$group", Value: bson.D{{Key: "_id", Value: "$c"}}}}})
	if err != nil {
		return fmt.Errorf("list counters with deltas: %w", storeerr.Wrap(err))
	}
	var ids []struct {
		ID string `bson:"_id"`
	}
	if err := cur.All(ctx, &ids); err != nil {
		return fmt.Errorf("list counters with deltas: %w", storeerr.Wrap(err))
	}
	for _, id := range ids {
		if err := db.compact(ctx, id.ID); err != nil {
			return err
		}
	}
	return nil
}

// compact folds a survey version's deltas whose batches have left the journal into its base, if
// all its deltas have grown as large as the base.
func (db *DB) compact(ctx context.Context, id string) error {
	if _, _, err := db.readNewest(ctx, id); err != nil { // learns the base's size
		return err
	}
	if _, size, err := db.readDeltas(ctx, id, nil); err != nil || !db.versions.Large(id, size) {
		return err
	}
	var folded []string
	err := db.updateCounters(ctx, id, func(ctx context.Context, doc *counterdoc.Doc) (bool, error) {
		if err := db.dropFolded(ctx, doc.Folded); err != nil {
			return false, err
		}
		deltas, _, err := db.readDeltas(ctx, id, nil)
		if err != nil {
			return false, err
		}
		keys := make([]string, len(deltas))
		for i, d := range deltas {
			keys[i] = d.Key
		}
		journaled, err := db.journaled(ctx, keys)
		if err != nil {
			return false, err
		}
		t := doc.Tally()
		doc.Folded, folded = nil, nil
		for _, d := range deltas {
			if !journaled[d.Key] {
				counterdoc.AddGroups(t, d.Groups)
				doc.Folded = append(doc.Folded, d.ID)
			}
		}
		doc.SetTally(t)
		folded = doc.Folded
		return len(folded) > 0, nil
	})
	if err != nil {
		return fmt.Errorf("compact counters %s: %w", id, err)
	}
	return db.dropFolded(ctx, folded)
}

// dropFolded deletes deltas folded into a base.
func (db *DB) dropFolded(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	_, err := db.deltas().DeleteMany(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}})
	if err != nil {
		return fmt.Errorf("delete folded deltas: %w", storeerr.Wrap(err))
	}
	return nil
}

// journaled reports which of the delta keys belong to batches still in the journal.
func (db *DB) journaled(ctx context.Context, keys []string) (map[string]bool, error) {
	found := map[string]bool{}
	if len(keys) == 0 {
		return found, nil
	}
	cur, err := db.batches().Find(ctx, bson.D{{Key: "d", Value: bson.D{{Key: "$in", Value: keys}}}}, options.Find().SetProjection(bson.D{{Key: "d", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("read journal: %w", storeerr.Wrap(err))
	}
	var entries []struct {
		Key string `bson:"d"`
	}
	if err := cur.All(ctx, &entries); err != nil {
		return nil, fmt.Errorf("read journal: %w", storeerr.Wrap(err))
	}
	for _, e := range entries {
		found[e.Key] = true
	}
	return found, nil
}

// readDeltas reads a survey version's deltas, leaving out those in skip, and their size in bytes.
func (db *DB) readDeltas(ctx context.Context, id string, skip []string) ([]counterdoc.Delta, int, error) {
	cur, err := db.deltas().Find(ctx, bson.D{{Key: "c", Value: id}})
	if err != nil {
		return nil, 0, fmt.Errorf("read deltas of %s: %w", id, storeerr.Wrap(err))
	}
	defer cur.Close(ctx)
	var deltas []counterdoc.Delta
	size := 0
	for cur.Next(ctx) {
		var d counterdoc.Delta
		if err := cur.Decode(&d); err != nil {
			return nil, 0, fmt.Errorf("read delta of %s: %w", id, err)
		}
		if !slices.Contains(skip, d.ID) {
			deltas = append(deltas, d)
			size += len(cur.Current)
		}
	}
	if err := cur.Err(); err != nil {
		return nil, 0, fmt.Errorf("read deltas of %s: %w", id, storeerr.Wrap(err))
	}
	return deltas, size, nil
}

// Counters reads the given groups' counters from one document, so the cost does not grow with
// the number of responses.
func (db *DB) Counters(ctx context.Context, slug string, version int, groups []string) (map[string]*survey.Counter, error) {
	doc, err := db.readCounters(ctx, counterID(slug, version))
	if err != nil {
		return nil, err
	}
	asked := counterdoc.Doc{Groups: make(map[string]counterdoc.Counter, len(groups))}
	for _, g := range groups {
		if c, ok := doc.Groups[counterdoc.FieldKey(g)]; ok {
			asked.Groups[counterdoc.FieldKey(g)] = c
		}
	}
	return asked.Clone().Tally(), nil
}

// readCounters reads a survey version's counters, the newest base plus the deltas not folded into
// it, or an empty document when there are none. The document may be shared with other readers:
// clone it before changing it.
func (db *DB) readCounters(ctx context.Context, id string) (counterdoc.Doc, error) {
	if kept, ok := db.versions.FreshMerged(id, db.now()); ok {
		return kept, nil
	}
	for {
		read := db.now()
		base, _, err := db.readNewest(ctx, id)
		if err != nil {
			return base, err
		}
		deltas, _, err := db.readDeltas(ctx, id, base.Folded)
		if err != nil {
			return base, err
		}
		// Deltas not folded into this base are deleted only after a newer base is stored: if
		// there is none yet, every delta the base lacks was read.
		newer, err := db.versionExists(ctx, id, base.Version+1)
		if err != nil {
			return base, fmt.Errorf("read counters %s: %w", id, err)
		}
		if newer {
			db.versions.Stale(id)
			continue
		}
		if len(deltas) == 0 {
			db.versions.KeepMerged(id, base, read)
			return base, nil
		}
		t := base.Clone().Tally() // base may be the kept document, shared: never add to its maps
		for _, d := range deltas {
			counterdoc.AddGroups(t, d.Groups)
		}
		merged := counterdoc.Doc{ID: base.ID, Version: base.Version}
		merged.SetTally(t)
		db.versions.KeepMerged(id, merged, read)
		return merged, nil
	}
}

// readNewest is readCounters that also says when the document was known to be the newest.
func (db *DB) readNewest(ctx context.Context, id string) (counterdoc.Doc, time.Time, error) {
	if kept, checked, ok := db.versions.Fresh(id, db.now()); ok {
		return kept, checked, nil
	}
	for {
		var doc counterdoc.Doc
		searched := db.now()
		version, err := db.newestVersion(ctx, id)
		if err != nil || version == 0 {
			return doc, searched, err
		}
		if kept, ok := db.versions.Cached(id, version); ok {
			db.versions.NewestAt(id, version, searched)
			return kept, searched, nil
		}
		raw, err := db.counters().FindOne(ctx, bson.D{{Key: "_id", Value: versionID(id, version)}}).Raw()
		if err == nil {
			err = bson.Unmarshal(raw, &doc)
		}
		if errors.Is(err, mongo.ErrNoDocuments) {
			db.versions.ForgetSeen(id) // pruned since the search: search from what is stored
			continue
		}
		if err != nil {
			return doc, searched, fmt.Errorf("read counters %s: %w", id, storeerr.Wrap(err))
		}
		if !doc.Superseded {
			db.versions.Sized(id, len(raw))
			db.versions.Keep(id, doc)
			db.versions.NewestAt(id, version, searched)
			return doc, searched, nil
		}
		// A newer version was stored since the search: look again.
	}
}

// GroupValues lists the values of a dimension among a survey version's counters.
func (db *DB) GroupValues(ctx context.Context, slug string, version int, dim string) ([]string, error) {
	doc, err := db.readCounters(ctx, counterID(slug, version))
	if err != nil {
		return nil, err
	}
	var values []string
	for key := range doc.Groups {
		if d, v := survey.SplitGroupKey(counterdoc.GroupKey(key)); d == dim {
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
	doc, err := db.readCounters(ctx, counterID(slug, version))
	if err != nil {
		return nil, err
	}
	return doc.Clone().Tally(), nil
}

// Recount counts a survey version's stored responses from scratch. It reads every response, so
// it is for checking and repair (the verify and rebuild commands), never for a page.
func (db *DB) Recount(ctx context.Context, slug string, version int) (survey.Tally, error) {
	cur, err := db.responses().Find(ctx, bson.D{{Key: "survey", Value: slug}, {Key: "version", Value: version}},
		options.Find().SetProjection(bson.D{{Key: "answers", Value: 1}, {Key: "g", Value: 1}, {Key: "suspect", Value: 1}}).SetBatchSize(1000))
	if err != nil {
		return nil, fmt.Errorf("recount %s: %w", slug, storeerr.Wrap(err))
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
		return nil, fmt.Errorf("recount %s: %w", slug, storeerr.Wrap(err))
	}
	return tally, nil
}

// ReplaceCounters makes a survey version's counters exactly tally, folding away every delta. Run it
// only while no server is taking answers for that survey: the rebuild command runs with the
// embedded store to itself.
func (db *DB) ReplaceCounters(ctx context.Context, slug string, version int, tally survey.Tally) error {
	var folded []string
	err := db.updateCounters(ctx, counterID(slug, version), func(ctx context.Context, doc *counterdoc.Doc) (bool, error) {
		deltas, _, err := db.readDeltas(ctx, counterID(slug, version), nil)
		if err != nil {
			return false, err
		}
		doc.SetTally(tally)
		doc.Folded = nil
		for _, d := range deltas {
			doc.Folded = append(doc.Folded, d.ID)
		}
		folded = doc.Folded
		return true, nil
	})
	if err == nil {
		err = db.dropFolded(ctx, folded)
	}
	if err != nil {
		return fmt.Errorf("store counters of %s: %w", slug, err)
	}
	return nil
}
