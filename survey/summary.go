package survey

import (
	"context"
	"maps"
	"math"
	"slices"
)

// Summary is the published findings of one survey version. Every number in it has been through
// suppression; a suppressed number is nil and its option is flagged, never shown.
type Summary struct {
	Survey    string            `json:"survey"`
	Version   int               `json:"version"`
	Lang      string            `json:"lang"`
	Title     string            `json:"title"`
	Responses *int64            `json:"responses"`
	Rules     SuppressionRules  `json:"rules"`
	Questions []QuestionSummary `json:"questions"`
	By        string            `json:"by,omitempty"`
	Groups    []GroupSummary    `json:"groups,omitempty"`
	Quotes    []Quote           `json:"quotes"` // approved for publication; filled by whoever holds them
	Themes    []ThemeCount      `json:"themes"` // how many text answers scrutineers gave each theme, most first
	Headlines []Headline        `json:"headlines"`
	Wave      string            `json:"wave"`
	Previous  *PreviousWave     `json:"previous,omitempty"`
}

// PreviousWave is the published findings of a survey's previous wave, for the questions both
// waves asked the same way, to set beside this wave's. Its labels are as that wave asked them.
type PreviousWave struct {
	Survey    string            `json:"survey"`
	Version   int               `json:"version"`
	Wave      string            `json:"wave"`
	Responses *int64            `json:"responses"`
	Questions []QuestionSummary `json:"questions"`
}

// QuestionSummary is one question's numbers: Base is how many answered it.
type QuestionSummary struct {
	ID          string          `json:"id"`
	Type        string          `json:"type"`
	Text        string          `json:"text"`
	Base        *int64          `json:"base"`
	NotAnswered *int64          `json:"not_answered"`
	Options     []OptionSummary `json:"options"`
	Combined    []CombinedCount `json:"combined,omitempty"`   // the definition's groups of options, counted together
	SafeShare   *float64        `json:"safe_share,omitempty"` // scales: percent of the base on the positive side
}

// CombinedCount is how many chose any option of a group the definition combines, under the same
// suppression as every other number.
type CombinedCount struct {
	ID         string   `json:"id"`
	Label      string   `json:"label"`
	Options    []string `json:"options"`
	Count      *int64   `json:"count"`
	Percent    *float64 `json:"percent"`
	Suppressed bool     `json:"suppressed"`
}

// TaggedThemes are the themes scrutineers gave any answer, or whose count is too small to show.
func (sum *Summary) TaggedThemes() []ThemeCount {
	var themes []ThemeCount
	for _, tc := range sum.Themes {
		if tc.Count == nil || *tc.Count > 0 {
			themes = append(themes, tc)
		}
	}
	return themes
}

// WithCombined returns the question's summary with each group of combined answers in place of
// the options it joins (at the place of the first), for charts that show the groups instead.
func (q QuestionSummary) WithCombined() QuestionSummary {
	if len(q.Combined) == 0 {
		return q
	}
	var opts []OptionSummary
	for _, o := range q.Options {
		i := slices.IndexFunc(q.Combined, func(c CombinedCount) bool { return slices.Contains(c.Options, o.ID) })
		switch {
		case i < 0:
			opts = append(opts, o)
		case q.Combined[i].Options[0] == o.ID || !slices.ContainsFunc(opts, func(x OptionSummary) bool { return x.ID == q.Combined[i].ID }):
			c := q.Combined[i]
			opts = append(opts, OptionSummary{ID: c.ID, Label: c.Label, Count: c.Count, Percent: c.Percent, Suppressed: c.Suppressed})
		}
	}
	q.Options, q.Combined = opts, nil
	return q
}

// FindQuestion returns the summary of question id among qs.
func FindQuestion(qs []QuestionSummary, id string) (QuestionSummary, bool) {
	i := slices.IndexFunc(qs, func(q QuestionSummary) bool { return q.ID == id })
	if i < 0 {
		return QuestionSummary{}, false
	}
	return qs[i], true
}

