// Package suppress decides which numbers of a table of counts may be published: it hides the
// small ones, and then whatever would let a reader work a hidden one out by subtraction from the
// sums that tie the numbers together (secondary suppression). Standard library only; the domain's
// findings (survey/findings) and theme counts (survey) are made with it.
package suppress

import (
	"iter"
	"maps"
	"slices"
)

// Priorities of cells for secondary suppression; cells not given one are in between.
const (
	HideFirst = -1
	HideLast  = 1
)

// Table is a set of published numbers and the sums that tie them together, which a reader
// could use to work a hidden number out by subtraction.
type Table struct {
	value      map[string]int64
	suppressed map[string]bool
	fixed      map[string]bool // decided elsewhere (overall totals): never chosen to hide another cell
	// insensitive cells say nothing about anyone's answers (how many skipped a question), so they
	// are not hidden for being small, though they may be hidden to protect another cell.
	insensitive map[string]bool
	// public cells are hidden but assumed known to any reader: the zeros of a group nobody is in,
	// and numbers that follow from published ones alone. They need no protection and give none.
	public map[string]bool
	// priority orders the cells secondary suppression hides to protect another: HideFirst for
	// those that carry no finding, HideLast for combined answers, the rest between.
	priority map[string]int
	sums     []sum
}

type sum struct {
	total string
	parts []string
}

// New returns an empty table.
func New() *Table {
	return &Table{value: map[string]int64{}, suppressed: map[string]bool{}, fixed: map[string]bool{}, insensitive: map[string]bool{}, public: map[string]bool{}, priority: map[string]int{}}
}

// Set sets the cell key to v.
func (t *Table) Set(key string, v int64) {
	t.value[key] = v
}

// Value is the cell key's value, and whether the table has it.
func (t *Table) Value(key string) (int64, bool) {
	v, ok := t.value[key]
	return v, ok
}

// Keys yields the table's cells, in no order.
func (t *Table) Keys() iter.Seq[string] {
	return maps.Keys(t.value)
}

// Insensitive marks the cell key as saying nothing about anyone's answers.
func (t *Table) Insensitive(key string) {
	t.insensitive[key] = true
}

// Prioritize sets the order in which secondary suppression hides the cell key: HideFirst,
// HideLast, or 0 between them.
func (t *Table) Prioritize(key string, priority int) {
	t.priority[key] = priority
}

// Suppressed reports whether the cell key is hidden.
func (t *Table) Suppressed(key string) bool {
	return t.suppressed[key]
}

// Decided returns a new table holding t's cells fixed as t decided them, shown or hidden, for a
// larger table around them (a breakdown around the overall numbers) that must not change them.
func (t *Table) Decided() *Table {
	d := New()
	for k, v := range t.value {
		d.Set(k, v)
		d.fixed[k] = true
		d.suppressed[k] = t.suppressed[k]
		d.insensitive[k] = t.insensitive[k]
		d.priority[k] = t.priority[k]
	}
	return d
}

// AddSum records that the cell total is the sum of the cells parts.
func (t *Table) AddSum(total string, parts ...string) {
	t.sums = append(t.sums, sum{total: total, parts: parts})
}

// SuppressSmall hides every count from 1 to minCount-1 that is not fixed or insensitive; zeros are shown.
func (t *Table) SuppressSmall(minCount int) {
	for k, v := range t.value {
		if !t.fixed[k] && !t.insensitive[k] && v > 0 && v < int64(minCount) {
			t.suppressed[k] = true
		}
	}
}

// derivable returns the hidden cells a reader could work out by repeated subtraction, and for
// each the sum that gave it away, in the order they fall.
func (t *Table) derivable() (cells []string, via []sum) {
	known := map[string]bool{}
	for k := range t.value {
		known[k] = !t.suppressed[k] || t.public[k]
	}
	for changed := true; changed; {
		changed = false
		for _, s := range t.sums {
			unknown, count := "", 0
			if !known[s.total] {
				unknown, count = s.total, 1
			}
			for _, k := range s.parts {
				if !known[k] {
					unknown, count = k, count+1
					if count > 1 {
						break
					}
				}
			}
			if count == 1 {
				known[unknown] = true
				cells, via = append(cells, unknown), append(via, s)
				changed = true
			}
		}
	}
	return cells, via
}

