package mongo_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/mongo/mongotest"
)

func TestActionList(t *testing.T) {
	db := mongotest.Open(t)
	ctx := context.Background()
	empty, err := db.ActionList(ctx, "s1")
	if err != nil {
		t.Fatal(err)
	}
	if empty.Rev != 0 || len(empty.Actions) != 0 {
		t.Fatalf("before any save: %+v", empty)
	}
	first := survey.Action{Status: survey.ActionDoing, Text: survey.Text{"en": "Lights", "ar": "أضواء"}, YouSaid: survey.Text{"en": "Dark"},
		Questions: []string{"needs_done"}, Themes: []string{"lighting"}}
	l := &survey.ActionList{Survey: "s1", Actions: []survey.Action{first}}
	if err := db.SaveActionList(ctx, l); err != nil {
		t.Fatal(err)
	}
	stale := &survey.ActionList{Survey: "s1"}
	t.Run("ErrConflictFirstSave", func(t *testing.T) {
		if err := db.SaveActionList(ctx, stale); survey.ErrorCode(err) != survey.ECONFLICT {
			t.Errorf("second first save: %v, want ECONFLICT", err)
		}
	})
	l.Actions = append(l.Actions, survey.Action{Status: survey.ActionPlanned, Text: survey.Text{"en": "Buses"}})
	if err := db.SaveActionList(ctx, l); err != nil {
		t.Fatal(err)
	}
	t.Run("ErrConflictStaleRev", func(t *testing.T) {
		if err := db.SaveActionList(ctx, &survey.ActionList{Survey: "s1", Rev: 1}); survey.ErrorCode(err) != survey.ECONFLICT {
			t.Errorf("save at an old revision: %v, want ECONFLICT", err)
		}
	})
	got, err := db.ActionList(ctx, "s1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Rev != 2 || !reflect.DeepEqual(got.Actions, l.Actions) {
		t.Errorf("got %+v, want rev 2 and %+v", got, l.Actions)
	}
	if other, err := db.ActionList(ctx, "s2"); err != nil || len(other.Actions) != 0 {
		t.Errorf("another survey: %+v, %v", other, err)
	}
}