// OptionSummary is how many chose an option and what percent of the question's base that is.
type OptionSummary struct {
	ID         string   `json:"id"`
	Label      string   `json:"label"`
	Count      *int64   `json:"count"`
	Percent    *float64 `json:"percent"`
	Suppressed bool     `json:"suppressed"`
}

// GroupSummary is the findings for one breakdown group; a hidden group carries only its id.
type GroupSummary struct {
	ID         string            `json:"id"`
	Label      string            `json:"label,omitempty"`
	Base       *int64            `json:"base,omitempty"`
	Suppressed bool              `json:"suppressed,omitempty"`
	Questions  []QuestionSummary `json:"questions,omitempty"`
}

// Labels gives names the survey definition does not hold, in the summary's language.
type Labels interface {
	// PreferNotToSay names the "prefer not to say" option.
	PreferNotToSay() string
	// Group names a group of a non-question dimension (a language, a setting type, an area) or NotAnswered.
	Group(dim, value string) string
	// Plural is the CLDR plural category ("one", "few", "other"...) of n in lang.
	Plural(lang string, n int64) string
	// Number writes n with the summary language's digits.
	Number(n int64) string
}

// Summarize turns counters into published findings in lang, broken down by dimension by when it is
// not empty, with groups listed in the order given. Suppression is applied here and only here.
func (s *Survey) Summarize(counters map[string]*Counter, lang, by string, groups []string, rules SuppressionRules, labels Labels) *Summary {
	overall := newCellTable()
	s.addCells(overall, GroupAll, counters[GroupAll], false)
	overall.suppressSmall(rules.MinCount)
	overall.protect()

	sum := &Summary{Survey: s.Slug, Version: s.Version, Lang: lang, Title: s.Title.In(lang), Rules: rules, By: by, Quotes: []Quote{}, Themes: []ThemeCount{}, Wave: s.WaveName()}
	sum.Responses = overall.shown(cellKey(GroupAll, "n"))
	sum.Questions = s.questionSummaries(overall, GroupAll, lang, rules, labels)
	sum.Headlines = s.headlines(sum, labels)
	if by == "" {
		return sum
	}
	table := newCellTable()
	for k, v := range overall.value {
		table.set(k, v)
		table.fixed[k] = true
		table.suppressed[k] = overall.suppressed[k]
		table.insensitive[k] = overall.insensitive[k]
		table.priority[k] = overall.priority[k]
	}
	var keys []string
	for _, value := range groups {
		g := GroupKey(by, value)
		keys = append(keys, g)
		s.addCells(table, g, counters[g], carriesNoFinding(value))
	}
	s.addAcrossSums(table, keys)
	table.suppressSmall(rules.MinCount)
	table.protectGroups(keys, rules.MinBase)
	for i, g := range keys {
		gs := GroupSummary{ID: groups[i]}
		if base := table.shown(cellKey(g, "n")); base == nil {
			gs.Suppressed = true
		} else {
			gs.Label, gs.Base = s.GroupLabel(by, groups[i], lang, labels), base
			gs.Questions = s.questionSummaries(table, g, lang, rules, labels)
		}
		sum.Groups = append(sum.Groups, gs)
	}
	return sum
}

// WaveName names this run of the survey in comparisons: its wave, or else its slug.
func (s *Survey) WaveName() string {
	if s.Wave != "" {
		return s.Wave
	}
	return s.Slug
}

// ComparePrevious sets prevSum, the findings of the previous wave prev, beside sum, keeping the
// questions both waves asked the same way. Both have been through suppression on their own, and
// no one answered both, so setting them side by side reveals nothing either hides.
func (s *Survey) ComparePrevious(sum *Summary, prev *Survey, prevSum *Summary) {
	pw := &PreviousWave{Survey: prev.Slug, Version: prev.Version, Wave: prev.WaveName(), Responses: prevSum.Responses, Questions: []QuestionSummary{}}
	for _, qs := range prevSum.Questions {
		q, ok := s.Question(qs.ID)
		pq, _ := prev.Question(qs.ID)
		if ok && q.AskedLike(pq) {
			pw.Questions = append(pw.Questions, qs)
		}
	}
	sum.Previous = pw
}

