package backoffice

import "github.com/safeguarding/safetysurvey/survey"

// ReviewNote says where the review of a translation stands, in the page's language.
func (p *staffPage) ReviewNote(r survey.ReviewState) string {
	switch {
	case r.Reviewed:
		return p.T("review.signed_off", "By", r.By, "Date", p.Date(r.At))
	case r.Reopened():
		return p.T("review.reopened", "By", r.By)
	}
	return p.T("review.none")
}
