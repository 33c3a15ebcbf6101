package survey

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

type testLabels struct{}

func (testLabels) PreferNotToSay() string         { return "Prefer not to say" }
func (testLabels) Group(dim, value string) string { return dim + ":" + value }

// randomResponses answers testSurvey at random, with skewed odds so some cells are small.
func randomResponses(rng *rand.Rand, s *Survey, n int) []*Response {
	var out []*Response
	for i := range n {
		answers := Answers{}
		for _, q := range s.Questions {
			if rng.IntN(5) == 0 {
				continue // not answered
			}
			opts := q.AllOptions()
			switch q.Type {
			case FreeText:
				answers[q.ID] = Answer{Text: "x"}
			case Multiple:
				var c []string
				for j, o := range q.Options {
					if rng.IntN(3+j*2) == 0 {
						c = append(c, o.ID)
					}
				}
				if len(c) > 0 {
					answers[q.ID] = Answer{Choices: c}
				}
			default:
				// Earlier options are much more likely: the last ones end up small.
				j := min(int(rng.ExpFloat64()*1.2), len(opts)-1)
				answers[q.ID] = Answer{Choices: []string{opts[j].ID}}
			}
		}
		lang := []string{"en", "pl"}[rng.IntN(2)]
		out = append(out, &Response{ID: fmt.Sprint(i), Answers: answers, Groups: s.GroupsOf(answers, lang, nil)})
	}
	return out
}

func tallyOf(rs []*Response) Tally {
	t := Tally{}
	for _, r := range rs {
		t.Add(r)
	}
	return t
}

func TestSummarizeExactCounts(t *testing.T) {
	s := testSurvey()
	var rs []*Response
	add := func(count int, answers Answers) {
		for range count {
			rs = append(rs, &Response{Answers: answers, Groups: s.GroupsOf(answers, "en", nil)})
		}
	}
	add(40, Answers{"safe_home": {Choices: []string{"yes"}}, "feel": {Choices: []string{"high"}}, "places": {Choices: []string{"park", "bus"}}})
	add(35, Answers{"safe_home": {Choices: []string{"no"}}, "feel": {Choices: []string{"low"}}, "places": {Choices: []string{"park"}}})
	add(15, Answers{"safe_home": {Choices: []string{PreferNotToSay}}, "feel": {Choices: []string{"mid"}}})
	add(20, Answers{"comment": {Text: "hello"}})

	sum := s.Summarize(tallyOf(rs), "en", "", nil, DefaultRules, testLabels{})
	if sum.Responses == nil || *sum.Responses != 110 {
		t.Fatalf("responses = %v, want 110", sum.Responses)
	}
	q := sum.Questions[0]
	want := map[string]int64{"yes": 40, "no": 35, PreferNotToSay: 15}
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

	by := s.Summarize(tallyOf(rs), "en", "safe_home", []string{"yes", "no", PreferNotToSay, NotAnswered}, DefaultRules, testLabels{})
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
	s := testSurvey()
	var rs []*Response
	for i := range 50 {
		choice := "yes"
		if i < 3 {
			choice = "no"
		}
		a := Answers{"safe_home": {Choices: []string{choice}}}
		rs = append(rs, &Response{Answers: a, Groups: s.GroupsOf(a, "en", nil)})
	}
	sum := s.Summarize(tallyOf(rs), "en", "", nil, DefaultRules, testLabels{})
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

// TestSuppressionResistsSubtraction generates many random data sets and, for each breakdown,
// tries to recover every hidden number from the published ones by repeated subtraction.
func TestSuppressionResistsSubtraction(t *testing.T) {
	s := testSurvey()
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 300 {
		n := 5 + rng.IntN(400)
		rs := randomResponses(rng, s, n)
		tally := tallyOf(rs)
		for _, by := range []string{"", "safe_home", "feel", DimLanguage} {
			groups, ok := s.BreakdownGroups(by)
			if !ok && by != "" {
				groups = []string{"en", "pl"}
			}
			sum := s.Summarize(tally, "en", by, groups, DefaultRules, testLabels{})
			if leaks := attack(s, sum, tally, by, groups); len(leaks) > 0 {
				t.Fatalf("trial %d (n=%d, by %q): recovered hidden numbers %v", trial, n, by, leaks)
			}
		}
	}
}

// attack plays a reader who knows the survey's structure: it writes down every published number
// and every sum that must hold, solves any sum with one unknown, and repeats. It returns each
// hidden number it recovers, checked against the truth.
func attack(s *Survey, sum *Summary, tally Tally, by string, groups []string) []string {
	known := map[string]int64{}
	truth := map[string]int64{}
	var sums [][]string // first is the total
	record := func(key string, v *int64, actual int64) {
		truth[key] = actual
		if v != nil {
			known[key] = *v
		}
	}
	addGroup := func(g string, base *int64, qs []QuestionSummary) {
		c := tally[g]
		if c == nil {
			c = &Counter{}
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
			if q.Type != Multiple {
				sums = append(sums, row)
			}
		}
	}
	addGroup(GroupAll, sum.Responses, sum.Questions)
	if by != "" {
		for i, gs := range sum.Groups {
			addGroup(GroupKey(by, groups[i]), gs.Base, gs.Questions)
		}
		for key := range truth {
			if g, cell, _ := cutCellKey(key); g == GroupAll {
				across := []string{key}
				for _, v := range groups {
					across = append(across, GroupKey(by, v)+"|"+cell)
				}
				sums = append(sums, across)
			}
		}
	}
	hidden := map[string]bool{}
	for k := range truth {
		if _, ok := known[k]; !ok {
			hidden[k] = true
		}
	}
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
