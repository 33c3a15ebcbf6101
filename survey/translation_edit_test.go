package survey_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/safeguarding/safetysurvey/survey"
)

func TestWithEditsReopensReview(t *testing.T) {
	files := map[string]string{"help.intro": "Pomoc", "n:one": "1 odpowiedź", "n:few": "{{.Count}} odpowiedzi"}
	at := time.Date(2027, 1, 5, 10, 0, 0, 0, time.UTC)
	reviews := survey.NewReviews([]survey.SignOff{survey.NewSignOff(survey.SetUI, "pl", "Ola", at, files)})
	edited := survey.WithEdits(files, []survey.TranslationEdit{{Set: survey.SetUI, Lang: "pl", ID: "n", Text: map[string]string{"n:few": "{{.Count}} odp."}}})
	if got, want := edited["n:few"], "{{.Count}} odp."; got != want {
		t.Errorf("edited n:few = %q, want %q", got, want)
	}
	if files["n:few"] != "{{.Count}} odpowiedzi" {
		t.Error("WithEdits changed the files' strings it was given")
	}
	t.Run("Unedited", func(t *testing.T) {
		if state := reviews.State(survey.SetUI, "pl", survey.WithEdits(files, nil)); !state.Reviewed {
			t.Errorf("state = %+v, want reviewed", state)
		}
	})
	t.Run("Edited", func(t *testing.T) {
		state := reviews.State(survey.SetUI, "pl", edited)
		if got, want := state.Changed, []string{"n:few"}; !reflect.DeepEqual(got, want) || !state.Reopened() {
			t.Errorf("state = %+v, want reopened with %v changed", state, want)
		}
	})
}
