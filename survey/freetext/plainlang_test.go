package freetext

import (
	"reflect"
	"strings"
	"testing"
)

func TestSyllables(t *testing.T) {
	tests := map[string]int{
		"cat": 1, "the": 1, "police": 2, "people": 2, "table": 2, "tables": 2, "whole": 1,
		"loved": 1, "wanted": 2, "called": 1, "disabled": 3, "likes": 1, "places": 2, "wishes": 2,
		"family": 3, "families": 3, "area": 3, "idea": 3, "yourself": 2, "computer": 3,
		"anybody": 4, "anyone": 3, "everyone": 3, "someone": 2, "something": 2, "sometimes": 2,
		"radio": 3, "video": 3, "violence": 3, "usually": 4, "language": 2, "question": 2,
		"lonely": 2, "careful": 2, "comfortable": 4, "uncomfortable": 5, "dangerous": 3,
		"beautiful": 3, "seriously": 4, "safety": 2, "scrutineers": 3, "partnership": 3,
		"don't": 1, "25": 1, "": 0,
	}
	for word, want := range tests {
		if got := syllables(word); got != want {
			t.Errorf("syllables(%q) = %d, want %d", word, got, want)
		}
	}
}

func TestReadingAge(t *testing.T) {
	simple := ReadingAge("Do you feel safe at home? We want to know.")
	complex := ReadingAge("Notwithstanding considerable organisational difficulties, the partnership subsequently commissioned comprehensive independent evaluations of safeguarding arrangements.")
	if simple != 5 {
		t.Errorf("simple text: reading age %.1f, want 5 (the lowest)", simple)
	}
	if complex < 18 {
		t.Errorf("complex text: reading age %.1f, want 18 or more", complex)
	}
	// 10 words, 1 sentence, 15 syllables: 0.39*10 + 11.8*15/10 - 15.59 = 6.01, plus 5.
	if got := ReadingAge("How comfortable do you feel getting around on your own?"); got < 11 || got > 11.02 {
		t.Errorf("reading age %.2f, want 11.01", got)
	}
	if got := ReadingAge(" \n"); got != 0 {
		t.Errorf("empty text: reading age %.1f, want 0", got)
	}
}

func TestCheckPlainLanguagePassages(t *testing.T) {
	long := strings.Repeat("we like it ", 7) // 21 words
	passages := []Passage{
		{Field: "title", Text: "Your experiences of safety"},
		{Question: "q", Field: "hint", Text: "Short one. " + long + ". Short again.", Rated: true},
		{Question: "q", Field: "option:roehampton", Text: "Roehampton, the Roehampton estate, or CCTV everywhere"},
	}
	notes, age := CheckPlainLanguage(passages, map[string]bool{"roehampton": true})
	want := []PlainLanguageNote{
		{Field: "title", Kind: NoteHardWords, Words: []string{"experiences"}},
		{Question: "q", Field: "hint", Kind: NoteLongSentence, Length: 21},
	}
	if !reflect.DeepEqual(notes, want) {
		t.Errorf("notes:\n got %+v\nwant %+v", notes, want)
	}
	if want := ReadingAge(passages[1].Text); age != want {
		t.Errorf("reading age %.2f, want %.2f, of the rated passage alone", age, want)
	}
}
