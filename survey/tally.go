package survey

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// GroupAll is the group every response belongs to, except suspect ones.
const GroupAll = "*"

// GroupSuspect is the only group a suspect response counts in, so no finding includes it.
const GroupSuspect = "!suspect"

// Breakdown dimensions that are not questions; question ids start with a letter, so these cannot clash.
const (
	DimLanguage    = "_lang"    // language the child answered in
	DimSetting     = "_setting" // setting type of the channel the answer came through
	DimSettingArea = "_area"    // area of that channel
	DimChannel     = "_channel" // the channel itself: counts completions per poster, never broken down in findings
)

// NotAnswered is the group value of respondents who did not answer a breakdown question.
const NotAnswered = "_none"

// GroupKey names the group of respondents whose value on a dimension is value.
func GroupKey(dim, value string) string {
	return dim + "=" + value
}

// GroupKeys lists GroupAll and the keys of a dimension's groups: the counters a summary broken
// down by dim reads.
func GroupKeys(dim string, values []string) []string {
	keys := []string{GroupAll}
	for _, v := range values {
		keys = append(keys, GroupKey(dim, v))
	}
	return keys
}

// SplitGroupKey is the inverse of GroupKey.
func SplitGroupKey(key string) (dim, value string) {
	dim, value, _ = strings.Cut(key, "=")
	return dim, value
}

// BreakdownQuestions are the questions findings can be broken down by: those with one answer each.
func (s *Survey) BreakdownQuestions() []*Question {
	var qs []*Question
	for i := range s.Questions {
		if q := &s.Questions[i]; q.Type == Single || q.Type == Scale {
			qs = append(qs, q)
		}
	}
	return qs
}

// GroupsOf lists the breakdown groups a response counts in, besides GroupAll. They are stored with
// the response so counters can always be rebuilt from stored responses alone.
func (s *Survey) GroupsOf(answers Answers, lang string, ch *Channel) []string {
	var groups []string
	for _, q := range s.BreakdownQuestions() {
		value := NotAnswered
		if c := answers[q.ID].Choices; len(c) == 1 {
			value = c[0]
		}
		groups = append(groups, GroupKey(q.ID, value))
	}
	groups = append(groups, GroupKey(DimLanguage, lang))
	setting, area := NotAnswered, NotAnswered
	if ch != nil && ch.Setting != "" {
		setting = ch.Setting
	}
	if ch != nil && ch.Area != "" {
		area = ch.Area
	}
	groups = append(groups, GroupKey(DimSetting, setting), GroupKey(DimSettingArea, area))
	if ch != nil {
		groups = append(groups, GroupKey(DimChannel, ch.Code))
	}
	return groups
}

// Counter is the running count of one group of respondents.
type Counter struct {
	N        int64                       `json:"n"`
	Answered map[string]int64            `json:"answered"`
	Chosen   map[string]map[string]int64 `json:"chosen"`
}

// Tally is what some responses add to a survey version's counters, by group key.
type Tally map[string]*Counter

// Add counts one response in GroupAll and in each of its groups, or a suspect one in GroupSuspect
// alone. A channel's group counts completions only: findings are never broken down by single poster.
func (t Tally) Add(r *Response) {
	groups := append([]string{GroupAll}, r.Groups...)
	if r.Suspect != "" {
		groups = []string{GroupSuspect}
	}
	for _, g := range groups {
		c := t[g]
		if c == nil {
			c = &Counter{Answered: map[string]int64{}, Chosen: map[string]map[string]int64{}}
			t[g] = c
		}
		c.N++
		if dim, _ := SplitGroupKey(g); dim == DimChannel {
			continue
		}
		for q, a := range r.Answers {
			c.Answered[q]++
			for _, o := range a.Choices {
				if c.Chosen[q] == nil {
					c.Chosen[q] = map[string]int64{}
				}
				c.Chosen[q][o]++
			}
		}
	}
}

// Diff lists where two tallies disagree, as "group: what: a != b"; empty when they are equal.
// Counters that are zero count as absent.
func (t Tally) Diff(other Tally) []string {
	var diffs []string
	groups := map[string]bool{}
	for g := range t {
		groups[g] = true
	}
	for g := range other {
		groups[g] = true
	}
	for g := range groups {
		a, b := t[g], other[g]
		if a == nil {
			a = &Counter{}
		}
		if b == nil {
			b = &Counter{}
		}
		if a.N != b.N {
			diffs = append(diffs, fmt.Sprintf("%s: respondents: %d != %d", g, a.N, b.N))
		}
		for _, q := range unionKeys(a.Answered, b.Answered) {
			if a.Answered[q] != b.Answered[q] {
				diffs = append(diffs, fmt.Sprintf("%s: answered %s: %d != %d", g, q, a.Answered[q], b.Answered[q]))
			}
		}
		for _, q := range unionKeys(a.Chosen, b.Chosen) {
			for _, o := range unionKeys(a.Chosen[q], b.Chosen[q]) {
				if a.Chosen[q][o] != b.Chosen[q][o] {
					diffs = append(diffs, fmt.Sprintf("%s: %s=%s: %d != %d", g, q, o, a.Chosen[q][o], b.Chosen[q][o]))
				}
			}
		}
	}
	slices.Sort(diffs)
	return diffs
}

func unionKeys[V any](a, b map[string]V) []string {
	keys := map[string]bool{}
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}
	out := make([]string, 0, len(keys))
	for k := range keys {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// BreakdownGroups lists the group values of a question dimension in the definition's order,
// with NotAnswered last; other dimensions' values come from the store.
func (s *Survey) BreakdownGroups(dim string) ([]string, bool) {
	q, ok := s.Question(dim)
	if !ok || (q.Type != Single && q.Type != Scale) {
		return nil, false
	}
	var values []string
	for _, o := range q.AllOptions() {
		values = append(values, o.ID)
	}
	return append(values, NotAnswered), true
}

// SummaryStore reads the counters findings are made from; they are kept up to date as responses
// are stored, so reading them costs the same however many responses there are.
type SummaryStore interface {
	// Counters returns the counters of the given groups of a survey version; a group nobody is in is absent.
	Counters(ctx context.Context, slug string, version int, groups []string) (map[string]*Counter, error)
	// GroupValues lists the values a dimension has taken among stored responses, sorted.
	GroupValues(ctx context.Context, slug string, version int, dim string) ([]string, error)
}
