package findings

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/suppress"
	"github.com/safeguarding/safetysurvey/survey/surveytest"
)

type testLabels struct{}

func (testLabels) PreferNotToSay() string         { return "Prefer not to say" }
func (testLabels) Group(dim, value string) string { return dim + ":" + value }
func (testLabels) Number(n int64) string          { return fmt.Sprintf("#%d", n) }

// Plural gives English's forms, and Polish's few for 2 to 4 (enough for the tests).
func (testLabels) Plural(lang string, n int64) string {
	switch {
	case n == 1:
		return "one"
	case lang == "pl" && n >= 2 && n <= 4:
		return "few"
	}
	return "other"
}

// randomResponses answers testSurvey at random, with skewed odds so some cells are small, in a
// language drawn from langs (repeat a code to make it likelier).
func randomResponses(rng *rand.Rand, s *survey.Survey, n int, langs []string) []*survey.Response {
	var out []*survey.Response
	for i := range n {
		answers := survey.Answers{}
		for _, q := range s.Questions {
			if rng.IntN(5) == 0 {
				continue // not answered
			}
			opts := q.AllOptions()
			switch q.Type {
			case survey.FreeText:
				answers[q.ID] = survey.Answer{Text: "x"}
			case survey.Multiple:
				var c []string
				for j, o := range q.Options {
					if rng.IntN(3+j*2) == 0 {
						c = append(c, o.ID)
					}
				}
				if len(c) > 0 {
					answers[q.ID] = survey.Answer{Choices: c}
				}
			default:
				// Earlier options are much more likely: the last ones end up small.
				j := min(int(rng.ExpFloat64()*1.2), len(opts)-1)
				answers[q.ID] = survey.Answer{Choices: []string{opts[j].ID}}
			}
		}
		lang := langs[rng.IntN(len(langs))]
		out = append(out, &survey.Response{ID: fmt.Sprint(i), Answers: answers, Groups: s.GroupsOf(answers, lang, nil)})
	}
	return out
}

func tallyOf(rs []*survey.Response) survey.Tally {
	t := survey.Tally{}
	for _, r := range rs {
		t.Add(r)
	}
	return t
}

func TestSummarizeExactCounts(t *testing.T) {
	s := surveytest.SmallSurvey()
	var rs []*survey.Response
	add := func(count int, answers survey.Answers) {
		for range count {
			rs = append(rs, &survey.Response{Answers: answers, Groups: s.GroupsOf(answers, "en", nil)})
		}
	}
	add(40, survey.Answers{"safe_home": {Choices: []string{"yes"}}, "feel": {Choices: []string{"high"}}, "places": {Choices: []string{"park", "bus"}}})
	add(35, survey.Answers{"safe_home": {Choices: []string{"no"}}, "feel": {Choices: []string{"low"}}, "places": {Choices: []string{"park"}}})
	add(15, survey.Answers{"safe_home": {Choices: []string{survey.PreferNotToSay}}, "feel": {Choices: []string{"mid"}}})
	add(20, survey.Answers{"comment": {Text: "hello"}})

	sum := Summarize(s, tallyOf(rs), "en", "", nil, survey.DefaultRules, testLabels{})
	if sum.Responses == nil || *sum.Responses != 110 {
		t.Fatalf("responses = %v, want 110", sum.Responses)
	}
	q := sum.Questions[0]
	want := map[string]int64{"yes": 40, "no": 35, survey.PreferNotToSay: 15}
	if *q.Base != 90 || *q.NotAnswered != 20 {
		t.Errorf("safe_home base %d not answered %d, want 90, 20", *q.Base, *q.NotAnswered)
	}
	for _, o := range q.Options {
		if o.Count == nil || *o.Count != want[o.ID] {
			t.Errorf("safe_home %s = %v, want %d", o.ID, o.Count, want[o.ID])
		}
	}
	if p := *q.Options[0].Percent; p != 44.4 {
		t.Errorf("yes percent = %v, want 44.4 (40 of 90)", p)
	}
	if q.Options[2].Label != "Prefer not to say" {
		t.Errorf("prefer-not label = %q", q.Options[2].Label)
	}
	places := sum.Questions[2]
	if *places.Base != 75 || *places.Options[0].Count != 75 || *places.Options[1].Count != 40 || *places.Options[0].Percent != 100 {
		t.Errorf("places = base %d, park %d, bus %d", *places.Base, *places.Options[0].Count, *places.Options[1].Count)
	}
	feel := sum.Questions[3]
	if feel.SafeShare == nil || *feel.SafeShare != 44.4 {
		t.Errorf("feel safe share = %v, want 44.4 (40 high of 90)", feel.SafeShare)
	}

	by := Summarize(s, tallyOf(rs), "en", "safe_home", []string{"yes", "no", survey.PreferNotToSay, survey.NotAnswered}, survey.DefaultRules, testLabels{})
	if len(by.Groups) != 4 {
		t.Fatalf("%d groups, want 4", len(by.Groups))
	}
	yes := by.Groups[0]
	if yes.Suppressed || *yes.Base != 40 || yes.Label != "Yes" {
		t.Errorf("yes group = %+v", yes)
	}
	if !by.Groups[2].Suppressed || by.Groups[2].Base != nil || by.Groups[2].Questions != nil {
		t.Errorf("prefer-not group (15 < 30) should be hidden whole: %+v", by.Groups[2])
	}
	if c := by.Groups[1].Questions[3].Options[0].Count; c == nil || *c != 35 {
		t.Errorf("no group: feel low = %v, want 35", c)
	}
}