func cellKey(group, cell string) string {
	return group + "|" + cell
}

// addCells adds one group's numbers and the sums that hold within the group. Every number of a
// group that carries no finding (those who would rather not say) is the first hidden to protect
// another; so are the answers that carry none in any group.
func (s *Survey) addCells(t *cellTable, g string, c *Counter, noFinding bool) {
	if c == nil {
		c = &Counter{}
	}
	n := cellKey(g, "n")
	t.set(n, c.N)
	for i := range s.Questions {
		q := &s.Questions[i]
		a, na := cellKey(g, "a:"+q.ID), cellKey(g, "na:"+q.ID)
		t.set(a, c.Answered[q.ID])
		t.set(na, c.N-c.Answered[q.ID])
		t.insensitive[na] = true
		t.priority[na] = hideFirst
		t.addSum(n, a, na)
		if !q.IsChoice() {
			continue
		}
		option := map[string]string{}
		for _, o := range q.AllOptions() {
			k := cellKey(g, "o:"+q.ID+":"+o.ID)
			t.set(k, c.Chosen[q.ID][o.ID])
			if carriesNoFinding(o.ID) {
				t.priority[k] = hideFirst
			}
			option[o.ID] = k
		}
		if q.Type != Multiple {
			s.addCombinedCells(t, g, q, c, option)
		}
	}
	if noFinding {
		for k := range t.value {
			if group, _, _ := cutCellKey(k); group == g {
				t.priority[k] = hideFirst
			}
		}
	}
}

// addCombinedCells adds the counts of a question's combined answers, and every sum a reader can
// make of the question's base: each option on its own or inside its combination, in every mix,
// so that neither a part (a combination less its other parts) nor a combination (the base less
// every answer outside it) can be worked out. Combinations are the last hidden to protect
// another number: they are the finding a breakdown is most often read for.
func (s *Survey) addCombinedCells(t *cellTable, g string, q *Question, c *Counter, option map[string]string) {
	combined := make([]string, len(q.Combine))
	for i, cg := range q.Combine {
		k := cellKey(g, "c:"+q.ID+":"+cg.ID)
		var v int64
		var parts []string
		for _, o := range cg.Options {
			v += c.Chosen[q.ID][o]
			parts = append(parts, option[o])
		}
		t.set(k, v)
		t.priority[k] = hideLast
		t.addSum(k, parts...)
		combined[i] = k
	}
	for mask := range 1 << len(q.Combine) {
		var parts []string
		for _, o := range q.AllOptions() {
			if i := slices.IndexFunc(q.Combine, func(cg Combined) bool { return slices.Contains(cg.Options, o.ID) }); i < 0 || mask&(1<<i) == 0 {
				parts = append(parts, option[o.ID])
			}
		}
		for i := range q.Combine {
			if mask&(1<<i) != 0 {
				parts = append(parts, combined[i])
			}
		}
		t.addSum(cellKey(g, "a:"+q.ID), parts...)
	}
}

// addAcrossSums ties each overall number to the same number in every group of a breakdown,
// which between them hold every respondent once.
func (s *Survey) addAcrossSums(t *cellTable, groups []string) {
	var cells []string
	for k := range t.value {
		if g, cell, _ := cutCellKey(k); g == GroupAll {
			cells = append(cells, cell)
		}
	}
	slices.Sort(cells)
	for _, cell := range cells {
		parts := make([]string, len(groups))
		for i, g := range groups {
			parts[i] = cellKey(g, cell)
		}
		t.addSum(cellKey(GroupAll, cell), parts...)
	}
}

func cutCellKey(k string) (group, cell string, ok bool) {
	for i := len(k) - 1; i >= 0; i-- {
		if k[i] == '|' {
			return k[:i], k[i+1:], true
		}
	}
	return "", "", false
}

