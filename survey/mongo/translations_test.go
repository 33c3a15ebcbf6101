package mongo_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/mongo/mongotest"
)

func TestTranslationEdits(t *testing.T) {
	db := mongotest.Open(t)
	ctx := context.Background()
	at := time.Date(2027, 1, 5, 10, 0, 0, 0, time.UTC)
	edits := []survey.TranslationEdit{
		{Set: survey.SetUI, Lang: "pl", ID: "help.intro", Text: map[string]string{"help.intro": "Pierwsza"}, By: "ola@example.org", At: at},
		{Set: survey.SetUI, Lang: "pl", ID: "help.intro", Text: map[string]string{"help.intro": "Druga"}, By: "jan@example.org", At: at.Add(time.Hour)},
		{Set: survey.SetUI, Lang: "pl", ID: "n.answers", Text: map[string]string{"n.answers:one": "1 odp.", "n.answers:few": "{{.Count}} odp."}, By: "ola@example.org", At: at},
		{Set: survey.SetUI, Lang: "ar", ID: "help.intro", Text: map[string]string{"help.intro": "مساعدة"}, By: "amal@example.org", At: at},
	}
	for _, e := range edits {
		if err := db.SaveTranslationEdit(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.TranslationEdits(ctx, survey.SetUI, "pl")
	if err != nil {
		t.Fatal(err)
	}
	if want := []survey.TranslationEdit{edits[1], edits[2]}; !reflect.DeepEqual(got, want) {
		t.Errorf("Polish edits = %+v, want %+v: the second edit of a string replaces the first, Arabic stays apart", got, want)
	}
}

func TestTranslationComments(t *testing.T) {
	db := mongotest.Open(t)
	ctx := context.Background()
	at := time.Date(2027, 1, 5, 10, 0, 0, 0, time.UTC)
	set := survey.SurveySet("community-safety")
	comments := []survey.TranslationComment{
		{Set: set, Lang: "pl", ID: "title", By: "jan@example.org", Text: "Later", At: at.Add(time.Minute)},
		{Set: set, Lang: "pl", ID: "title", By: "ola@example.org", Text: "Earlier", At: at},
		{Set: set, Lang: "uk", ID: "title", By: "ola@example.org", Text: "Other language", At: at},
	}
	for _, c := range comments {
		if err := db.AddTranslationComment(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.TranslationComments(ctx, set, "pl")
	if err != nil {
		t.Fatal(err)
	}
	if want := []survey.TranslationComment{comments[1], comments[0]}; !reflect.DeepEqual(got, want) {
		t.Errorf("Polish comments = %+v, want %+v, oldest first", got, want)
	}
}
