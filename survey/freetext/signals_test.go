package freetext

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// TestSignalsAddFewFalseFlags: over the ordinary answers the lexicons were studied on (the
// corpus, the held-out set, the probes and blind rounds up to studiedRound), the signal scorer
// may flag at most 1% that the phrase lists leave alone. That guards against a lexicon change
// that breaks what was fixed; it is fitted, not a measure. On the answers nobody studied them
// on (later blind rounds, the model's training set), what the scorer adds is the honest figure:
// 78 of 912 (8.6%) when blind round 7 and the second training set were added; at most 10%.
func TestSignalsAddFewFalseFlags(t *testing.T) {
	withSignals, err := LoadDisclosureTerms(os.DirFS("../../public"), "safeguarding")
	if err != nil {
		t.Fatal(err)
	}
	phrasesOnly := *withSignals
	phrasesOnly.signals, phrasesOnly.model = nil, nil
	withSignals.model = nil
	var studied, fresh struct{ ordinary, added int }
	for _, set := range []string{"corpus", "heldout", "probes", "blind", "training"} {
		for _, a := range ReadLabelled(t, set) {
			if a.Kind != "" {
				continue
			}
			c := &studied
			if set == "training" || a.Round > studiedRound {
				c = &fresh
			}
			c.ordinary++
			if withSignals.Categories(a.Text) != nil && phrasesOnly.Categories(a.Text) == nil {
				c.added++
				t.Logf("%s %s:%d: scorer flags %v: %s", set, a.Lang, a.Line, withSignals.Categories(a.Text), a.Text)
			}
		}
	}
	t.Logf("the scorer alone flags %d of %d ordinary answers it was studied on, and %d of %d it was not (%.1f%%)",
		studied.added, studied.ordinary, fresh.added, fresh.ordinary, 100*float64(fresh.added)/float64(max(fresh.ordinary, 1)))
	if studied.ordinary < 500 || float64(studied.added) > 0.01*float64(studied.ordinary) {
		t.Errorf("scorer alone flags %d of %d ordinary answers it was studied on, want at most 1%% of at least 500", studied.added, studied.ordinary)
	}
	if float64(fresh.added) > 0.1*float64(fresh.ordinary) {
		t.Errorf("scorer alone flags %d of %d ordinary answers it was not studied on, want at most 10%%", fresh.added, fresh.ordinary)
	}
}

// studiedRound is the last blind round whose ordinary answers the lexicons were tuned on (see
// testdata/blind/README.md; rounds 5 and 6 showed collisions between languages, which were
// fixed, but their false flags were not studied).
const studiedRound = 4

