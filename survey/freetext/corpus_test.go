package freetext_test

import (
	"cmp"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/safeguarding/safetysurvey/survey/freetext"
)

// shippedTerms loads the phrase lists the service ships.
func shippedTerms(tb testing.TB) *freetext.DisclosureTerms {
	tb.Helper()
	terms, err := freetext.LoadDisclosureTerms(os.DirFS("../../public"), "safeguarding")
	if err != nil {
		tb.Fatal(err)
	}
	return terms
}

// tally counts, for one row of the report, how answers that disclose were flagged (and as the
// right kind) and how ordinary answers were not.
type tally struct {
	disclosing, flagged, rightKind, ordinary, falseFlags int
}

func (c tally) recall() float64    { return ratio(c.flagged, c.disclosing) }
func (c tally) falseRate() float64 { return ratio(c.falseFlags, c.ordinary) }
func ratio(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}

// TestCorpus measures the shipped phrase lists against the labelled corpus: recall must be at
// least 95% overall and 90% in each language, and at most 5% of ordinary answers flagged.
func TestCorpus(t *testing.T) {
	measure(t, "corpus", 200, 200, 15, true)
}

// TestHeldOut holds the same thresholds on answers written before the lists were tuned to them
// (testdata/heldout, see its README), so that recall is measured on sentences nobody fitted.
func TestHeldOut(t *testing.T) {
	measure(t, "heldout", 310, 130, 15, true)
}

// TestBlind reports blind rounds (testdata/blind, see its README): answers of situations nobody
// wrote words for, kept as written when scored. Their recall and false flags are reported, not
// required, since the rounds exist to show how far flagging generalises; what the signal scorer
// adds to false flags is held down by TestSignalsAddFewFalseFlags.
func TestBlind(t *testing.T) {
	measure(t, "blind", 200, 110, 20, false)
}

// TestProbes reports the probes (testdata/probes, see its README): the situations of the blind
// rounds told in other words, written by whoever tuned the lists to those rounds, so not blind;
// they show whether a concept, not a sentence, was learnt.
func TestProbes(t *testing.T) {
	measure(t, "probes", 40, 30, 4, false)
}

// measure reports recall and false flags per language and per kind for testdata/<dir>, and fails
// with fewer answers than asked and, when rates are required, below the recall thresholds or
// above 5% false flags.
func measure(t *testing.T, dir string, minDisclosing, minOrdinary, minPerLang int, requireRates bool) {
	t.Helper()
	terms := shippedTerms(t)
	corpus := freetext.ReadLabelled(t, dir)
	byLang, byKind := map[string]*tally{}, map[string]*tally{}
	var all tally
	for _, a := range corpus {
		for _, c := range []*tally{&all, row(byLang, a.Lang), row(byKind, cmp.Or(a.Kind, "-"))} {
			got := terms.Categories(a.Text)
			if a.Kind == "" {
				c.ordinary++
				if got != nil {
					c.falseFlags++
				}
				continue
			}
			c.disclosing++
			if got != nil {
				c.flagged++
			}
			if slices.Contains(got, a.Kind) {
				c.rightKind++
			}
		}
		switch got := terms.Categories(a.Text); {
		case a.Kind == "" && got != nil:
			t.Logf("false flag %s:%d %v: %s", a.Lang, a.Line, got, a.Text)
		case a.Kind != "" && got == nil:
			t.Logf("missed %s:%d %s: %s", a.Lang, a.Line, a.Kind, a.Text)
		case a.Kind != "" && !slices.Contains(got, a.Kind):
			t.Logf("other kind %s:%d %s, got %v: %s", a.Lang, a.Line, a.Kind, got, a.Text)
		}
	}
	var report strings.Builder
	fmt.Fprintf(&report, "\n%-13s %10s %7s %9s %10s %7s\n", "", "disclosing", "recall", "as kind", "ordinary", "false")
	line := func(name string, c tally) {
		fmt.Fprintf(&report, "%-13s %10d %6.1f%% %8.1f%% %10d %6.1f%%\n", name, c.disclosing, 100*c.recall(),
			100*ratio(c.rightKind, c.disclosing), c.ordinary, 100*c.falseRate())
	}
	for _, lang := range slices.Sorted(maps.Keys(byLang)) {
		line(lang, *byLang[lang])
	}
	for _, kind := range freetext.DisclosureCategories {
		if c := byKind[kind]; c != nil {
			line(kind, *c)
		} else if requireRates {
			t.Errorf("%s has no answer of kind %s", dir, kind)
		}
	}
	line("all", all)
	t.Log(report.String())

	if all.disclosing < minDisclosing || all.ordinary < minOrdinary {
		t.Errorf("%s has %d disclosing and %d ordinary answers, want at least %d and %d", dir, all.disclosing, all.ordinary, minDisclosing, minOrdinary)
	}
	if !requireRates {
		return
	}
	if all.falseRate() > 0.05 {
		t.Errorf("%.1f%% of ordinary answers flagged, want at most 5%%", 100*all.falseRate())
	}
	if all.recall() < 0.95 {
		t.Errorf("recall %.1f%% overall, want at least 95%%", 100*all.recall())
	}
	for _, lang := range []string{"en", "pl", "es", "pt", "ar", "so", "bn", "ur", "fr", "uk"} {
		c := byLang[lang]
		switch {
		case c == nil || c.disclosing < minPerLang:
			t.Errorf("%s: fewer than %d disclosing answers in %s", lang, minPerLang, dir)
		case c.recall() < 0.90:
			t.Errorf("%s: recall %.1f%%, want at least 90%%", lang, 100*c.recall())
		}
	}
}

func row(rows map[string]*tally, key string) *tally {
	if rows[key] == nil {
		rows[key] = &tally{}
	}
	return rows[key]
}
