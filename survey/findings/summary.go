package findings

import (
	"math"
	"slices"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/suppress"
)

// Summary is the published findings of one survey version. Every number in it has been through
// suppression; a suppressed number is nil and its option is flagged, never shown.
type Summary struct {
	Survey    string                  `json:"survey"`
	Version   int                     `json:"version"`
	Lang      string                  `json:"lang"`
	Title     string                  `json:"title"`
	Responses *int64                  `json:"responses"`
	Rules     survey.SuppressionRules `json:"rules"`
	Questions []QuestionSummary       `json:"questions"`
	By        string                  `json:"by,omitempty"`
	Groups    []GroupSummary          `json:"groups,omitempty"`
	Quotes    []survey.Quote          `json:"quotes"` // approved for publication; filled by whoever holds them
	Themes    []survey.ThemeCount     `json:"themes"` // how many text answers scrutineers gave each theme, most first
	Headlines []Headline              `json:"headlines"`
	Wave      string                  `json:"wave"`
	Previous  *PreviousWave           `json:"previous,omitempty"`
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
func (sum *Summary) TaggedThemes() []survey.ThemeCount {
	var themes []survey.ThemeCount
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

// Ranked orders a multiple-choice question's options by count, suppressed ones and "prefer not
// to say" last; other questions keep the definition's order, which may mean something (ages).
func (q QuestionSummary) Ranked() []OptionSummary {
	opts := slices.Clone(q.Options)
	if q.Type != survey.Multiple {
		return opts
	}
	rank := func(o OptionSummary) int64 {
		switch {
		case o.ID == survey.PreferNotToSay:
			return -2
		case o.Count == nil:
			return -1
		}
		return *o.Count
	}
	slices.SortStableFunc(opts, func(a, b OptionSummary) int { return int(rank(b) - rank(a)) })
	return opts
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
func Summarize(s *survey.Survey, counters map[string]*survey.Counter, lang, by string, groups []string, rules survey.SuppressionRules, labels Labels) *Summary {
	overall := suppress.New()
	addCells(s, overall, survey.GroupAll, counters[survey.GroupAll], false)
	overall.SuppressSmall(rules.MinCount)
	overall.Protect()

	sum := &Summary{Survey: s.Slug, Version: s.Version, Lang: lang, Title: s.Title.In(lang), Rules: rules, By: by, Quotes: []survey.Quote{}, Themes: []survey.ThemeCount{}, Wave: waveName(s)}
	sum.Responses = overall.Shown(suppress.Key(survey.GroupAll, "n"))
	sum.Questions = questionSummaries(s, overall, survey.GroupAll, lang, rules, labels)
	sum.Headlines = headlines(s, sum, labels)
	if by == "" {
		return sum
	}
	table := overall.Decided()
	var keys []string
	for _, value := range groups {
		g := survey.GroupKey(by, value)
		keys = append(keys, g)
		addCells(s, table, g, counters[g], carriesNoFinding(value))
	}
	addAcrossSums(s, table, keys)
	table.SuppressSmall(rules.MinCount)
	table.ProtectGroups(keys, "n", rules.MinBase)
	for i, g := range keys {
		gs := GroupSummary{ID: groups[i]}
		if base := table.Shown(suppress.Key(g, "n")); base == nil {
			gs.Suppressed = true
		} else {
			gs.Label, gs.Base = GroupLabel(s, by, groups[i], lang, labels), base
			gs.Questions = questionSummaries(s, table, g, lang, rules, labels)
		}
		sum.Groups = append(sum.Groups, gs)
	}
	return sum
}

// waveName names this run of the survey in comparisons: its wave, or else its slug.
func waveName(s *survey.Survey) string {
	if s.Wave != "" {
		return s.Wave
	}
	return s.Slug
}

// comparePrevious sets prevSum, the findings of the previous wave prev, beside sum, keeping the
// questions both waves asked the same way. Both have been through suppression on their own, and
// no one answered both, so setting them side by side reveals nothing either hides.
func comparePrevious(s *survey.Survey, sum *Summary, prev *survey.Survey, prevSum *Summary) {
	pw := &PreviousWave{Survey: prev.Slug, Version: prev.Version, Wave: waveName(prev), Responses: prevSum.Responses, Questions: []QuestionSummary{}}
	for _, qs := range prevSum.Questions {
		q, ok := s.Question(qs.ID)
		pq, _ := prev.Question(qs.ID)
		if ok && q.AskedLike(pq) {
			pw.Questions = append(pw.Questions, qs)
		}
	}
	sum.Previous = pw
}

// addCells adds one group's numbers and the sums that hold within the group. Every number of a
// group that carries no finding (those who would rather not say) is the first hidden to protect
// another; so are the answers that carry none in any group.
func addCells(s *survey.Survey, t *suppress.Table, g string, c *survey.Counter, noFinding bool) {
	if c == nil {
		c = &survey.Counter{}
	}
	n := suppress.Key(g, "n")
	t.Set(n, c.N)
	for i := range s.Questions {
		q := &s.Questions[i]
		a, na := suppress.Key(g, "a:"+q.ID), suppress.Key(g, "na:"+q.ID)
		t.Set(a, c.Answered[q.ID])
		t.Set(na, c.N-c.Answered[q.ID])
		t.Insensitive(na)
		t.Prioritize(na, suppress.HideFirst)
		t.AddSum(n, a, na)
		if !q.IsChoice() {
			continue
		}
		option := map[string]string{}
		for _, o := range q.AllOptions() {
			k := suppress.Key(g, "o:"+q.ID+":"+o.ID)
			t.Set(k, c.Chosen[q.ID][o.ID])
			if carriesNoFinding(o.ID) {
				t.Prioritize(k, suppress.HideFirst)
			}
			option[o.ID] = k
		}
		if q.Type != survey.Multiple {
			addCombinedCells(s, t, g, q, c, option)
		}
	}
	if noFinding {
		for k := range t.Keys() {
			if group, _, _ := suppress.SplitKey(k); group == g {
				t.Prioritize(k, suppress.HideFirst)
			}
		}
	}
}

// addCombinedCells adds the counts of a question's combined answers, and every sum a reader can
// make of the question's base: each option on its own or inside its combination, in every mix,
// so that neither a part (a combination less its other parts) nor a combination (the base less
// every answer outside it) can be worked out. Combinations are the last hidden to protect
// another number: they are the finding a breakdown is most often read for.
func addCombinedCells(s *survey.Survey, t *suppress.Table, g string, q *survey.Question, c *survey.Counter, option map[string]string) {
	combined := make([]string, len(q.Combine))
	for i, cg := range q.Combine {
		k := suppress.Key(g, "c:"+q.ID+":"+cg.ID)
		var v int64
		var parts []string
		for _, o := range cg.Options {
			v += c.Chosen[q.ID][o]
			parts = append(parts, option[o])
		}
		t.Set(k, v)
		t.Prioritize(k, suppress.HideLast)
		t.AddSum(k, parts...)
		combined[i] = k
	}
	for mask := range 1 << len(q.Combine) {
		var parts []string
		for _, o := range q.AllOptions() {
			if i := slices.IndexFunc(q.Combine, func(cg survey.Combined) bool { return slices.Contains(cg.Options, o.ID) }); i < 0 || mask&(1<<i) == 0 {
				parts = append(parts, option[o.ID])
			}
		}
		for i := range q.Combine {
			if mask&(1<<i) != 0 {
				parts = append(parts, combined[i])
			}
		}
		t.AddSum(suppress.Key(g, "a:"+q.ID), parts...)
	}
}

// addAcrossSums ties each overall number to the same number in every group of a breakdown,
// which between them hold every respondent once.
func addAcrossSums(s *survey.Survey, t *suppress.Table, groups []string) {
	var cells []string
	for k := range t.Keys() {
		if g, cell, _ := suppress.SplitKey(k); g == survey.GroupAll {
			cells = append(cells, cell)
		}
	}
	slices.Sort(cells)
	for _, cell := range cells {
		parts := make([]string, len(groups))
		for i, g := range groups {
			parts[i] = suppress.Key(g, cell)
		}
		t.AddSum(suppress.Key(survey.GroupAll, cell), parts...)
	}
}

func questionSummaries(s *survey.Survey, t *suppress.Table, g, lang string, rules survey.SuppressionRules, labels Labels) []QuestionSummary {
	out := make([]QuestionSummary, 0, len(s.Questions))
	for i := range s.Questions {
		q := &s.Questions[i]
		a := suppress.Key(g, "a:"+q.ID)
		qs := QuestionSummary{ID: q.ID, Type: q.Type, Text: q.Text.In(lang), Base: t.Shown(a), NotAnswered: t.Shown(suppress.Key(g, "na:"+q.ID)), Options: []OptionSummary{}}
		baseOK := qs.Base != nil && *qs.Base >= int64(rules.MinCount)
		options := q.AllOptions()
		if !q.IsChoice() {
			options = nil
		}
		safe, safeOK := int64(0), baseOK
		for j, o := range options {
			k := suppress.Key(g, "o:"+q.ID+":"+o.ID)
			os := OptionSummary{ID: o.ID, Label: o.Text.In(lang), Count: t.Shown(k), Suppressed: t.Suppressed(k)}
			if o.ID == survey.PreferNotToSay {
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
		if q.Type == survey.Scale && safeOK {
			qs.SafeShare = percent(safe, *qs.Base)
		}
		for _, cg := range q.Combine {
			k := suppress.Key(g, "c:"+q.ID+":"+cg.ID)
			cc := CombinedCount{ID: cg.ID, Label: cg.Label.In(lang), Options: cg.Options, Count: t.Shown(k), Suppressed: t.Suppressed(k)}
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
func GroupLabel(s *survey.Survey, dim, value, lang string, labels Labels) string {
	if q, ok := s.Question(dim); ok && value != survey.NotAnswered {
		for _, o := range q.AllOptions() {
			if o.ID == value {
				if o.ID == survey.PreferNotToSay {
					return labels.PreferNotToSay()
				}
				return o.Text.In(lang)
			}
		}
	}
	return labels.Group(dim, value)
}
