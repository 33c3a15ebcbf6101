package freetext

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// TestContextWordsKeepToTheirLanguage: every lexicon is tried on every answer, so a word that
// counts against a flag (a game, a lesson, football, fasting) in one language must not be, once
// folded, a word of a disclosing answer in another: French "but" (a goal) read English "but",
// Portuguese "jogo" (a game) Somali "joogo" (is present), Somali "soon" (fasting) French "son".
// A word is allowed when the answer's own lexicon, or the English one (children mix English
// in), gives it the same group: "film", "roblox", "ramadan" belong to every language; and when
// a negation takes it away ("não tem comida").
func TestContextWordsKeepToTheirLanguage(t *testing.T) {
	rules, err := os.ReadFile("../../public/safeguarding/signals.txt")
	if err != nil {
		t.Fatal(err)
	}
	langs := []string{"en", "pl", "es", "pt", "fr", "uk", "ar", "ur", "bn", "so"}
	alone := map[string]*DisclosureTerms{}
	for _, lang := range langs {
		lexicon, err := os.ReadFile("../../public/safeguarding/signals." + lang + ".txt")
		if err != nil {
			t.Fatal(err)
		}
		alone[lang], err = LoadDisclosureTerms(fstest.MapFS{
			"s/disclosure.en.txt":        {Data: []byte("[hurt]\nnothing to match here\n")},
			"s/signals.txt":              {Data: rules},
			"s/signals." + lang + ".txt": {Data: lexicon},
		}, "s")
		if err != nil {
			t.Fatal(err)
		}
	}
	shipped, err := LoadDisclosureTerms(os.DirFS("../../public"), "safeguarding")
	if err != nil {
		t.Fatal(err)
	}
	s := shipped.signals
	var negative uint64
	for _, r := range s.rules {
		negative |= r.negativeMask
	}
	files, err := filepath.Glob(filepath.Join("testdata", "*", "*.tsv"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no test sets: %v", err)
	}
	disclosing := 0
	for _, file := range files {
		lang := strings.TrimSuffix(filepath.Base(file), ".tsv")
		f, err := os.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			kind, text, ok := strings.Cut(sc.Text(), "\t")
			if !ok || kind == "-" || strings.HasPrefix(kind, "#") {
				continue
			}
			disclosing++
			words := foldWords(text)
			_, all := shipped.scan(words)
			_, own := alone[lang].scan(words)
			_, english := alone["en"].scan(words)
			for _, other := range langs {
				if other == lang {
					continue
				}
				_, marks := alone[other].scan(words)
				for i, m := range marks {
					if foreign := m & all[i] & negative &^ own[i] &^ english[i]; foreign != 0 {
						t.Errorf("%s: the %s lexicon reads %q as %s in: %s", file, other, words[i], groupNames(s.groups, foreign), text)
					}
				}
			}
		}
		f.Close()
	}
	if disclosing < 1000 {
		t.Errorf("read %d disclosing answers, want the test sets' 1,000 or more", disclosing)
	}
}

// groupNames names the groups of marks.
func groupNames(groups []string, marks uint64) string {
	var names []string
	for g, name := range groups {
		if marks&(1<<g) != 0 {
			names = append(names, name)
		}
	}
	return strings.Join(names, ", ")
}
