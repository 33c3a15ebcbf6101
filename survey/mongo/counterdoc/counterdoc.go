// Package counterdoc holds the shape of the counters documents the mongo adapter stores (a
// survey version's base and the deltas its counting passes add), how they turn into and from a
// survey.Tally, and what one process remembers of them between reads. It reads and writes no
// store: the adapter does, so this package imports no driver but for BSON tags.
package counterdoc

import (
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/safeguarding/safetysurvey/survey"
)

// NewVersions is an empty memory of counters versions with the default pruning and compaction.
func NewVersions() *Versions {
	return &Versions{pruneAfter: DefaultPruneAfter, compactFrom: MinCompactBytes}
}

// SetPruneAfter makes versions below a newer one prunable d after it is stored; tests shorten it.
func (v *Versions) SetPruneAfter(d time.Duration) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.pruneAfter = d
}

// SetCompactFrom makes deltas of n bytes (and the base's size) enough to compact; tests lower it.
func (v *Versions) SetCompactFrom(n int) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.compactFrom = n
}

// FieldKey makes a group key safe as a field name: areas are free text and may hold '.' or '$',
// and a NUL (which the domain refuses, but a channel stored before it did may hold) cannot be
// in a BSON field name at all.
var FieldKey = strings.NewReplacer("%", "%25", ".", "%2E", "$", "%24", "\x00", "%00").Replace

// GroupKey turns a field name made by FieldKey back into the group key.
var GroupKey = strings.NewReplacer("%2E", ".", "%24", "$", "%00", "\x00", "%25", "%").Replace

// Counter is one group's counts in a base or delta: responses, answers to each question, and
// choices of each option.
type Counter struct {
	N        int64                       `bson:"n"`
	Answered map[string]int64            `bson:"a"`
	Chosen   map[string]map[string]int64 `bson:"o"`
}

// Doc is a version of a survey version's counters base, {_id: "<slug>@<version>#<n>", n, g, f};
// a superseded version is stripped to {_id, n, x: true}.
type Doc struct {
	ID         string             `bson:"_id"`
	Version    int64              `bson:"n"`
	Superseded bool               `bson:"x,omitempty"`
	Groups     map[string]Counter `bson:"g,omitempty"`
	// Folded lists the deltas folded into this version that may not be deleted yet.
	Folded []string `bson:"f,omitempty"`
}

// Delta is what one counting pass adds to a survey version's counters.
type Delta struct {
	ID      string             `bson:"_id"`
	Counter string             `bson:"c"`
	Key     string             `bson:"b"`
	Groups  map[string]Counter `bson:"g"`
}

// Versions remembers the newest version of each survey version's counters this process
// has seen, where a search for the newest starts, and keeps the newest document it read or stored
// whole: reading a large document is most of a summary's cost on FerretDB v1 (which decodes a
// document whole whatever the projection), and while nobody stores a newer version the kept one is
// the newest, found with one lookup of the next version's _id.
type Versions struct {
	mu     sync.Mutex
	newest map[string]int64
	// seenAt is when the newest version was last known to be the newest; a search starts from it
	// only for trustFor after that, since the versions just above cannot have been pruned sooner.
	seenAt map[string]time.Time
	docs   map[string]Doc
	// prunable is, for each survey version, a version known to be stored at a time: once
	// pruneAfter has passed since, every version below it may go.
	prunable   map[string]storedAt
	pruneAfter time.Duration // DefaultPruneAfter, shorter in tests
	// checked is when the kept document was last known to be the newest: just stored by this
	// process, or found so by a search. Within CheckedFor of that it is read without a search,
	// so readers see another process's counts that much later at most.
	checked map[string]time.Time
	// merged keeps, for each survey version, the newest base plus its deltas, as read at a time:
	// within CheckedFor it is read without a search.
	merged map[string]mergedAt
	// unfolded is, for each survey version, the bytes of deltas this process stored since it last
	// compacted; size is the size of the base it last read or stored. Compacting once the first
	// reaches the second keeps compaction's writes no larger than the deltas'.
	unfolded map[string]int
	size     map[string]int
	// compactFrom is the least the deltas add up to before a compaction: MinCompactBytes, less in tests.
	compactFrom int
}

type mergedAt struct {
	doc Doc
	at  time.Time
}

// CheckedFor is how long a kept counters document is trusted to be the newest without a search:
// a search looks up the next version's _id, which FerretDB v1 answers by reading the collection.
const CheckedFor = time.Second

// DefaultPruneAfter is how long after version n is known to be stored the versions below n are deleted.
// Versions are kept so that no process takes a number again, and a process acts on what it knew
// for less than trustFor (a counting pass re-reads what it knew before storing the next version
// if it has taken longer, and a search starts from the newest version it saw only that soon), so
// none ever stores a version that was deleted: that version was superseded before the process's
// knowledge was formed, and deleted at least pruneAfter later. Pruning keeps the counters
// collection, which FerretDB v1 reads whole to answer each lookup, from growing with every count.
const DefaultPruneAfter = time.Minute

type storedAt struct {
	version int64
	at      time.Time
}

