package mongo_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/mongo/mongotest"
)

func TestSignOffs(t *testing.T) {
	db := mongotest.Open(t)
	ctx := context.Background()
	at := time.Date(2027, 1, 5, 10, 0, 0, 0, time.UTC)
	first := survey.NewSignOff(survey.SetUI, "pl", "Ola", at, map[string]string{"site.name": "Ankieta", "a.b": "x"})
	if err := db.SaveSignOff(ctx, first); err != nil {
		t.Fatal(err)
	}
	again := survey.NewSignOff(survey.SetUI, "pl", "Jan", at.Add(time.Hour), map[string]string{"site.name": "Ankieta!"})
	if err := db.SaveSignOff(ctx, again); err != nil {
		t.Fatal(err)
	}
	ar := survey.NewSignOff(survey.SurveySet("community-safety"), "ar", "Amal", at, map[string]string{"title": "عنوان"})
	if err := db.SaveSignOff(ctx, ar); err != nil {
		t.Fatal(err)
	}
	got, err := db.SignOffs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	reviews := survey.NewReviews(got)
	if len(got) != 2 || !reflect.DeepEqual(reviews[[2]string{survey.SetUI, "pl"}], again) {
		t.Errorf("sign-offs = %+v, want the second Polish one to replace the first", got)
	}
	if err := db.DeleteSignOff(ctx, survey.SetUI, "pl"); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteSignOff(ctx, survey.SetUI, "pl"); err != nil {
		t.Errorf("deleting a missing sign-off: %v", err)
	}
	got, _ = db.SignOffs(ctx)
	if len(got) != 1 || got[0].Lang != "ar" || got[0].By != "Amal" {
		t.Errorf("after delete: %+v", got)
	}
}
