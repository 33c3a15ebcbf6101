package freetext

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// Labelled is one answer of the labelled sets in testdata (see testdata/corpus/README.md): the
// kind of harm it discloses, "" for an ordinary one. It is exported for this package's external
// tests only.
type Labelled struct {
	Set, Lang, Kind, Text string
	Line                  int
	// Round is the round the answer was written in, from a "# Round N" comment line (see
	// testdata/blind/README.md), or 0.
	Round int
}

var escape = regexp.MustCompile(`\\u[0-9a-fA-F]{4}|\\U[0-9a-fA-F]{8}`)

// ReadLabelled reads testdata/<dir>/<lang>.tsv for every language.
func ReadLabelled(tb testing.TB, dir string) []Labelled {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", dir, "*.tsv"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no labelled answers in testdata/%s: %v", dir, err)
	}
	var answers []Labelled
	for _, file := range files {
		lang := strings.TrimSuffix(filepath.Base(file), ".tsv")
		data, err := os.ReadFile(file)
		if err != nil {
			tb.Fatal(err)
		}
		sc := bufio.NewScanner(strings.NewReader(string(data)))
		round := 0
		for line := 1; sc.Scan(); line++ {
			if n, ok := strings.CutPrefix(sc.Text(), "# Round "); ok {
				round, _ = strconv.Atoi(strings.TrimRight(strings.Fields(n)[0], ","))
			}
			if sc.Text() == "" || strings.HasPrefix(sc.Text(), "#") {
				continue
			}
			kind, text, ok := strings.Cut(sc.Text(), "\t")
			if !ok || (kind != "-" && !slices.Contains(DisclosureCategories, kind)) {
				tb.Fatalf("%s:%d: want a kind of harm or -, a tab and an answer", file, line)
			}
			text = escape.ReplaceAllStringFunc(text, func(e string) string {
				r, _ := strconv.ParseUint(e[2:], 16, 32)
				return string(rune(r))
			})
			answers = append(answers, Labelled{Set: dir, Lang: lang, Kind: strings.TrimPrefix(kind, "-"), Text: text, Line: line, Round: round})
		}
	}
	return answers
}
