package freetext

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestZZDebug(t *testing.T) {
	d, err := LoadDisclosureTerms(os.DirFS("../../public"), "safeguarding")
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range strings.Split(os.Getenv("DBG"), "\n") {
		if text == "" {
			continue
		}
		words := foldWords(text)
		_, marks := d.scan(words)
		var b strings.Builder
		for i, w := range words {
			fmt.Fprintf(&b, "%s", w)
			var gs []string
			for g, name := range d.signals.groups {
				if marks[i]&(1<<g) != 0 {
					gs = append(gs, name)
				}
			}
			if len(gs) > 0 {
				fmt.Fprintf(&b, "[%s]", strings.Join(gs, ","))
			}
			b.WriteString(" ")
		}
		for i := range words {
			for _, lp := range d.phrases.phrases {
				if lp.label < len(DisclosureCategories) {
					continue
				}
				if matchFrom(lp.places, words, i) {
					var alts []string
					for _, pl := range lp.places {
						var ws []string
						for _, w := range pl.words {
							ws = append(ws, w.text)
						}
						alts = append(alts, strings.Join(ws, "|"))
					}
					fmt.Fprintf(&b, "\n    %s <- %s: %s", words[i], d.signals.groups[lp.label-len(DisclosureCategories)], strings.Join(alts, " "))
				}
			}
		}
		var ph []string
		found, _ := d.scan(words)
		ph = append(ph, fmt.Sprint(found))
		t.Logf("\n%s\n  %s\n  phrases %v\n  got %v", text, b.String(), ph, d.Categories(text))
	}
}

// round-3 report per language
func TestZZRound3(t *testing.T) {
	d, err := LoadDisclosureTerms(os.DirFS("../../public"), "safeguarding")
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("testdata/blind/*.tsv")
	var tot, totF, totO, totFF int
	var row strings.Builder
	for _, f := range files {
		fh, _ := os.Open(f)
		sc := bufio.NewScanner(fh)
		in := false
		var n, fl, o, ff int
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "# Round 3") {
				in = true
			}
			if !in || strings.HasPrefix(sc.Text(), "#") || sc.Text() == "" {
				continue
			}
			kind, text, _ := strings.Cut(sc.Text(), "\t")
			text = strings.NewReplacer(`\u200b`, "\u200b", `\u200c`, "\u200c", `\u200d`, "\u200d", `\u2060`, "\u2060", `\ufeff`, "\ufeff").Replace(text)
			got := d.Categories(text)
			if kind == "-" {
				o++
				if got != nil {
					ff++
				}
			} else {
				n++
				if got != nil {
					fl++
				}
			}
		}
		fh.Close()
		fmt.Fprintf(&row, "%s %d/%d ff %d/%d\n", filepath.Base(f), fl, n, ff, o)
		tot += n
		totF += fl
		totO += o
		totFF += ff
	}
	t.Logf("\n%sall %d/%d ff %d/%d", row.String(), totF, tot, totFF, totO)
}