// protectGroups hides every group with fewer than minBase respondents, then adds secondary
// suppression. When that hides a shown group's base, the group is hidden whole and secondary
// suppression starts again from the small cells, so no cell stays hidden to protect a group
// that is now hidden anyway. A group nobody is in is hidden but public: that it is empty
// discloses nothing about anyone, so it needs no protection, and it gives none either (a reader
// may well know that nobody answered in Somali, or lives outside the area).
func (t *cellTable) protectGroups(groups []string, minBase int) {
	small := maps.Clone(t.suppressed)
	hidden := map[string]bool{}
	for _, g := range groups {
		hidden[g] = t.value[cellKey(g, "n")] < int64(minBase)
	}
	for grew := true; grew; {
		t.suppressed, t.public = maps.Clone(small), map[string]bool{}
		for _, g := range groups {
			if hidden[g] {
				t.hideGroup(g, t.value[cellKey(g, "n")] == 0)
			}
		}
		t.protect()
		grew = false
		for _, g := range groups {
			if t.suppressed[cellKey(g, "n")] && !hidden[g] {
				hidden[g], grew = true, true
			}
		}
	}
}

func (t *cellTable) hideGroup(g string, public bool) {
	for k := range t.value {
		if group, _, _ := cutCellKey(k); group == g {
			t.suppressed[k] = true
			t.public[k] = public
		}
	}
}

// shown returns the cell's value, or nil when it is suppressed.
func (t *cellTable) shown(k string) *int64 {
	if t.suppressed[k] {
		return nil
	}
	v := t.value[k]
	return &v
}

func (s *Survey) questionSummaries(t *cellTable, g, lang string, rules SuppressionRules, labels Labels) []QuestionSummary {
	out := make([]QuestionSummary, 0, len(s.Questions))
	for i := range s.Questions {
		q := &s.Questions[i]
		a := cellKey(g, "a:"+q.ID)
		qs := QuestionSummary{ID: q.ID, Type: q.Type, Text: q.Text.In(lang), Base: t.shown(a), NotAnswered: t.shown(cellKey(g, "na:"+q.ID)), Options: []OptionSummary{}}
		baseOK := qs.Base != nil && *qs.Base >= int64(rules.MinCount)
		options := q.AllOptions()
		if !q.IsChoice() {
			options = nil
		}
		safe, safeOK := int64(0), baseOK
		for j, o := range options {
			k := cellKey(g, "o:"+q.ID+":"+o.ID)
			os := OptionSummary{ID: o.ID, Label: o.Text.In(lang), Count: t.shown(k), Suppressed: t.suppressed[k]}
			if o.ID == PreferNotToSay {
				os.Label = labels.PreferNotToSay()
			}
			if os.Count != nil && baseOK {
				os.Percent = percent(*os.Count, *qs.Base)
			}
			if q.OnSafeSide(j) {
				if os.Count == nil {
					safeOK = false
				} else {
					safe += *os.Count
				}
			}
			qs.Options = append(qs.Options, os)
		}
		if q.Type == Scale && safeOK {
			qs.SafeShare = percent(safe, *qs.Base)
		}
		for _, cg := range q.Combine {
			k := cellKey(g, "c:"+q.ID+":"+cg.ID)
			cc := CombinedCount{ID: cg.ID, Label: cg.Label.In(lang), Options: cg.Options, Count: t.shown(k), Suppressed: t.suppressed[k]}
			if cc.Count != nil && baseOK {
				cc.Percent = percent(*cc.Count, *qs.Base)
			}
			qs.Combined = append(qs.Combined, cc)
		}
		out = append(out, qs)
	}
	return out
}

func percent(count, base int64) *float64 {
	if base == 0 {
		return nil
	}
	p := math.Round(float64(count)*1000/float64(base)) / 10
	return &p
}

// GroupLabel names the group of a breakdown dimension whose value is value, in lang.
func (s *Survey) GroupLabel(dim, value, lang string, labels Labels) string {
	if q, ok := s.Question(dim); ok && value != NotAnswered {
		for _, o := range q.AllOptions() {
			if o.ID == value {
				if o.ID == PreferNotToSay {
					return labels.PreferNotToSay()
				}
				return o.Text.In(lang)
			}
		}
	}
	return labels.Group(dim, value)
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