// Protect adds secondary suppression until no hidden cell can be worked out by subtraction: for a
// sum that gives one away, it also hides a shown part of that sum that is not fixed: non-zero
// before zero (a hidden zero beside a hidden small count would still tell a reader the count is
// small), then by priority (answers that carry no finding first, combined answers last), then
// the smallest.
// When no sum that gives a cell away has a part left to hide, every cell given away follows from
// published and public numbers alone (by induction along the order they fall), so hiding more
// could not protect them: they are public.
func (t *Table) Protect() {
	for {
		cells, via := t.derivable()
		if len(cells) == 0 {
			return
		}
		progress := false
		for i, cell := range cells {
			if progress = t.hideSmallestPart(via[i], cell); progress {
				break
			}
		}
		if !progress {
			for _, cell := range cells {
				t.public[cell] = true
			}
		}
	}
}

func (t *Table) hideSmallestPart(s sum, leaked string) bool {
	candidates := slices.DeleteFunc(slices.Clone(s.parts), func(k string) bool {
		return k == leaked || t.suppressed[k] || t.fixed[k]
	})
	if len(candidates) == 0 {
		return false
	}
	slices.SortFunc(candidates, func(a, b string) int {
		va, vb := t.value[a], t.value[b]
		if (va == 0) != (vb == 0) {
			if va == 0 {
				return 1
			}
			return -1
		}
		if pa, pb := t.priority[a], t.priority[b]; pa != pb {
			return pa - pb
		}
		if va != vb {
			if va < vb {
				return -1
			}
			return 1
		}
		return compareStrings(a, b)
	})
	t.suppressed[candidates[0]] = true
	return true
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Key names a cell of a group, so that ProtectGroups can hide a group's cells together.
func Key(group, cell string) string {
	return group + "|" + cell
}

// SplitKey is the inverse of Key.
func SplitKey(k string) (group, cell string, ok bool) {
	for i := len(k) - 1; i >= 0; i-- {
		if k[i] == '|' {
			return k[:i], k[i+1:], true
		}
	}
	return "", "", false
}

// ProtectGroups hides every group whose cell base (its respondents) is below minBase, then adds secondary
// suppression. When that hides a shown group's base, the group is hidden whole and secondary
// suppression starts again from the small cells, so no cell stays hidden to protect a group
// that is now hidden anyway. A group nobody is in is hidden but public: that it is empty
// discloses nothing about anyone, so it needs no protection, and it gives none either (a reader
// may well know that nobody answered in Somali, or lives outside the area).
func (t *Table) ProtectGroups(groups []string, base string, minBase int) {
	small := maps.Clone(t.suppressed)
	hidden := map[string]bool{}
	for _, g := range groups {
		hidden[g] = t.value[Key(g, base)] < int64(minBase)
	}
	for grew := true; grew; {
		t.suppressed, t.public = maps.Clone(small), map[string]bool{}
		for _, g := range groups {
			if hidden[g] {
				t.hideGroup(g, t.value[Key(g, base)] == 0)
			}
		}
		t.Protect()
		grew = false
		for _, g := range groups {
			if t.suppressed[Key(g, base)] && !hidden[g] {
				hidden[g], grew = true, true
			}
		}
	}
}

func (t *Table) hideGroup(g string, public bool) {
	for k := range t.value {
		if group, _, _ := SplitKey(k); group == g {
			t.suppressed[k] = true
			t.public[k] = public
		}
	}
}

// Shown returns the cell's value, or nil when it is suppressed.
func (t *Table) Shown(k string) *int64 {
	if t.suppressed[k] {
		return nil
	}
	v := t.value[k]
	return &v
}
