package freetext

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestFoldTableRegenerates: fold_table.txt is what gen_fold.go writes today, so nobody edited
// it by hand and it matches the Unicode version of golang.org/x/text in go.mod.
func TestFoldTableRegenerates(t *testing.T) {
	out := filepath.Join(t.TempDir(), "fold_table.txt")
	cmd := exec.Command("go", "run", "gen_fold.go", "-o", out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run gen_fold.go: %v\n%s", err, msg)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != foldTableData {
		t.Error("fold_table.txt differs from what gen_fold.go writes: run `go run gen_fold.go` in survey/freetext")
	}
}

func TestParseFoldTable(t *testing.T) {
	t.Run("Runs", func(t *testing.T) {
		table, err := parseFoldTable("# comment\nff41 3 1 \"a\"\nc0 2 0 \"a\"\nbc 1 0 \"1⁄4\"\n")
		if err != nil {
			t.Fatal(err)
		}
		want := map[rune]string{'ａ': "a", 'ｂ': "b", 'ｃ': "c", 'À': "a", 'Á': "a", '¼': "1⁄4"}
		if len(table) != len(want) {
			t.Errorf("got %d characters, want %d", len(table), len(want))
		}
		for r, w := range want {
			if table[r] != w {
				t.Errorf("%q folds to %q, want %q", r, table[r], w)
			}
		}
	})
	for _, bad := range []string{"ff41 3 1\n", "zz 1 0 \"a\"\n", "ff41 0 0 \"a\"\n", "ff41 2 1 \"ab\"\n", "ff41 2 2 \"a\"\n", "ff41 1 0 a\n"} {
		t.Run(bad, func(t *testing.T) {
			if _, err := parseFoldTable(bad); err == nil {
				t.Error("got no error")
			}
		})
	}
	t.Run("Shipped", func(t *testing.T) {
		for r, want := range map[rune]string{'ｈ': "h", 'ⓚ': "k", '𝐤': "k", 'ﻻ': "لا", 'é': "e", 'ą': "a"} {
			if got := nfkdTable[r]; got != want {
				t.Errorf("%q folds to %q, want %q", r, got, want)
			}
		}
	})
}

// TestFoldFastAgrees: the characters looked up in foldFast and wordRunes fold as the tables
// say, and the dropped ones to nothing.
func TestFoldFastAgrees(t *testing.T) {
	for r := rune(0x80); r < foldFastEnd; r++ {
		var want []rune
		if !dropped(r) {
			foldRuneSlow(r, func(c rune) { want = append(want, c) })
		}
		if got := foldFast[r]; got != string(want) {
			t.Errorf("%q folds to %q, want %q", r, got, string(want))
		}
		if isWordRune(r) != isWordRuneSlow(r) {
			t.Errorf("%q: isWordRune %v, want %v", r, isWordRune(r), isWordRuneSlow(r))
		}
	}
}

// BenchmarkParseFoldTable is the cost the table adds to starting the service.
func BenchmarkParseFoldTable(b *testing.B) {
	for b.Loop() {
		if _, err := parseFoldTable(foldTableData); err != nil {
			b.Fatal(err)
		}
	}
}
