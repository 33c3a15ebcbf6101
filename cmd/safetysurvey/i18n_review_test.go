package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/safeguarding/safetysurvey/survey"
)

// noEnv is an environment with nothing set.
func noEnv(string) string { return "" }

// TestI18nSignOff signs Polish off in the embedded store and checks that i18n check reads it,
// that a change to a signed-off string reopens the review, and that reopen removes it.
func TestI18nSignOff(t *testing.T) {
	ctx := context.Background()
	store := []string{"--data-dir", t.TempDir(), "--log-level", "error"}
	i18n := func(t *testing.T, args ...string) string {
		t.Helper()
		var out bytes.Buffer
		if err := i18nCommand(ctx, append(args, store...), noEnv, &out); err != nil && args[0] != "check" {
			t.Fatalf("i18n %v: %v\n%s", args, err, out.String())
		}
		return out.String()
	}
	notes := func(t *testing.T) string {
		t.Helper()
		return i18n(t, "check")
	}
	if got := notes(t); !strings.Contains(got, "note: UI strings not yet signed off: ar, bn, es, fr, pl, pt, pt-PT, so, uk, ur") ||
		!strings.Contains(got, "note: safeguarding phrase lists (the safeguarding lead's) not yet signed off: ar, bn, es, fr, pl, pt, so, uk, ur") {
		t.Fatalf("check before any sign-off:\n%s", got)
	}
	i18n(t, "signoff", "--lang", "pl", "--by", "Ola Nowak")
	i18n(t, "signoff", "--lang", "ar", "--set", survey.SurveySet("community-safety"), "--by", "Amal")
	got := notes(t)
	for _, want := range []string{"note: UI strings not yet signed off: ar, bn, es, fr, pt, pt-PT, so, uk, ur", "text not yet signed off: bn, es, fr, pl, pt, so, uk, ur, pt-PT"} {
		if !strings.Contains(got, want) {
			t.Errorf("check after sign-off lacks %q:\n%s", want, got)
		}
	}

	t.Run("EditReopens", func(t *testing.T) {
		st, err := openStore(ctx, Config{DataDir: store[1], Database: "safetysurvey"}, newLogger("error"))
		if err != nil {
			t.Fatal(err)
		}
		all, err := st.db.SignOffs(ctx)
		st.Close()
		if err != nil {
			t.Fatal(err)
		}
		sets, err := builtInReviewSets("")
		if err != nil {
			t.Fatal(err)
		}
		texts, _ := sets.texts(survey.SetUI, "pl")
		texts["site.name"] = "Ankieta o bezpieczeństwie (poprawiona)"
		state := survey.NewReviews(all).State(survey.SetUI, "pl", texts)
		if state.Reviewed || !state.Reopened() || state.By != "Ola Nowak" || strings.Join(state.Changed, ",") != "site.name" {
			t.Errorf("after an edit: %+v, want the review reopened for site.name", state)
		}
	})

	t.Run("Reopen", func(t *testing.T) {
		i18n(t, "reopen", "--lang", "pl")
		if got := notes(t); !strings.Contains(got, "UI strings not yet signed off: ar, bn, es, fr, pl,") {
			t.Errorf("check after reopen:\n%s", got)
		}
	})

	t.Run("ErrUnknownSet", func(t *testing.T) {
		var out bytes.Buffer
		err := i18nCommand(ctx, append([]string{"signoff", "--lang", "pl", "--set", "posters", "--by", "X"}, store...), noEnv, &out)
		if err == nil || !strings.Contains(err.Error(), `unknown set "posters"`) {
			t.Errorf("err = %v", err)
		}
	})
}
