package kept

import (
	"context"
	"testing"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/surveytest"
)

// TestKeptActions reads a survey's actions through the short cache: a list saved by another
// replica straight to the store is not read again at once, one saved through the cache is.
func TestKeptActions(t *testing.T) {
	db := surveytest.NewStore()
	ctx := context.Background()
	kept := NewActions(db, nil)
	save := func(store survey.ActionStore, l *survey.ActionList, text string) {
		t.Helper()
		l.Actions = []survey.Action{{Status: survey.ActionPlanned, Text: survey.Text{"en": text}}}
		if err := store.SaveActionList(ctx, l); err != nil {
			t.Fatal(err)
		}
	}
	read := func() string {
		t.Helper()
		l, err := kept.ActionList(ctx, "s")
		if err != nil {
			t.Fatal(err)
		}
		if len(l.Actions) == 0 {
			return ""
		}
		return l.Actions[0].Text["en"]
	}
	if got := read(); got != "" {
		t.Fatalf("before any save: %q", got)
	}
	save(kept, &survey.ActionList{Survey: "s"}, "lights")
	if got := read(); got != "lights" {
		t.Fatalf("saved through the cache, read %q", got)
	}
	l, err := db.ActionList(ctx, "s")
	if err != nil {
		t.Fatal(err)
	}
	save(db, l, "buses") // another replica
	if got := read(); got != "lights" {
		t.Errorf("another replica's save read %q at once, want the kept %q", got, "lights")
	}
}
