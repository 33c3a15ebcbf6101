package web

import (
	"context"

	"github.com/safeguarding/safetysurvey/survey"
)

// Reviews reads the translation sign-offs, or none when no store keeps them.
func (s *Base) Reviews(ctx context.Context) (survey.Reviews, error) {
	if s.cfg.SignOffs == nil {
		return survey.Reviews{}, nil
	}
	all, err := s.cfg.SignOffs.SignOffs(ctx)
	if err != nil {
		return nil, err
	}
	return survey.NewReviews(all), nil
}
