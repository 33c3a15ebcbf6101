package survey_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/surveytest"
)

// offerHelpService is a service over an in-memory store, with the test survey and disclosure terms.
func offerHelpService(t *testing.T) *survey.Service {
	t.Helper()
	catalog, err := survey.NewCatalog(serviceSurvey())
	if err != nil {
		t.Fatal(err)
	}
	store := surveytest.NewStore()
	now := time.Date(2026, 11, 24, 15, 4, 5, 0, time.UTC)
	return &survey.Service{Surveys: catalog, Store: store, Texts: store, Moderation: store, Disclosures: serviceTerms(t), Now: func() time.Time { return now }}
}

func TestSubmitResponseOfferHelp(t *testing.T) {
	ctx := context.Background()
	svc := offerHelpService(t)
	sv, _ := svc.Surveys.Get("test")
	concern := *sv
	concern.Questions = append([]survey.Question(nil), sv.Questions...)
	concern.Questions[0].Concern = []string{"low"}
	if err := svc.Surveys.Replace(&concern); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		answers survey.Answers
		want    bool
	}{
		{name: "NoConcern", answers: survey.Answers{"feel": {Choices: []string{"high"}}}, want: false},
		{name: "ConcernAnswer", answers: survey.Answers{"feel": {Choices: []string{"low"}}}, want: true},
		{name: "Disclosure", answers: survey.Answers{"comment": {Text: "he hits me"}}, want: true},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc, err := svc.SubmitResponse(ctx, "test", survey.Submission{Key: fmt.Sprintf("offer-help-key-%04d", i), Lang: "en", Answers: tt.answers})
			if err != nil {
				t.Fatal(err)
			}
			if got := rc.OfferHelp; got != tt.want {
				t.Errorf("OfferHelp = %v, want %v", got, tt.want)
			}
		})
	}
}
