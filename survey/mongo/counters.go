package mongo

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/safeguarding/safetysurvey/survey"
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
// and kept until no process can still try to take its number (see defaultPruneAfter). Storing the
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

// fieldKey makes a group key safe as a field name: areas are free text and may hold '.' or '$',
// and a NUL (which the domain refuses, but a channel stored before it did may hold) cannot be
// in a BSON field name at all.
var fieldKey = strings.NewReplacer("%", "%25", ".", "%2E", "$", "%24", "\x00", "%00").Replace

var groupKey = strings.NewReplacer("%2E", ".", "%24", "$", "%00", "\x00", "%25", "%").Replace

type counterDoc struct {
	N        int64                       `bson:"n"`
	Answered map[string]int64            `bson:"a"`
	Chosen   map[string]map[string]int64 `bson:"o"`
}

type countersDoc struct {
	ID         string                `bson:"_id"`
	Version    int64                 `bson:"n"`
	Superseded bool                  `bson:"x,omitempty"`
	Groups     map[string]counterDoc `bson:"g,omitempty"`
	// Folded lists the deltas folded into this version that may not be deleted yet.
	Folded []string `bson:"f,omitempty"`
}

// deltaDoc is what one counting pass adds to a survey version's counters.
type deltaDoc struct {
	ID      string                `bson:"_id"`
	Counter string                `bson:"c"`
	Key     string                `bson:"b"`
	Groups  map[string]counterDoc `bson:"g"`
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

// counterVersions remembers the newest version of each survey version's counters this process
// has seen, where a search for the newest starts, and keeps the newest document it read or stored
// whole: reading a large document is most of a summary's cost on FerretDB v1 (which decodes a
// document whole whatever the projection), and while nobody stores a newer version the kept one is
// the newest, found with one lookup of the next version's _id.
type counterVersions struct {
	mu     sync.Mutex
	newest map[string]int64
	// seenAt is when the newest version was last known to be the newest; a search starts from it
	// only for trustFor after that, since the versions just above cannot have been pruned sooner.
	seenAt map[string]time.Time
	docs   map[string]countersDoc
	// prunable is, for each survey version, a version known to be stored at a time: once
	// pruneAfter has passed since, every version below it may go.
	prunable   map[string]storedAt
	pruneAfter time.Duration // defaultPruneAfter, shorter in tests
	// checked is when the kept document was last known to be the newest: just stored by this
	// process, or found so by a search. Within checkedFor of that it is read without a search,
	// so readers see another process's counts that much later at most.
	checked map[string]time.Time
	// merged keeps, for each survey version, the newest base plus its deltas, as read at a time:
	// within checkedFor it is read without a search.
	merged map[string]mergedAt
	// unfolded is, for each survey version, the bytes of deltas this process stored since it last
	// compacted; size is the size of the base it last read or stored. Compacting once the first
	// reaches the second keeps compaction's writes no larger than the deltas'.
	unfolded map[string]int
	size     map[string]int
	// compactFrom is the least the deltas add up to before a compaction: minCompactBytes, less in tests.
	compactFrom int
}

type mergedAt struct {
	doc countersDoc
	at  time.Time
}

// checkedFor is how long a kept counters document is trusted to be the newest without a search:
// a search looks up the next version's _id, which FerretDB v1 answers by reading the collection.
const checkedFor = time.Second

// defaultPruneAfter is how long after version n is known to be stored the versions below n are deleted.
// Versions are kept so that no process takes a number again, and a process acts on what it knew
// for less than trustFor (a counting pass re-reads what it knew before storing the next version
// if it has taken longer, and a search starts from the newest version it saw only that soon), so
// none ever stores a version that was deleted: that version was superseded before the process's
// knowledge was formed, and deleted at least pruneAfter later. Pruning keeps the counters
// collection, which FerretDB v1 reads whole to answer each lookup, from growing with every count.
const defaultPruneAfter = time.Minute

type storedAt struct {
	version int64
	at      time.Time
}

// freshMerged returns the kept merged counters of id if they were read less than checkedFor ago.
func (v *counterVersions) freshMerged(id string, now time.Time) (countersDoc, bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	m, ok := v.merged[id]
	return m.doc, ok && now.Sub(m.at) < checkedFor
}

// keepMerged remembers the merged counters of id as read at at.
func (v *counterVersions) keepMerged(id string, doc countersDoc, at time.Time) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.merged == nil {
		v.merged = map[string]mergedAt{}
	}
	v.merged[id] = mergedAt{doc, at}
}

