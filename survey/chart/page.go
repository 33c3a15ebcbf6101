package chart

import (
	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/findings"
)

// Findings draws the charts of a findings page, in l's language and the direction dir: a figure
// per choice question of sum, or, when sum is broken down, one per question across the groups
// of the breakdown (named by dim); and one per question the previous wave asked the same way,
// beside the previous wave's answers.
func Findings(sum *findings.Summary, dim Dimension, dir string, l Localizer) (figures, comparisons []Figure) {
	for _, q := range sum.Questions {
		o := Options{ID: "chart-" + q.ID, Dir: dir, L: l}
		switch {
		case q.Type == survey.FreeText || q.ID == sum.By:
		case sum.By == "":
			figures = append(figures, Question(q, o))
		default:
			if f, ok := Breakdown(sum, q.ID, dim, o); ok {
				figures = append(figures, f)
			}
		}
	}
	if prev := sum.Previous; prev != nil {
		for _, before := range prev.Questions {
			if q, ok := findings.FindQuestion(sum.Questions, before.ID); ok {
				comparisons = append(comparisons, Compare(q, before, sum.Wave, prev.Wave, Options{ID: "compare-" + q.ID, Dir: dir, L: l}))
			}
		}
	}
	return figures, comparisons
}
