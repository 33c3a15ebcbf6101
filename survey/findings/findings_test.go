package findings_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/findings"
	"github.com/safeguarding/safetysurvey/survey/surveytest"
)

// findingsService is a findings service over an in-memory store with n answers to the small
// test survey, all "high", whose findings are published when published is set.
func findingsService(t *testing.T, n int, published bool) *findings.Service {
	t.Helper()
	sv := surveytest.SmallSurvey()
	sv.Published = published
	catalog, err := survey.NewCatalog(sv)
	if err != nil {
		t.Fatal(err)
	}
	store := surveytest.NewStore()
	now := time.Date(2026, 11, 24, 15, 4, 5, 0, time.UTC)
	svc := &survey.Service{Surveys: catalog, Store: store, Texts: store, Moderation: store, Now: func() time.Time { return now }}
	for i := range n {
		sub := survey.Submission{Key: fmt.Sprintf("findings-key-%06d", i), Lang: "en", Answers: survey.Answers{"feel": {Choices: []string{"high"}}}}
		if _, err := svc.SubmitResponse(context.Background(), sv.Slug, sub); err != nil {
			t.Fatal(err)
		}
	}
	return &findings.Service{Surveys: catalog, Counters: store, Texts: svc, Labels: func(string) findings.Labels { return surveytest.Labels{} }}
}

func TestSummaryFor(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		svc := findingsService(t, 12, true)
		sum, err := svc.SummaryFor(ctx, "test", "en", "", false)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Responses == nil || *sum.Responses != 12 {
			t.Errorf("responses = %v, want 12", sum.Responses)
		}
	})
	t.Run("OKUnpublishedForStaff", func(t *testing.T) {
		svc := findingsService(t, 12, false)
		if _, err := svc.SummaryFor(ctx, "test", "en", "", true); err != nil {
			t.Errorf("staff who may read unpublished findings: %v", err)
		}
	})
	t.Run("ErrNotPublished", func(t *testing.T) {
		svc := findingsService(t, 12, false)
		_, err := svc.SummaryFor(ctx, "test", "en", "", false)
		if got, want := survey.ErrorCode(err), survey.ENOTFOUND; got != want || survey.ErrorMessage(err) != findings.MsgNotPublished {
			t.Errorf("code = %q (%v), want %q", got, err, want)
		}
	})
	t.Run("ErrBadBreakdown", func(t *testing.T) {
		svc := findingsService(t, 12, true)
		_, err := svc.SummaryFor(ctx, "test", "en", "comment", false)
		if got, want := survey.ErrorCode(err), survey.EINVALID; got != want || survey.ErrorMessage(err) != findings.MsgBadBreakdown {
			t.Errorf("code = %q (%v), want %q", got, err, want)
		}
	})
	t.Run("ErrNoSurvey", func(t *testing.T) {
		svc := findingsService(t, 0, true)
		if _, err := svc.SummaryFor(ctx, "nope", "en", "", false); survey.ErrorCode(err) != survey.ENOTFOUND {
			t.Errorf("code = %q, want %q", survey.ErrorCode(err), survey.ENOTFOUND)
		}
	})
}