// added records that this process stored n bytes of deltas for id, and reports whether they may
// have grown as large as the base, so it may be time to compact.
func (v *counterVersions) added(id string, n int) bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.unfolded == nil {
		v.unfolded = map[string]int{}
	}
	v.unfolded[id] += n
	delete(v.merged, id) // this process reads its own counts at once
	return v.unfolded[id] >= max(v.size[id], v.compactFrom)
}

// large reports whether n bytes of deltas of id are as large as its base, as last read, and at
// least compactFrom: folding them in then writes no more than they did.
func (v *counterVersions) large(id string, n int) bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	return n >= max(v.size[id], v.compactFrom)
}

// sized records that the base of id is size bytes, as read.
func (v *counterVersions) sized(id string, size int) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.size == nil {
		v.size = map[string]int{}
	}
	v.size[id] = size
}

// compacted records that the base of id is now size bytes and this process's deltas are folded.
func (v *counterVersions) compacted(id string, size int) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.size == nil {
		v.size = map[string]int{}
	}
	v.size[id] = size
	delete(v.unfolded, id)
	delete(v.merged, id)
}

// fresh returns the kept document of id, and when it was known to be the newest, if that was
// less than checkedFor ago.
func (v *counterVersions) fresh(id string, now time.Time) (countersDoc, time.Time, bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	doc, ok := v.docs[id]
	checked := v.checked[id]
	return doc, checked, ok && doc.Version == v.newest[id] && now.Sub(checked) < checkedFor
}

// newestAt records that version is the newest of id at now.
func (v *counterVersions) newestAt(id string, version int64, now time.Time) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.checked == nil {
		v.checked = map[string]time.Time{}
	}
	if v.newest[id] == version {
		v.checked[id] = now
	}
}

// forgetChecks makes the next read of every survey version search for the newest counters.
func (v *counterVersions) forgetChecks() {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.checked = nil
	v.merged = nil
}

// stale forgets when id was checked, so the next read searches: another process stored a version.
func (v *counterVersions) stale(id string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	delete(v.checked, id)
	delete(v.merged, id)
}

// trustFor is how long what a process knows about the newest counters is acted on.
func (v *counterVersions) trustFor() time.Duration {
	return v.pruneAfter / 2
}

// start returns where a search for the newest version of id may start at now: the newest seen,
// if it was known to be the newest less than trustFor ago, or 0.
func (v *counterVersions) start(id string, now time.Time) int64 {
	v.mu.Lock()
	defer v.mu.Unlock()
	if now.Sub(v.seenAt[id]) >= v.trustFor() {
		return 0
	}
	return v.newest[id]
}

// saw records that version of id was stored, and the newest, at at.
func (v *counterVersions) saw(id string, version int64, at time.Time) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.newest == nil {
		v.newest, v.seenAt = map[string]int64{}, map[string]time.Time{}
	}
	if version >= v.newest[id] {
		v.newest[id], v.seenAt[id] = version, at
	}
}

// forgetSeen makes the next search of id start from what is stored, not from the newest seen.
func (v *counterVersions) forgetSeen(id string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	delete(v.seenAt, id)
	delete(v.checked, id)
	delete(v.merged, id)
}

// prune returns the version of id below which every version may be deleted at now, or 0, and
// remembers stored, just stored at now, for a later pruning.
func (v *counterVersions) prune(id string, stored int64, now time.Time) int64 {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.prunable == nil {
		v.prunable = map[string]storedAt{}
	}
	p, ok := v.prunable[id]
	switch {
	case !ok:
		v.prunable[id] = storedAt{stored, now}
	case now.Sub(p.at) >= v.pruneAfter:
		v.prunable[id] = storedAt{stored, now}
		return p.version
	}
	return 0
}

