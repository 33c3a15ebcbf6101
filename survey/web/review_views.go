package web

import (
	"context"

	"github.com/safeguarding/safetysurvey/survey"
)

// reviews reads the translation sign-offs, or none when no store keeps them.
func (s *Server) reviews(ctx context.Context) (survey.Reviews, error) {
	if s.cfg.SignOffs == nil {
		return survey.Reviews{}, nil
	}
	all, err := s.cfg.SignOffs.SignOffs(ctx)
	if err != nil {
		return nil, err
	}
	return survey.NewReviews(all), nil
}

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