// TestSignalsFlagCombinations checks the scorer alone on combinations no phrase list needs to
// know, and on words that only look alarming.
func TestSignalsFlagCombinations(t *testing.T) {
	d, err := LoadDisclosureTerms(os.DirFS("../../public"), "safeguarding")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		text string
		want string // "" for no flag
	}{
		{"my uncle keeps slapping me across the face", "hurt"},
		{"the guy from the game said to keep our chats secret and send a selfie", "grooming"},
		{"i have to deliver parcels to another town for people i owe", "exploitation"},
		{"i scratch my legs with a razor every night", "self_harm"},
		{"in the game i killed him lol", ""},
		{"we had a lesson about knives at school", ""},
		{"my brother kicked the ball at me at football haha", ""},
	} {
		t.Run(tc.text, func(t *testing.T) {
			_, marks := d.scan(foldWords(tc.text))
			kind, ok := d.signals.strongest(marks)
			got := ""
			if ok {
				got = DisclosureCategories[kind]
			}
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestContextVetoes: context words near a phrase of the lists (football, a film, a lesson, a
// fishing trip) make it ordinary talk when little else points to harm; they do not hide other
// evidence, a negated or cover-story context, or a same-day kind unless it is an idiom.
func TestContextVetoes(t *testing.T) {
	rules := "window 12\nthreshold 4\nphrase 3\nundo negation 2\nundo cover 8\n" +
		"hurt: harm 2, self 1, injury 2, cover 2, play -4, fiction -4\n" +
		"suicide: death 3, self 1, play -4, idiom -6\n"
	lexicon := "[harm]\nhits\n[self]\nme|i\n[injury]\nbruise*\n[cover]\ni say\n[play]\nfootball|lol|joke\n" +
		"[fiction]\nfilm|game\n[death]\ndie\n[idiom]\ndying of laughter\n[negation]\nnot|no\n"
	list := "[hurt]\nhits me\n[suicide]\nwant to die\n"
	d, err := LoadDisclosureTerms(fstest.MapFS{
		"s/disclosure.en.txt": {Data: []byte(list)},
		"s/signals.txt":       {Data: []byte(rules)},
		"s/signals.en.txt":    {Data: []byte(lexicon)},
	}, "s")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"Phrase", "he hits me", []string{"hurt"}},
		{"PlayNear", "he hits me at football", nil},
		{"OnlyTheHeaviestContextCounts", "he hits me at football in the game with bruises", []string{"hurt"}},
		{"OtherEvidence", "he hits me at football and i have bruises", []string{"hurt"}},
		{"FarAway", "he hits me every day and every night and i do not know what to do now, we did watch a film", []string{"hurt"}},
		{"Negated", "he hits me and it is not a joke", []string{"hurt"}},
		{"CoverStory", "he hits me and at school i say it was football", []string{"hurt"}},
		{"SameDayKindKept", "i want to die lol", []string{"suicide"}},
		{"SameDayKindIdiom", "i want to die i was dying of laughter", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := d.Categories(tc.text); !slices.Equal(got, tc.want) {
				t.Errorf("Categories(%q) = %v, want %v", tc.text, got, tc.want)
			}
		})
	}
}

// TestSignalsReportMistakes: mistakes in the rules or a lexicon are reported with file and line.
func TestSignalsReportMistakes(t *testing.T) {
	list := &fstest.MapFile{Data: []byte("[hurt]\nhits me\n")}
	for _, tc := range []struct {
		name, rules, lexicon string
		want                 []string
	}{
		{"BadSetting", "window many\nthreshold 4\nphrase 3\nhurt: harm 2\n", "[harm]\nhit*\n", []string{"s/signals.txt:1: " + msgBadRule}},
		{"UnknownKind", "window 8\nthreshold 4\nphrase 3\nhurting: harm 2\n", "[harm]\nhit*\n", []string{"s/signals.txt:4: " + msgNotACategory}},
		{"BadWeight", "window 8\nthreshold 4\nphrase 3\nhurt: harm two\n", "[harm]\nhit*\n", []string{"s/signals.txt:4: " + msgBadRule}},
		{"NoRules", "window 8\n", "[harm]\nhit*\n", []string{"s/signals.txt:1: " + msgBadRule}},
		{"NoPhraseWeight", "window 8\nthreshold 4\nhurt: harm 2\n", "[harm]\nhit*\n", []string{"s/signals.txt:1: " + msgBadRule}},
		{"BadUndo", "window 8\nthreshold 4\nphrase 3\nundo negation\nundo cover 12\nhurt: harm 2\n", "[harm]\nhit*\n", []string{"s/signals.txt:4: " + msgBadRule, "s/signals.txt:5: " + msgBadRule}},
		{"UnknownGroup", "window 8\nthreshold 4\nphrase 3\nhurt: harm 2\n", "[harm]\nhit*\n[harms]\nbeat*\n", []string{"s/signals.en.txt:3: " + msgNotACategory}},
		{"BadPhrase", "window 8\nthreshold 4\nphrase 3\nhurt: harm 2\n", "[harm]\nhit ..12 me\n", []string{"s/signals.en.txt:2: " + msgMisplacedGap}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{"s/disclosure.en.txt": list, "s/signals.txt": {Data: []byte(tc.rules)}, "s/signals.en.txt": {Data: []byte(tc.lexicon)}}
			_, err := LoadDisclosureTerms(fsys, "s")
			if err == nil {
				t.Fatal("got no error")
			}
			for _, want := range tc.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("got %v, want it to contain %q", err, want)
				}
			}
			var listErr ListError
			if !errors.As(err, &listErr) || !slices.Contains(ListMessages, listErr.Message) {
				t.Errorf("got %v, want a ListError with one of ListMessages", err)
			}
		})
	}
}