func TestSummarizeSuppressesSmallCounts(t *testing.T) {
	s := surveytest.SmallSurvey()
	var rs []*survey.Response
	for i := range 50 {
		choice := "yes"
		if i < 3 {
			choice = "no"
		}
		a := survey.Answers{"safe_home": {Choices: []string{choice}}}
		rs = append(rs, &survey.Response{Answers: a, Groups: s.GroupsOf(a, "en", nil)})
	}
	sum := Summarize(s, tallyOf(rs), "en", "", nil, survey.DefaultRules, testLabels{})
	q := sum.Questions[0]
	no := q.Options[1]
	if !no.Suppressed || no.Count != nil || no.Percent != nil {
		t.Fatalf("3 answers of no were published: %+v", no)
	}
	// 50 = yes + no + prefer not (0): with the rest shown, no could be worked out, so a non-zero
	// complement must be hidden too.
	if q.Options[0].Count != nil && q.Base != nil {
		t.Errorf("yes (%d) and base (%d) both shown: no = base - yes", *q.Options[0].Count, *q.Base)
	}
	if leaks := attack(s, sum, tallyOf(rs), "", nil); len(leaks) > 0 {
		t.Errorf("recovered %v", leaks)
	}
}

// summarizeByLanguage stores count responses in each language, with the same answers, and
// summarizes them broken down by language over langs.
func summarizeByLanguage(s *survey.Survey, counts map[string]int, langs []string) (*Summary, survey.Tally) {
	var rs []*survey.Response
	for _, lang := range langs {
		for i := range counts[lang] {
			a := survey.Answers{"safe_home": {Choices: []string{[]string{"yes", "no"}[i%2]}}, "feel": {Choices: []string{"high"}}}
			rs = append(rs, &survey.Response{Answers: a, Groups: s.GroupsOf(a, lang, nil)})
		}
	}
	tally := tallyOf(rs)
	return Summarize(s, tally, "en", survey.DimLanguage, langs, survey.DefaultRules, testLabels{}), tally
}

