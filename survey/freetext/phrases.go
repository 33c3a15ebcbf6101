package freetext

import (
	"strings"
	"unicode/utf8"
)

// phraseSet finds which of its phrases, each labelled with a number, occur in a text. A phrase
// is words to find in a row, each matched whole after folding (see foldWords), or with a * at
// its end (hurt* matches hurts), its start (*ضربني matches يضربني) or both (*ضرب* matches any
// word containing it). Disclosure lists and theme keywords are both phrase sets.
type phraseSet struct {
	phrases []labelledPhrase
	// Phrases by how their first word can start at a word of a text, so that each word is
	// tried only against phrases that may begin there: by the whole word when it has no *, by
	// its first letter when it has a * at its end only, and by its first letter, to be looked
	// for anywhere in the text's word, when it has a * at its start.
	byWord          map[string][]int
	byFirst, byRune map[rune][]int
}

type labelledPhrase struct {
	label int
	words []wordPattern
}

type wordPattern struct {
	text             string
	anyStart, anyEnd bool
}

func (p wordPattern) matches(word string) bool {
	switch {
	case p.anyStart && p.anyEnd:
		return strings.Contains(word, p.text)
	case p.anyStart:
		return strings.HasSuffix(word, p.text)
	case p.anyEnd:
		return strings.HasPrefix(word, p.text)
	default:
		return word == p.text
	}
}

// add adds phrase under label, or reports false when it has no letters to match.
func (ps *phraseSet) add(label int, phrase string) bool {
	words := phrasePattern(phrase)
	if len(words) == 0 {
		return false
	}
	if ps.byWord == nil {
		ps.byWord, ps.byFirst, ps.byRune = map[string][]int{}, map[rune][]int{}, map[rune][]int{}
	}
	n := len(ps.phrases)
	ps.phrases = append(ps.phrases, labelledPhrase{label: label, words: words})
	first := words[0]
	r, _ := utf8.DecodeRuneInString(first.text)
	switch {
	case first.anyStart:
		ps.byRune[r] = append(ps.byRune[r], n)
	case first.anyEnd:
		ps.byFirst[r] = append(ps.byFirst[r], n)
	default:
		ps.byWord[first.text] = append(ps.byWord[first.text], n)
	}
	return true
}

// find reports, for each of labels labels, whether one of its phrases occurs in text.
func (ps *phraseSet) find(text string, labels int) []bool {
	words := foldWords(text)
	found := make([]bool, labels)
	try := func(candidates []int, i int) {
		for _, n := range candidates {
			if p := ps.phrases[n]; !found[p.label] && p.occursAt(words, i) {
				found[p.label] = true
			}
		}
	}
	for i, w := range words {
		try(ps.byWord[w], i)
		first, _ := utf8.DecodeRuneInString(w)
		try(ps.byFirst[first], i)
		for _, r := range w {
			try(ps.byRune[r], i)
		}
	}
	return found
}

func (p labelledPhrase) occursAt(words []string, i int) bool {
	if i+len(p.words) > len(words) {
		return false
	}
	for j, w := range p.words {
		if !w.matches(words[i+j]) {
			return false
		}
	}
	return true
}

// phrasePattern folds a phrase as texts are folded, keeping the * at either end of its words.
func phrasePattern(phrase string) []wordPattern {
	var words []wordPattern
	for _, field := range strings.Fields(phrase) {
		folded := foldWords(strings.Trim(field, "*"))
		for i, w := range folded {
			words = append(words, wordPattern{
				text:     w,
				anyStart: i == 0 && strings.HasPrefix(field, "*"),
				anyEnd:   i == len(folded)-1 && strings.HasSuffix(field, "*"),
			})
		}
	}
	return words
}
