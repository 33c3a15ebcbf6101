package survey

import "fmt"

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

// NotSure is the option id by which a question offers "I'm not sure". Like "prefer not to say"
// and not answering, choosing it carries no finding, so secondary suppression hides those
// answers (and the breakdown groups of those who gave them) before any other.
const NotSure = "not_sure"
