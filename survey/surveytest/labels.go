package surveytest

import "strconv"

// Labels names a summary's groups by their ids and numbers in plain digits, with English's plural
// forms: enough for tests of summaries and headlines without a translation catalog.
type Labels struct{}

// PreferNotToSay names the "rather not say" answer.
func (Labels) PreferNotToSay() string { return "prefer not to say" }

// Group names a group by its value.
func (Labels) Group(_, value string) string { return value }

// Number writes n in plain digits.
func (Labels) Number(n int64) string { return strconv.FormatInt(n, 10) }

// Plural gives English's forms.
func (Labels) Plural(_ string, n int64) string {
	if n == 1 {
		return "one"
	}
	return "other"
}
