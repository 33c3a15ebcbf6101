package findings

import "github.com/safeguarding/safetysurvey/survey"

// carriesNoFinding reports whether an answer or breakdown group value says nothing scrutineers
// act on: "prefer not to say", "not sure", not answered.
func carriesNoFinding(value string) bool {
	return value == survey.PreferNotToSay || value == survey.NotSure || value == survey.NotAnswered
}
