package survey_test

import (
	"context"
	"testing"
	"time"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/surveytest"
)

// heldStore is the in-memory store whose saves wait until the test lets them go, so a second
// request can arrive while the first is still being stored.
type heldStore struct {
	*surveytest.Store
	saving  chan struct{}
	release chan struct{}
}

func (h *heldStore) SaveResponse(ctx context.Context, r *survey.Response) (bool, error) {
	h.saving <- struct{}{}
	<-h.release
	return h.Store.SaveResponse(ctx, r)
}

func TestSubmitResponseIdempotency(t *testing.T) {
	catalog, err := survey.NewCatalog(serviceSurvey())
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 24, 15, 4, 5, 0, time.UTC)
	ctx := context.Background()
	sub := survey.Submission{Key: "idempotency-key-0001", Lang: "en", Answers: survey.Answers{"feel": {Choices: []string{"low"}}}}

	t.Run("ErrKeyReusedWithOtherAnswers", func(t *testing.T) {
		store := surveytest.NewStore()
		svc := &survey.Service{Surveys: catalog, Store: store, Now: func() time.Time { return now }}
		if _, err := svc.SubmitResponse(ctx, "test", sub); err != nil {
			t.Fatal(err)
		}
		for name, change := range map[string]func(*survey.Submission){
			"Answers": func(s *survey.Submission) { s.Answers = survey.Answers{"feel": {Choices: []string{"high"}}} },
			"Lang":    func(s *survey.Submission) { s.Lang = "pl" },
			"Channel": func(s *survey.Submission) { s.Channel = "K7P3QX" },
		} {
			other := sub
			change(&other)
			_, err := svc.SubmitResponse(ctx, "test", other)
			if got, want := survey.ErrorCode(err), survey.EKEYREUSED; got != want {
				t.Errorf("%s changed: code %q, want %q (err %v)", name, got, want, err)
			}
		}
		stored, err := store.Response(ctx, survey.ResponseID("test", sub.Key))
		if err != nil || stored.Answers["feel"].Choices[0] != "low" {
			t.Errorf("stored %+v (err %v), want the first answers kept", stored, err)
		}
	})
	t.Run("OKSameSubmissionAgain", func(t *testing.T) {
		store := surveytest.NewStore()
		svc := &survey.Service{Surveys: catalog, Store: store, Now: func() time.Time { return now }}
		first, err := svc.SubmitResponse(ctx, "test", sub)
		if err != nil {
			t.Fatal(err)
		}
		again := sub
		again.Channel = " " // normalises to no channel, as the first had
		rc, err := svc.SubmitResponse(ctx, "test", again)
		if err != nil || rc.Created || rc.Response.ID != first.Response.ID {
			t.Errorf("resend = %+v, %v; want the first id, not created", rc, err)
		}
	})
	t.Run("ErrKeyInFlight", func(t *testing.T) {
		store := &heldStore{Store: surveytest.NewStore(), saving: make(chan struct{}), release: make(chan struct{})}
		svc := &survey.Service{Surveys: catalog, Store: store, Now: func() time.Time { return now }}
		done := make(chan error)
		go func() {
			_, err := svc.SubmitResponse(ctx, "test", sub)
			done <- err
		}()
		<-store.saving
		_, err := svc.SubmitResponse(ctx, "test", sub)
		if got, want := survey.ErrorMessage(err), survey.MsgKeyInFlight; got != want || survey.ErrorCode(err) != survey.ECONFLICT {
			t.Errorf("second request while the first is saving: %v, want ECONFLICT %s", err, want)
		}
		close(store.release)
		if err := <-done; err != nil {
			t.Fatalf("first request: %v", err)
		}
		go func() { <-store.saving }()
		rc, err := svc.SubmitResponse(ctx, "test", sub)
		if err != nil || rc.Created {
			t.Errorf("retry after the first finished = %+v, %v; want answered as stored", rc, err)
		}
	})
}

func TestConfirmResponse(t *testing.T) {
	catalog, err := survey.NewCatalog(serviceSurvey())
	if err != nil {
		t.Fatal(err)
	}
	store := surveytest.NewStore()
	svc := &survey.Service{Surveys: catalog, Store: store, Now: func() time.Time { return time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC) }}
	ctx := context.Background()
	rc, err := svc.SubmitResponse(ctx, "test", survey.Submission{Key: "confirm-key-000001", Answers: survey.Answers{"feel": {Choices: []string{"mid"}}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("OK", func(t *testing.T) {
		if err := svc.ConfirmResponse(ctx, "test", rc.Response.ID); err != nil {
			t.Errorf("ConfirmResponse = %v, want nil", err)
		}
	})
	for name, tc := range map[string]struct{ slug, id string }{
		"ErrUnknownID":     {"test", survey.ResponseID("test", "some-other-key-0001")},
		"ErrNotAnID":       {"test", "../../etc"},
		"ErrUnknownSurvey": {"nope", rc.Response.ID},
	} {
		t.Run(name, func(t *testing.T) {
			if got, want := survey.ErrorCode(svc.ConfirmResponse(ctx, tc.slug, tc.id)), survey.ENOTFOUND; got != want {
				t.Errorf("code %q, want %q", got, want)
			}
		})
	}
}
