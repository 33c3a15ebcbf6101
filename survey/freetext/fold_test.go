package freetext

import (
	"slices"
	"testing"
)

// TestFoldLookAlikesAgree: a letter and the letter it is matched as fold alike, so a phrase
// written with either matches text written with the other (ґ and г, Cyrillic і and Latin i).
func TestFoldLookAlikesAgree(t *testing.T) {
	for r, to := range lookAlikes {
		if got, want := foldWords("x"+string(r)+"x"), foldWords("x"+to+"x"); !slices.Equal(got, want) {
			t.Errorf("%q folds to %q, but %q to %q", r, got, to, want)
		}
	}
}

func TestFoldWords(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"CaseAccentsApostrophes", "Don’t GO Zażółć", []string{"dont", "go", "zazolc"}},
		{"FullWidthAndCircled", "ｈｉｔｓ ⓚⓘⓛⓛ", []string{"hits", "kil"}},
		{"DigitsInWordsOnly", "k1ll 999 y7 4ever", []string{"kil", "999", "yt", "aever"}},
		{"TrailingSymbols", "me!!! |hi| @jake", []string{"me", "hi", "jake"}},
		{"SpacedRunsApart", "k i l l  m e", []string{"kil", "m", "e"}},
		{"TwoSingleLettersStay", "i a", []string{"i", "a"}},
		{"OneSeparatorARun", "i c.u.t k-i.l l", []string{"i", "cut", "k", "i", "l", "l"}},
		{"IBeforeASpeltWord", "i c u t", []string{"i", "cut"}},
		{"SpeltWordStartingWithI", "i.d.i.o.t", []string{"idiot"}},
		{"TextSpeak", "u r 2 gud", []string{"you", "are", "to", "gud"}},
		{"Empty", " ... ", []string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := foldWords(tc.text); !slices.Equal(got, tc.want) {
				t.Errorf("foldWords(%q) = %q, want %q", tc.text, got, tc.want)
			}
		})
	}
}