func TestSummarizeBreakdownGroups(t *testing.T) {
	s := surveytest.SmallSurvey()
	langs := []string{"en", "pl", "ar"}
	tests := []struct {
		name   string
		counts map[string]int
		shown  map[string]int64 // group -> base; every other group must be hidden
	}{
		// Nobody answered in Arabic: saying so discloses nothing, so it must cost the others nothing.
		{name: "OneEmptyGroup", counts: map[string]int{"en": 40, "pl": 36}, shown: map[string]int64{"en": 40, "pl": 36}},
		// Five answered in Arabic: with en and pl shown, ar = total - en - pl, so the smaller
		// of the two must go whole, not just lose its base.
		{name: "OneSmallGroup", counts: map[string]int{"en": 40, "pl": 36, "ar": 5}, shown: map[string]int64{"en": 40}},
		{name: "SmallAndEmpty", counts: map[string]int{"en": 40, "pl": 5}},
		{name: "OnlyOneGroup", counts: map[string]int{"en": 50}, shown: map[string]int64{"en": 50}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sum, tally := summarizeByLanguage(s, tt.counts, langs)
			for _, g := range sum.Groups {
				want, shown := tt.shown[g.ID]
				switch {
				case shown && (g.Suppressed || g.Base == nil || *g.Base != want):
					t.Errorf("group %s = suppressed %v, base %v; want shown with base %d", g.ID, g.Suppressed, g.Base, want)
				case !shown && (!g.Suppressed || g.Base != nil || g.Label != "" || g.Questions != nil):
					t.Errorf("group %s = %+v; want hidden with nothing but its id", g.ID, g)
				}
			}
			if leaks := attack(s, sum, tally, survey.DimLanguage, langs); len(leaks) > 0 {
				t.Errorf("recovered %v", leaks)
			}
		})
	}
}

// TestSuppressionResistsSubtraction generates many random data sets and, for each breakdown,
// tries to recover every hidden number from the published ones by repeated subtraction. The
// language breakdown has three groups, some of them often small or empty.
func TestSuppressionResistsSubtraction(t *testing.T) {
	s := surveytest.SmallSurvey()
	rng := rand.New(rand.NewPCG(1, 2))
	mixes := [][]string{{"en", "pl"}, {"en", "pl", "ar"}, {"en"}, {"en", "en", "en", "en", "en", "en", "pl", "ar"}, {"en", "en", "en", "en", "pl"}}
	for trial := range 300 {
		n := 5 + rng.IntN(400)
		rs := randomResponses(rng, s, n, mixes[trial%len(mixes)])
		tally := tallyOf(rs)
		for _, by := range []string{"", "safe_home", "feel", survey.DimLanguage} {
			groups, ok := s.BreakdownGroups(by)
			if !ok && by != "" {
				groups = []string{"en", "pl", "ar"}
			}
			sum := Summarize(s, tally, "en", by, groups, survey.DefaultRules, testLabels{})
			for _, g := range sum.Groups {
				if !g.Suppressed && g.Base == nil {
					t.Fatalf("trial %d (n=%d, by %q): group %s is shown without its base", trial, n, by, g.ID)
				}
			}
			if leaks := attack(s, sum, tally, by, groups); len(leaks) > 0 {
				t.Fatalf("trial %d (n=%d, by %q): recovered hidden numbers %v", trial, n, by, leaks)
			}
		}
	}
}

// attack plays a reader who knows the survey's structure and which breakdown groups nobody is in
// (say, that the survey was never promoted in Arabic): it writes down every published number, a
// zero for every number of an empty group, and every sum that must hold, solves any sum with one
// unknown, and repeats. It returns each hidden number it recovers, checked against the truth.
// Recovering the numbers of the only group anyone is in is no leak: they are the overall numbers.
func attack(s *survey.Survey, sum *Summary, tally survey.Tally, by string, groups []string) []string {
	known, truth, sums, hidden := readerModel(s, sum, tally, by, groups)
	var leaks []string
	for changed := true; changed; {
		changed = false
		for _, sm := range sums {
			unknown, count := "", 0
			for _, k := range sm {
				if _, ok := known[k]; !ok {
					unknown, count = k, count+1
				}
			}
			if count != 1 {
				continue
			}
			var v int64
			if unknown == sm[0] {
				for _, k := range sm[1:] {
					v += known[k]
				}
			} else {
				v = known[sm[0]]
				for _, k := range sm[1:] {
					if k != unknown {
						v -= known[k]
					}
				}
			}
			known[unknown] = v
			changed = true
			if v != truth[unknown] {
				leaks = append(leaks, fmt.Sprintf("%s: derived %d but is %d (model error)", unknown, v, truth[unknown]))
			} else if truth[unknown] > 0 && hidden[unknown] && !strings.Contains(unknown, "|na:") {
				leaks = append(leaks, fmt.Sprintf("%s=%d", unknown, v))
			}
		}
	}
	return leaks
}

func fieldOf(q *QuestionSummary, f func(*QuestionSummary) *int64) *int64 {
	if q == nil {
		return nil
	}
	return f(q)
}