// freshMerged returns the kept merged counters of id if they were read less than CheckedFor ago.
func (v *Versions) FreshMerged(id string, now time.Time) (Doc, bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	m, ok := v.merged[id]
	return m.doc, ok && now.Sub(m.at) < CheckedFor
}

// keepMerged remembers the merged counters of id as read at at.
func (v *Versions) KeepMerged(id string, doc Doc, at time.Time) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.merged == nil {
		v.merged = map[string]mergedAt{}
	}
	v.merged[id] = mergedAt{doc, at}
}

// added records that this process stored n bytes of deltas for id, and reports whether they may
// have grown as large as the base, so it may be time to compact.
func (v *Versions) Added(id string, n int) bool {
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
func (v *Versions) Large(id string, n int) bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	return n >= max(v.size[id], v.compactFrom)
}

// sized records that the base of id is size bytes, as read.
func (v *Versions) Sized(id string, size int) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.size == nil {
		v.size = map[string]int{}
	}
	v.size[id] = size
}

// compacted records that the base of id is now size bytes and this process's deltas are folded.
func (v *Versions) Compacted(id string, size int) {
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
// less than CheckedFor ago.
func (v *Versions) Fresh(id string, now time.Time) (Doc, time.Time, bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	doc, ok := v.docs[id]
	checked := v.checked[id]
	return doc, checked, ok && doc.Version == v.newest[id] && now.Sub(checked) < CheckedFor
}

// newestAt records that version is the newest of id at now.
func (v *Versions) NewestAt(id string, version int64, now time.Time) {
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
func (v *Versions) ForgetChecks() {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.checked = nil
	v.merged = nil
}

// stale forgets when id was checked, so the next read searches: another process stored a version.
func (v *Versions) Stale(id string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	delete(v.checked, id)
	delete(v.merged, id)
}

// trustFor is how long what a process knows about the newest counters is acted on.
func (v *Versions) TrustFor() time.Duration {
	return v.pruneAfter / 2
}

// start returns where a search for the newest version of id may start at now: the newest seen,
// if it was known to be the newest less than trustFor ago, or 0.
func (v *Versions) Start(id string, now time.Time) int64 {
	v.mu.Lock()
	defer v.mu.Unlock()
	if now.Sub(v.seenAt[id]) >= v.TrustFor() {
		return 0
	}
	return v.newest[id]
}

// saw records that version of id was stored, and the newest, at at.
func (v *Versions) Saw(id string, version int64, at time.Time) {
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
func (v *Versions) ForgetSeen(id string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	delete(v.seenAt, id)
	delete(v.checked, id)
	delete(v.merged, id)
}

// prune returns the version of id below which every version may be deleted at now, or 0, and
// remembers stored, just stored at now, for a later pruning.
func (v *Versions) Prune(id string, stored int64, now time.Time) int64 {
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
func (v *Versions) Cached(id string, version int64) (Doc, bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	doc, ok := v.docs[id]
	return doc, ok && doc.Version == version
}

// keep remembers a copy of a whole document of id, unless a newer one is kept already.
func (v *Versions) Keep(id string, doc Doc) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.docs == nil {
		v.docs = map[string]Doc{}
	}
	if old, ok := v.docs[id]; !ok || old.Version < doc.Version {
		v.docs[id] = doc.Clone()
	}
}

// clone copies a document deep, so a caller may change it without changing the kept one.
func (d Doc) Clone() Doc {
	c := d
	c.Folded = slices.Clone(d.Folded)
	c.Groups = make(map[string]Counter, len(d.Groups))
	for g, counter := range d.Groups {
		chosen := make(map[string]map[string]int64, len(counter.Chosen))
		for q, options := range counter.Chosen {
			chosen[q] = maps.Clone(options)
		}
		c.Groups[g] = Counter{N: counter.N, Answered: maps.Clone(counter.Answered), Chosen: chosen}
	}
	return c
}

func (d Doc) Tally() survey.Tally {
	t := survey.Tally{}
	for key, c := range d.Groups {
		counter := &survey.Counter{N: c.N, Answered: c.Answered, Chosen: c.Chosen}
		if counter.Answered == nil {
			counter.Answered = map[string]int64{}
		}
		if counter.Chosen == nil {
			counter.Chosen = map[string]map[string]int64{}
		}
		t[GroupKey(key)] = counter
	}
	return t
}

func (d *Doc) SetTally(t survey.Tally) {
	d.Groups = make(map[string]Counter, len(t))
	for group, c := range t {
		d.Groups[FieldKey(group)] = Counter{N: c.N, Answered: c.Answered, Chosen: c.Chosen}
	}
}

// MinCompactBytes is the least a process's deltas of a survey version add up to before it folds
// them into the base: small bases are not rewritten for every few answers.
const MinCompactBytes = 64 << 10

// GroupsOf turns a tally into the groups of a counters document.
func GroupsOf(t survey.Tally) map[string]Counter {
	groups := make(map[string]Counter, len(t))
	for group, c := range t {
		groups[FieldKey(group)] = Counter{N: c.N, Answered: c.Answered, Chosen: c.Chosen}
	}
	return groups
}

// AddGroups adds a delta's groups to t.
func AddGroups(t survey.Tally, groups map[string]Counter) {
	for key, c := range groups {
		g := GroupKey(key)
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
