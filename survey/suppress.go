package survey

import (
	"fmt"
	"slices"
)

// Suppression thresholds: the defaults, and the floor no survey may go below.
const (
	DefaultMinCount = 10
	FloorMinCount   = 5
	DefaultMinBase  = 30
)

// SuppressionRules say which published numbers are too small to show.
type SuppressionRules struct {
	MinCount int `json:"min_count"` // counts from 1 to MinCount-1 are never shown, nor percentages of a base below it
	MinBase  int `json:"min_base"`  // a breakdown group with fewer respondents is hidden whole
}

// DefaultRules are the partnership's standard rules.
var DefaultRules = SuppressionRules{MinCount: DefaultMinCount, MinBase: DefaultMinBase}

// Check enforces the floor: a survey may raise the thresholds, never lower them below it.
func (r SuppressionRules) Check() error {
	if r.MinCount < FloorMinCount || r.MinBase < r.MinCount {
		return fmt.Errorf("suppression: min_count must be at least %d and min_base at least min_count", FloorMinCount)
	}
	return nil
}

// cellTable is a set of published numbers and the sums that tie them together, which a reader
// could use to work a hidden number out by subtraction.
type cellTable struct {
	value      map[string]int64
	suppressed map[string]bool
	fixed      map[string]bool // decided elsewhere (overall totals): never chosen to hide another cell
	// insensitive cells say nothing about anyone's answers (how many skipped a question), so they
	// are not hidden for being small, though they may be hidden to protect another cell.
	insensitive map[string]bool
	// public cells are hidden but assumed known to any reader: the zeros of a group nobody is in,
	// and numbers that follow from published ones alone. They need no protection and give none.
	public map[string]bool
	// priority orders the cells secondary suppression hides to protect another: hideFirst for
	// those that carry no finding, hideLast for combined answers, the rest between.
	priority map[string]int
	sums     []sum
}

// Priorities of cells for secondary suppression; cells not given one are in between.
const (
	hideFirst = -1
	hideLast  = 1
)

// NotSure is the option id by which a question offers "I'm not sure". Like "prefer not to say"
// and not answering, choosing it carries no finding, so secondary suppression hides those
// answers (and the breakdown groups of those who gave them) before any other.
const NotSure = "not_sure"

// carriesNoFinding reports whether an answer or breakdown group value says nothing scrutineers
// act on: "prefer not to say", "not sure", not answered.
func carriesNoFinding(value string) bool {
	return value == PreferNotToSay || value == NotSure || value == NotAnswered
}

type sum struct {
	total string
	parts []string
}

func newCellTable() *cellTable {
	return &cellTable{value: map[string]int64{}, suppressed: map[string]bool{}, fixed: map[string]bool{}, insensitive: map[string]bool{}, public: map[string]bool{}, priority: map[string]int{}}
}

func (t *cellTable) set(key string, v int64) {
	t.value[key] = v
}

func (t *cellTable) addSum(total string, parts ...string) {
	t.sums = append(t.sums, sum{total: total, parts: parts})
}

// suppressSmall hides every count from 1 to minCount-1 that is not fixed or insensitive; zeros are shown.
func (t *cellTable) suppressSmall(minCount int) {
	for k, v := range t.value {
		if !t.fixed[k] && !t.insensitive[k] && v > 0 && v < int64(minCount) {
			t.suppressed[k] = true
		}
	}
}

// derivable returns the hidden cells a reader could work out by repeated subtraction, and for
// each the sum that gave it away, in the order they fall.
func (t *cellTable) derivable() (cells []string, via []sum) {
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

// protect adds secondary suppression until no hidden cell can be worked out by subtraction: for a
// sum that gives one away, it also hides a shown part of that sum that is not fixed: non-zero
// before zero (a hidden zero beside a hidden small count would still tell a reader the count is
// small), then by priority (answers that carry no finding first, combined answers last), then
// the smallest.
// When no sum that gives a cell away has a part left to hide, every cell given away follows from
// published and public numbers alone (by induction along the order they fall), so hiding more
// could not protect them: they are public.
func (t *cellTable) protect() {
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

func (t *cellTable) hideSmallestPart(s sum, leaked string) bool {
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
