package kept_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/findings"
	"github.com/safeguarding/safetysurvey/survey/kept"
	"github.com/safeguarding/safetysurvey/survey/surveytest"
)

// keptService is a service and its findings service over an in-memory store, with their caches
// as cmd wires them, and a clock that stands still unless a test moves it.
func keptService(t *testing.T, clock *time.Time) (*survey.Service, *findings.Service, *surveytest.Store) {
	t.Helper()
	sv := &survey.Survey{
		Slug: "test", Version: 1, Status: survey.StatusOpen, DefaultLanguage: "en", Published: true,
		Languages: []survey.Language{{Code: "en", Reviewed: true}},
		Title:     survey.Text{"en": "Test"},
		Questions: []survey.Question{{ID: "feel", Type: survey.Scale, Text: survey.Text{"en": "How safe?"}, Options: []survey.Option{
			{ID: "low", Text: survey.Text{"en": "Low"}}, {ID: "mid", Text: survey.Text{"en": "Mid"}}, {ID: "high", Text: survey.Text{"en": "High"}}}},
			{ID: "comment", Type: survey.FreeText, Text: survey.Text{"en": "Anything else?"}}},
	}
	catalog, err := survey.NewCatalog(sv)
	if err != nil {
		t.Fatal(err)
	}
	store := surveytest.NewStore()
	now := func() time.Time { return *clock }
	svc, found := kept.Service(&survey.Service{Surveys: catalog, Store: store, Texts: store, Moderation: store, Now: now},
		&findings.Service{Surveys: catalog, Counters: store, Labels: func(string) findings.Labels { return surveytest.Labels{} }}, now)
	return svc, found, store
}

func submit(t *testing.T, svc *survey.Service, key string, answers survey.Answers) *survey.Response {
	t.Helper()
	rc, err := svc.SubmitResponse(context.Background(), "test", survey.Submission{Key: key, Lang: "en", Answers: answers})
	if err != nil {
		t.Fatal(err)
	}
	return rc.Response
}

// TestSummariesKeptUntilCounted: a summary is counted again once another response is counted,
// and not before.
func TestSummariesKeptUntilCounted(t *testing.T) {
	clock := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	svc, found, _ := keptService(t, &clock)
	ctx := context.Background()
	responses := func() int64 {
		t.Helper()
		sum, err := found.SummaryFor(ctx, "test", "en", "", false)
		if err != nil {
			t.Fatal(err)
		}
		return *sum.Responses
	}
	for i := range 10 {
		submit(t, svc, fmt.Sprintf("summaries-key-%05d", i), survey.Answers{"feel": {Choices: []string{"high"}}})
	}
	if got := responses(); got != 10 {
		t.Fatalf("%d responses, want 10", got)
	}
	sv, err := svc.Surveys.Get("test")
	if err != nil {
		t.Fatal(err)
	}
	first, err := found.Counted.CountedSummary(ctx, sv, "en", "")
	if err != nil {
		t.Fatal(err)
	}
	if again, err := found.Counted.CountedSummary(ctx, sv, "en", ""); err != nil || again != first {
		t.Errorf("counted again (%v) with no response counted since, want the kept summary", err)
	}
	submit(t, svc, "summaries-key-99999", survey.Answers{"feel": {Choices: []string{"low"}}})
	if got := responses(); got != 11 {
		t.Errorf("after another response: %d responses, want 11", got)
	}
}

// TestModerationForgetsOnChange: approved quotes are kept for a second, but one approved through
// the service shows at once.
func TestModerationForgetsOnChange(t *testing.T) {
	clock := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	svc, found, store := keptService(t, &clock)
	ctx := context.Background()
	var answers []string
	for i := range 12 {
		r := submit(t, svc, fmt.Sprintf("moderation-key-%05d", i), survey.Answers{"comment": {Text: fmt.Sprintf("the park is dark %d", i)}})
		answers = append(answers, survey.AnswerID(r.ID, "comment"))
	}
	quotes := func() int {
		t.Helper()
		sum, err := found.SummaryFor(ctx, "test", "en", "", false)
		if err != nil {
			t.Fatal(err)
		}
		return len(sum.Quotes)
	}
	if got := quotes(); got != 0 {
		t.Fatalf("before any quote: %d quotes", got)
	}
	if err := svc.ProposeQuote(ctx, "test", "comment", answers[0], "alice"); err != nil {
		t.Fatal(err)
	}
	if err := svc.ApproveQuote(ctx, "test", "comment", answers[0], "bob"); err != nil {
		t.Fatal(err)
	}
	if got := quotes(); got != 1 {
		t.Errorf("approved through the service: %d quotes, want 1 at once", got)
	}
	// Another replica's approval, straight to the store, shows once the kept texts are a second old.
	if err := store.ProposeQuote(ctx, "test", 1, survey.TextNote{Answer: answers[1], Question: "comment", Text: "x", Lang: "en", ProposedBy: "alice"}); err != nil {
		t.Fatal(err)
	}
	if err := store.ApproveQuote(ctx, "test", 1, answers[1], "bob"); err != nil {
		t.Fatal(err)
	}
	if got := quotes(); got != 1 {
		t.Errorf("another replica's quote at once: %d quotes, want the kept 1", got)
	}
	clock = clock.Add(kept.For)
	if got := quotes(); got != 2 {
		t.Errorf("a second later: %d quotes, want 2", got)
	}
}
