package findings

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/surveytest"
)

// respond makes count responses with the same answers, given as question, option pairs.
func respond(s *survey.Survey, count int, pairs ...string) []*survey.Response {
	a := survey.Answers{}
	for i := 0; i+1 < len(pairs); i += 2 {
		a[pairs[i]] = survey.Answer{Choices: []string{pairs[i+1]}}
	}
	var rs []*survey.Response
	for range count {
		rs = append(rs, &survey.Response{Answers: a, Groups: s.GroupsOf(a, "en", nil)})
	}
	return rs
}

func TestCombinedCounts(t *testing.T) {
	s := surveytest.CombinedSurvey()
	var rs []*survey.Response
	rs = append(rs, respond(s, 60, "safe_home", "yes", "feel", "very_safe")...)
	rs = append(rs, respond(s, 30, "safe_home", "yes", "feel", "safe")...)
	rs = append(rs, respond(s, 20, "safe_home", "yes", "feel", "okay")...)
	rs = append(rs, respond(s, 6, "safe_home", "sometimes", "feel", "unsafe")...)
	rs = append(rs, respond(s, 5, "safe_home", "no", "feel", "very_unsafe")...)
	rs = append(rs, respond(s, 12, "safe_home", survey.PreferNotToSay, "feel", "okay")...)
	sum := Summarize(s, tallyOf(rs), "ar", "", nil, survey.DefaultRules, testLabels{})

	home := sum.Questions[0]
	worried := home.Combined[0]
	t.Run("CombinationShownWhenPartsAreSmall", func(t *testing.T) {
		if worried.Count == nil || *worried.Count != 11 || worried.Suppressed {
			t.Fatalf("worried = %+v, want 11 shown", worried)
		}
		if got, want := *worried.Percent, 8.3; got != want { // 11 of 133
			t.Errorf("worried percent = %v, want %v", got, want)
		}
		if got, want := worried.Label, "أحيانًا أو لا"; got != want {
			t.Errorf("label = %q, want %q", got, want)
		}
		if !slices.Equal(worried.Options, []string{"sometimes", "no"}) {
			t.Errorf("options = %v", worried.Options)
		}
	})
	t.Run("PartsStayHidden", func(t *testing.T) {
		for _, o := range home.Options[1:3] {
			if o.Count != nil || !o.Suppressed {
				t.Errorf("%s = %v shown beside its combination", o.ID, *o.Count)
			}
		}
	})
	t.Run("ScaleGroups", func(t *testing.T) {
		feel := sum.Questions[1]
		want := map[string]int64{"safe": 90, "unsafe": 11}
		for _, c := range feel.Combined {
			if c.Count == nil || *c.Count != want[c.ID] {
				t.Errorf("%s = %v, want %d", c.ID, c.Count, want[c.ID])
			}
		}
	})
	t.Run("SmallCombinationHidden", func(t *testing.T) {
		small := Summarize(s, tallyOf(append(respond(s, 40, "safe_home", "yes"), respond(s, 4, "safe_home", "no")...)), "en", "", nil, survey.DefaultRules, testLabels{})
		if c := small.Questions[0].Combined[0]; c.Count != nil || !c.Suppressed || c.Percent != nil {
			t.Errorf("4 worried shown: %+v", c)
		}
	})
	if leaks := attack(s, sum, tallyOf(rs), "", nil); len(leaks) > 0 {
		t.Errorf("recovered %v", leaks)
	}
}

// TestCombinedSubtraction tries the subtractions combined answers invite: a combination less
// the parts shown beside it, and the base less the combination and the answers outside it.
func TestCombinedSubtraction(t *testing.T) {
	s := surveytest.CombinedSurvey()
	tests := []struct {
		name   string
		counts map[string]int // safe_home option -> responses
	}{
		// worried (13) is shown; sometimes (3) hidden: no (10) would give it away.
		{name: "CombinationLessShownPart", counts: map[string]int{"yes": 50, "sometimes": 3, "no": 10}},
		// yes and prefer-not shown with the base: worried = base - yes - prefer, so worried must
		// go with both its parts (all small), or the base must.
		{name: "BaseLessOutside", counts: map[string]int{"yes": 50, "sometimes": 3, "no": 4, survey.PreferNotToSay: 20}},
		// prefer-not (4) is small: base - yes - worried gives it away.
		{name: "BaseLessCombination", counts: map[string]int{"yes": 50, "sometimes": 20, "no": 15, survey.PreferNotToSay: 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rs []*survey.Response
			for o, n := range tt.counts {
				rs = append(rs, respond(s, n, "safe_home", o)...)
			}
			tally := tallyOf(rs)
			sum := Summarize(s, tally, "en", "", nil, survey.DefaultRules, testLabels{})
			if leaks := attack(s, sum, tally, "", nil); len(leaks) > 0 {
				t.Errorf("recovered by subtraction %v", leaks)
			}
			if leaks := solve(s, sum, tally, "", nil); len(leaks) > 0 {
				t.Errorf("recovered by linear algebra %v", leaks)
			}
		})
	}
}

// TestCombinedResistsSubtraction summarizes many random data sets with combined answers, overall
// and broken down, and tries to recover every hidden number, by subtraction and by solving every
// sum together.
func TestCombinedResistsSubtraction(t *testing.T) {
	s := surveytest.CombinedSurvey()
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 200 {
		n := 5 + rng.IntN(300)
		rs := randomResponses(rng, s, n, []string{"en"})
		tally := tallyOf(rs)
		for _, by := range []string{"", "safe_home", "feel", "disabled"} {
			groups, _ := s.BreakdownGroups(by)
			sum := Summarize(s, tally, "en", by, groups, survey.DefaultRules, testLabels{})
			if leaks := attack(s, sum, tally, by, groups); len(leaks) > 0 {
				t.Fatalf("trial %d (n=%d, by %q): recovered by subtraction %v", trial, n, by, leaks)
			}
			if leaks := solve(s, sum, tally, by, groups); len(leaks) > 0 {
				t.Fatalf("trial %d (n=%d, by %q): recovered by linear algebra %v", trial, n, by, leaks)
			}
		}
	}
}