// cached returns the kept document of id if it is version. It is shared: never change it.
func (v *counterVersions) cached(id string, version int64) (countersDoc, bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	doc, ok := v.docs[id]
	return doc, ok && doc.Version == version
}

// keep remembers a copy of a whole document of id, unless a newer one is kept already.
func (v *counterVersions) keep(id string, doc countersDoc) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.docs == nil {
		v.docs = map[string]countersDoc{}
	}
	if old, ok := v.docs[id]; !ok || old.Version < doc.Version {
		v.docs[id] = doc.clone()
	}
}

// clone copies a document deep, so a caller may change it without changing the kept one.
func (d countersDoc) clone() countersDoc {
	c := d
	c.Folded = slices.Clone(d.Folded)
	c.Groups = make(map[string]counterDoc, len(d.Groups))
	for g, counter := range d.Groups {
		chosen := make(map[string]map[string]int64, len(counter.Chosen))
		for q, options := range counter.Chosen {
			chosen[q] = maps.Clone(options)
		}
		c.Groups[g] = counterDoc{N: counter.N, Answered: maps.Clone(counter.Answered), Chosen: chosen}
	}
	return c
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

func (d *countersDoc) setTally(t survey.Tally) {
	d.Groups = make(map[string]counterDoc, len(t))
	for group, c := range t {
		d.Groups[fieldKey(group)] = counterDoc{N: c.N, Answered: c.Answered, Chosen: c.Chosen}
	}
}

// updateCounters applies change to the newest version of a survey version's counters and stores
// the result as the next version, applying it again to whatever another process stored first.
// change reports whether it changed anything; when it did not, nothing is stored.
func (db *DB) updateCounters(ctx context.Context, id string, change func(context.Context, *countersDoc) (bool, error)) error {
	for {
		doc, known, err := db.readNewest(ctx, id)
		if err != nil {
			return err
		}
		doc = doc.clone() // readNewest may share it
		changed, err := change(ctx, &doc)
		if err != nil || !changed {
			return err
		}
		if db.now().Sub(known) >= db.versions.trustFor() {
			db.versions.forgetSeen(id) // too old to act on: the next version may have been pruned
			continue
		}
		previous := doc.Version
		doc.Version++
		doc.ID = versionID(id, doc.Version)
		size, err := db.insertCounters(ctx, db.counters(), doc)
		if mongo.IsDuplicateKeyError(err) {
			db.versions.stale(id)
			continue // another process stored this version first
		}
		if err != nil {
			return storeError(err)
		}
		stored := db.now()
		db.versions.compacted(id, size)
		db.versions.saw(id, doc.Version, stored)
		db.versions.keep(id, doc)
		db.versions.newestAt(id, doc.Version, stored)
		if previous == 0 {
			return nil
		}
		// Stripping and pruning old versions only save space: if they fail, old versions are simply kept.
		_, err = db.counters().ReplaceOne(ctx, bson.D{{Key: "_id", Value: versionID(id, previous)}},
			countersDoc{ID: versionID(id, previous), Version: previous, Superseded: true})
		if err != nil {
			return storeError(err)
		}
		if below := db.versions.prune(id, doc.Version, stored); below > 0 {
			_, err = db.counters().DeleteMany(ctx, bson.D{idsOf(id), {Key: "n", Value: bson.D{{Key: "$lt", Value: below}}}})
		}
		return storeError(err)
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
		return 0, fmt.Errorf("find counters %s: %w", id, storeError(err))
	}
	var versions []struct {
		N int64 `bson:"n"`
	}
	if err := cur.All(ctx, &versions); err != nil {
		return 0, fmt.Errorf("find counters %s: %w", id, storeError(err))
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
	found, step := db.versions.start(id, searched), int64(1) // found exists, or is 0
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
	db.versions.saw(id, found, searched)
	return found, nil
}

// versionExists reports whether version of a survey version's counters is stored.
func (db *DB) versionExists(ctx context.Context, id string, version int64) (bool, error) {
	err := db.counters().FindOne(ctx, bson.D{{Key: "_id", Value: versionID(id, version)}},
		options.FindOne().SetProjection(bson.D{{Key: "_id", Value: 1}})).Err()
	if errors.Is(err, mongo.ErrNoDocuments) {
		return false, nil
	}
	return err == nil, storeError(err)
}

// minCompactBytes is the least a process's deltas of a survey version add up to before it folds
// them into the base: small bases are not rewritten for every few answers.
const minCompactBytes = 64 << 10

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
// per batch and survey version; then, if this process holds the housekeeping lease, it folds a
// survey version's deltas into its base once this process's alone have grown as large as it
// (other processes leave theirs to the holder: see compactCounters). A delta stored already (a
// retried pass) is left as it is.
func (db *DB) countBatches(ctx context.Context, batches []*batch) error {
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
			delta := deltaDoc{ID: id + "/" + deltaKey(b.id), Counter: id, Key: deltaKey(b.id)}
			delta.Groups = groupsOf(tallies[id])
			size, err := db.insertCounters(ctx, db.deltas(), delta)
			if err != nil && !mongo.IsDuplicateKeyError(err) {
				return fmt.Errorf("add batch to counters %s: %w", id, storeError(err))
			}
			if db.versions.added(id, size) && !due[id] && db.housekeeping() {
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

// groupsOf turns a tally into the groups of a counters document.
func groupsOf(t survey.Tally) map[string]counterDoc {
	groups := make(map[string]counterDoc, len(t))
	for group, c := range t {
		groups[fieldKey(group)] = counterDoc{N: c.N, Answered: c.Answered, Chosen: c.Chosen}
	}
	return groups
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
		return fmt.Errorf("list counters with deltas: %w", storeError(err))
	}
	var ids []struct {
		ID string `bson:"_id"`
	}
	if err := cur.All(ctx, &ids); err != nil {
		return fmt.Errorf("list counters with deltas: %w", storeError(err))
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
	if _, size, err := db.readDeltas(ctx, id, nil); err != nil || !db.versions.large(id, size) {
		return err
	}
	var folded []string
	err := db.updateCounters(ctx, id, func(ctx context.Context, doc *countersDoc) (bool, error) {
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
		t := doc.tally()
		doc.Folded, folded = nil, nil
		for _, d := range deltas {
			if !journaled[d.Key] {
				addGroups(t, d.Groups)
				doc.Folded = append(doc.Folded, d.ID)
			}
		}
		doc.setTally(t)
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
		return fmt.Errorf("delete folded deltas: %w", storeError(err))
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
		return nil, fmt.Errorf("read journal: %w", storeError(err))
	}
	var entries []struct {
		Key string `bson:"d"`
	}
	if err := cur.All(ctx, &entries); err != nil {
		return nil, fmt.Errorf("read journal: %w", storeError(err))
	}
	for _, e := range entries {
		found[e.Key] = true
	}
	return found, nil
}

// readDeltas reads a survey version's deltas, leaving out those in skip, and their size in bytes.
func (db *DB) readDeltas(ctx context.Context, id string, skip []string) ([]deltaDoc, int, error) {
	cur, err := db.deltas().Find(ctx, bson.D{{Key: "c", Value: id}})
	if err != nil {
		return nil, 0, fmt.Errorf("read deltas of %s: %w", id, storeError(err))
	}
	defer cur.Close(ctx)
	var deltas []deltaDoc
	size := 0
	for cur.Next(ctx) {
		var d deltaDoc
		if err := cur.Decode(&d); err != nil {
			return nil, 0, fmt.Errorf("read delta of %s: %w", id, err)
		}
		if !slices.Contains(skip, d.ID) {
			deltas = append(deltas, d)
			size += len(cur.Current)
		}
	}
	if err := cur.Err(); err != nil {
		return nil, 0, fmt.Errorf("read deltas of %s: %w", id, storeError(err))
	}
	return deltas, size, nil
}

// addGroups adds a delta's groups to t.
func addGroups(t survey.Tally, groups map[string]counterDoc) {
	for key, c := range groups {
		g := groupKey(key)
		sum := t[g]
		if sum == nil {
			sum = &survey.Counter{Answered: map[string]int64{}, Chosen: map[string]map[string]int64{}}
			t[g] = sum
		}
		sum.N += c.N
		for q, n := range c.Answered {
			sum.Answered[q] += n
		}
		for q, options := range c.Chosen {
			if sum.Chosen[q] == nil {
				sum.Chosen[q] = map[string]int64{}
			}
			for o, n := range options {
				sum.Chosen[q][o] += n
			}
		}
	}
}

// Counters reads the given groups' counters from one document, so the cost does not grow with
// the number of responses.
func (db *DB) Counters(ctx context.Context, slug string, version int, groups []string) (map[string]*survey.Counter, error) {
	doc, err := db.readCounters(ctx, counterID(slug, version))
	if err != nil {
		return nil, err
	}
	asked := countersDoc{Groups: make(map[string]counterDoc, len(groups))}
	for _, g := range groups {
		if c, ok := doc.Groups[fieldKey(g)]; ok {
			asked.Groups[fieldKey(g)] = c
		}
	}
	return asked.clone().tally(), nil
}

// readCounters reads a survey version's counters, the newest base plus the deltas not folded into
// it, or an empty document when there are none. The document may be shared with other readers:
// clone it before changing it.
func (db *DB) readCounters(ctx context.Context, id string) (countersDoc, error) {
	if kept, ok := db.versions.freshMerged(id, db.now()); ok {
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
			db.versions.stale(id)
			continue
		}
		if len(deltas) == 0 {
			db.versions.keepMerged(id, base, read)
			return base, nil
		}
		t := base.clone().tally() // base may be the kept document, shared: never add to its maps
		for _, d := range deltas {
			addGroups(t, d.Groups)
		}
		merged := countersDoc{ID: base.ID, Version: base.Version}
		merged.setTally(t)
		db.versions.keepMerged(id, merged, read)
		return merged, nil
	}
}

// readNewest is readCounters that also says when the document was known to be the newest.
func (db *DB) readNewest(ctx context.Context, id string) (countersDoc, time.Time, error) {
	if kept, checked, ok := db.versions.fresh(id, db.now()); ok {
		return kept, checked, nil
	}
	for {
		var doc countersDoc
		searched := db.now()
		version, err := db.newestVersion(ctx, id)
		if err != nil || version == 0 {
			return doc, searched, err
		}
		if kept, ok := db.versions.cached(id, version); ok {
			db.versions.newestAt(id, version, searched)
			return kept, searched, nil
		}
		raw, err := db.counters().FindOne(ctx, bson.D{{Key: "_id", Value: versionID(id, version)}}).Raw()
		if err == nil {
			err = bson.Unmarshal(raw, &doc)
		}
		if errors.Is(err, mongo.ErrNoDocuments) {
			db.versions.forgetSeen(id) // pruned since the search: search from what is stored
			continue
		}
		if err != nil {
			return doc, searched, fmt.Errorf("read counters %s: %w", id, storeError(err))
		}
		if !doc.Superseded {
			db.versions.sized(id, len(raw))
			db.versions.keep(id, doc)
			db.versions.newestAt(id, version, searched)
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
	doc, err := db.readCounters(ctx, counterID(slug, version))
	if err != nil {
		return nil, err
	}
	return doc.clone().tally(), nil
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

// ReplaceCounters makes a survey version's counters exactly tally, folding away every delta. Run it
// only while no server is taking answers for that survey: the rebuild command runs with the
// embedded store to itself.
func (db *DB) ReplaceCounters(ctx context.Context, slug string, version int, tally survey.Tally) error {
	var folded []string
	err := db.updateCounters(ctx, counterID(slug, version), func(ctx context.Context, doc *countersDoc) (bool, error) {
		deltas, _, err := db.readDeltas(ctx, counterID(slug, version), nil)
		if err != nil {
			return false, err
		}
		doc.setTally(tally)
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