// readerModel is what a reader of sum knows: every published number, a zero for every number of
// an empty group, and every sum that must hold (first the total, then its parts); with the truth
// of every number and which of them are hidden numbers worth protecting.
func readerModel(s *survey.Survey, sum *Summary, tally survey.Tally, by string, groups []string) (known, truth map[string]int64, sums [][]string, hidden map[string]bool) {
	known = map[string]int64{}
	truth = map[string]int64{}
	record := func(key string, v *int64, actual int64) {
		truth[key] = actual
		if v != nil {
			known[key] = *v
		}
	}
	addGroup := func(g string, base *int64, qs []QuestionSummary) {
		c := tally[g]
		if c == nil {
			c = &survey.Counter{}
		}
		record(g+"|n", base, c.N)
		for i, q := range s.Questions {
			var qs1 *QuestionSummary
			if qs != nil {
				qs1 = &qs[i]
			}
			a, na := g+"|a:"+q.ID, g+"|na:"+q.ID
			record(a, fieldOf(qs1, func(x *QuestionSummary) *int64 { return x.Base }), c.Answered[q.ID])
			record(na, fieldOf(qs1, func(x *QuestionSummary) *int64 { return x.NotAnswered }), c.N-c.Answered[q.ID])
			sums = append(sums, []string{g + "|n", a, na})
			if !q.IsChoice() {
				continue
			}
			row := []string{a}
			for j, o := range q.AllOptions() {
				k := g + "|o:" + q.ID + ":" + o.ID
				var v *int64
				if qs1 != nil {
					v = qs1.Options[j].Count
				}
				record(k, v, c.Chosen[q.ID][o.ID])
				row = append(row, k)
			}
			if q.Type == survey.Multiple {
				continue
			}
			sums = append(sums, row)
			// Combined answers: each is the sum of its options, and the base is the sum of
			// any mix of combinations and the options outside them.
			for j, cg := range q.Combine {
				k := g + "|c:" + q.ID + ":" + cg.ID
				var v *int64
				if qs1 != nil {
					v = qs1.Combined[j].Count
				}
				var actual int64
				parts := []string{k}
				for _, o := range cg.Options {
					actual += c.Chosen[q.ID][o]
					parts = append(parts, g+"|o:"+q.ID+":"+o)
				}
				record(k, v, actual)
				sums = append(sums, parts)
			}
			for mask := 1; mask < 1<<len(q.Combine); mask++ {
				cut := []string{a}
				for j, cg := range q.Combine {
					if mask&(1<<j) != 0 {
						cut = append(cut, g+"|c:"+q.ID+":"+cg.ID)
					}
				}
				for _, o := range q.AllOptions() {
					j := slices.IndexFunc(q.Combine, func(cg survey.Combined) bool { return slices.Contains(cg.Options, o.ID) })
					if j < 0 || mask&(1<<j) == 0 {
						cut = append(cut, g+"|o:"+q.ID+":"+o.ID)
					}
				}
				sums = append(sums, cut)
			}
		}
	}
	addGroup(survey.GroupAll, sum.Responses, sum.Questions)
	if by != "" {
		for i, gs := range sum.Groups {
			addGroup(survey.GroupKey(by, groups[i]), gs.Base, gs.Questions)
		}
		for key := range truth {
			if g, cell, _ := suppress.SplitKey(key); g == survey.GroupAll {
				across := []string{key}
				for _, v := range groups {
					across = append(across, survey.GroupKey(by, v)+"|"+cell)
				}
				sums = append(sums, across)
			}
		}
	}
	hidden = map[string]bool{}
	for k := range truth {
		if _, ok := known[k]; !ok {
			hidden[k] = true
		}
	}
	var occupied []string
	for _, v := range groups {
		if g := survey.GroupKey(by, v); tally[g] != nil && tally[g].N > 0 {
			occupied = append(occupied, g)
		}
	}
	for k := range truth {
		if g, _, _ := suppress.SplitKey(k); g != survey.GroupAll && !slices.Contains(occupied, g) {
			known[k] = 0
		} else if len(occupied) == 1 && g == occupied[0] {
			hidden[k] = false
		}
	}
	return known, truth, sums, hidden
}