// TestSecondarySuppressionSparesFindings is the breakdown by disability of the issue: a group of
// 15 who would rather not say must be protected, and it is the "not sure" group that goes with
// it, not the 36 who said yes.
func TestSecondarySuppressionSparesFindings(t *testing.T) {
	s := surveytest.CombinedSurvey()
	var rs []*survey.Response
	for _, g := range []struct {
		value string
		n     int
	}{{"no", 300}, {"yes", 36}, {survey.NotSure, 40}, {survey.PreferNotToSay, 15}} {
		for i := range g.n {
			rs = append(rs, respond(s, 1, "disabled", g.value, "safe_home", []string{"yes", "sometimes", "no"}[i%3], "feel", []string{"safe", "okay", "unsafe"}[i%3])...)
		}
	}
	groups, _ := s.BreakdownGroups("disabled")
	tally := tallyOf(rs)
	sum := Summarize(s, tally, "en", "disabled", groups, survey.DefaultRules, testLabels{})
	shown := map[string]bool{}
	for _, g := range sum.Groups {
		shown[g.ID] = !g.Suppressed
	}
	want := map[string]bool{"no": true, "yes": true, survey.NotSure: false, survey.PreferNotToSay: false, survey.NotAnswered: false}
	for id, w := range want {
		if shown[id] != w {
			t.Errorf("group %s shown = %v, want %v", id, shown[id], w)
		}
	}
	if leaks := attack(s, sum, tally, "disabled", groups); len(leaks) > 0 {
		t.Errorf("recovered %v", leaks)
	}
	t.Run("CombinedInGroups", func(t *testing.T) {
		yes := sum.Groups[1]
		if got := yes.Questions[1].Combined[1]; got.Count == nil || *got.Count != 12 {
			t.Errorf("unsafe among the disabled = %+v, want 12", got)
		}
	})
}

// solve plays a reader who writes down every sum attack knows and solves them all together, by
// Gaussian elimination, rather than one at a time: any hidden number fixed by the published
// ones is recovered, however many steps it takes. It returns each non-zero hidden number found.
func solve(s *survey.Survey, sum *Summary, tally survey.Tally, by string, groups []string) []string {
	known, truth, sums, hidden := readerModel(s, sum, tally, by, groups)
	var unknowns []string
	index := map[string]int{}
	for k := range truth {
		if _, ok := known[k]; !ok && !strings.Contains(k, "|na:") {
			index[k] = len(unknowns)
			unknowns = append(unknowns, k)
		}
	}
	for k := range truth { // not-answered counts are insensitive: unknowns too, but never leaks
		if _, ok := known[k]; !ok && strings.Contains(k, "|na:") {
			index[k] = len(unknowns)
			unknowns = append(unknowns, k)
		}
	}
	var rows [][]float64
	for _, sm := range sums {
		row := make([]float64, len(unknowns)+1)
		for i, k := range sm {
			sign := 1.0
			if i == 0 {
				sign = -1
			}
			if j, ok := index[k]; ok {
				row[j] += sign
			} else {
				row[len(unknowns)] -= sign * float64(known[k])
			}
		}
		rows = append(rows, row)
	}
	// Reduced row echelon form.
	r := 0
	for col := 0; col < len(unknowns) && r < len(rows); col++ {
		p := slices.IndexFunc(rows[r:], func(row []float64) bool { return math.Abs(row[col]) > 1e-9 })
		if p < 0 {
			continue
		}
		rows[r], rows[r+p] = rows[r+p], rows[r]
		pivot := rows[r][col]
		for j := range rows[r] {
			rows[r][j] /= pivot
		}
		for i := range rows {
			if i != r && math.Abs(rows[i][col]) > 1e-9 {
				f := rows[i][col]
				for j := range rows[i] {
					rows[i][j] -= f * rows[r][j]
				}
			}
		}
		r++
	}
	var leaks []string
	for _, row := range rows[:r] {
		var nonzero []int
		for j := range unknowns {
			if math.Abs(row[j]) > 1e-9 {
				nonzero = append(nonzero, j)
			}
		}
		if len(nonzero) != 1 {
			continue
		}
		k := unknowns[nonzero[0]]
		if v := int64(math.Round(row[len(unknowns)])); truth[k] > 0 && hidden[k] && !strings.Contains(k, "|na:") {
			leaks = append(leaks, fmt.Sprintf("%s=%d", k, v))
		}
	}
	return leaks
}

func TestWithCombined(t *testing.T) {
	s := surveytest.CombinedSurvey()
	rs := append(respond(s, 60, "feel", "very_safe"), respond(s, 40, "feel", "okay")...)
	rs = append(rs, respond(s, 6, "feel", "unsafe")...)
	rs = append(rs, respond(s, 5, "feel", "very_unsafe")...)
	q := Summarize(s, tallyOf(rs), "en", "", nil, survey.DefaultRules, testLabels{}).Questions[1].WithCombined()
	var got []string
	for _, o := range q.Options {
		got = append(got, fmt.Sprintf("%s=%v", o.ID, *o.Count))
	}
	if want := []string{"safe=60", "okay=40", "unsafe=11"}; !slices.Equal(got, want) {
		t.Errorf("options = %v, want %v", got, want)
	}
	if q.Combined != nil {
		t.Errorf("combined kept: %+v", q.Combined)
	}
}
