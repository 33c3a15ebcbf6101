package freetext

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// foldTableData is what letters, digits and symbols fold to (see nfkdTable), written by
// gen_fold.go from Unicode's compatibility decompositions: one run of characters a line,
// "first count step text" (see parseFoldTable).
//
//go:embed fold_table.txt
var foldTableData string

// nfkdTable maps a character to its compatibility decomposition without marks, in lower case.
var nfkdTable = mustParseFoldTable(foldTableData)

func mustParseFoldTable(data string) map[rune]string {
	table, err := parseFoldTable(data)
	if err != nil {
		panic(err) // the file is embedded and checked by TestFoldTableRegenerates
	}
	return table
}

// parseFoldTable reads runs of characters: from the first (in hex), count characters fold to
// the quoted text, or with step 1 each to the letter after the one the character before it
// folds to (ａ, ｂ… to a, b…). # starts a comment line.
func parseFoldTable(data string) (map[rune]string, error) {
	table := make(map[rune]string, 3400)
	for n, line := range strings.Split(data, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		fields := strings.SplitN(line, " ", 4)
		if len(fields) != 4 {
			return nil, fmt.Errorf("fold_table.txt:%d: want first, count, step and text", n+1)
		}
		first, err1 := strconv.ParseUint(fields[0], 16, 32)
		count, err2 := strconv.Atoi(fields[1])
		text, err3 := strconv.Unquote(fields[3])
		step := fields[2]
		if err1 != nil || err2 != nil || err3 != nil || count < 1 || step != "0" && step != "1" ||
			step == "1" && utf8.RuneCountInString(text) != 1 {
			return nil, fmt.Errorf("fold_table.txt:%d: bad run %q", n+1, line)
		}
		letter, _ := utf8.DecodeRuneInString(text)
		for i := range rune(count) {
			if step == "1" {
				text = string(letter + i)
			}
			table[rune(first)+i] = text
		}
	}
	return table, nil
}
