package survey

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"unicode/utf8"
)

// DisclosureCategories are the kinds of harm a free-text answer may disclose, in the order a
// flag lists them; the phrase lists file their phrases under these names.
var DisclosureCategories = []string{
	"hurt",         // being hit, beaten or hurt
	"abuse",        // abuse, sexual abuse, unwanted touching
	"threat",       // threats, being followed, robbed or blackmailed
	"bullying",     // bullying, name-calling, harassment
	"grooming",     // grooming and exploitation: older contacts, pictures, secrets, drugs, gangs
	"self_harm",    // hurting oneself
	"suicide",      // suicidal thoughts
	"weapon",       // knives, guns and other weapons
	"running_away", // running away, being thrown out, nowhere to sleep
	"unsafe_home",  // fear, violence or neglect at home
}

// DisclosureTerms are phrases, in every survey language, that suggest a child may be disclosing
// harm. Matching favours recall over precision: a flag asks the designated safeguarding lead to
// read an answer, and never stops it being stored.
type DisclosureTerms struct {
	phrases []disclosurePhrase
	// Phrases by how their first word can start at a word of an answer, so that each word is
	// tried only against phrases that may begin there: by the whole word when it has no *, by
	// its first letter when it has a * at its end only, and by its first letter, to be looked
	// for anywhere in the answer's word, when it has a * at its start.
	byWord          map[string][]int
	byFirst, byRune map[rune][]int
}

type disclosurePhrase struct {
	category int // index in DisclosureCategories
	words    []wordPattern
}

// wordPattern matches one folded word: exactly, or with a * at its end (hurt* matches hurts),
// its start (*ضربني matches يضربني) or both (*ضرب* matches any word containing it).
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

// Categories returns the disclosure categories whose phrases occur in text, in the order of
// DisclosureCategories, or nil. Every language's phrases are tried, whatever language the
// survey was answered in, because children often write in another language than they read.
func (d *DisclosureTerms) Categories(text string) []string {
	words := foldWords(text)
	found := make([]bool, len(DisclosureCategories))
	try := func(candidates []int, i int) {
		for _, n := range candidates {
			if p := d.phrases[n]; !found[p.category] && p.occursAt(words, i) {
				found[p.category] = true
			}
		}
	}
	for i, w := range words {
		try(d.byWord[w], i)
		first, _ := utf8.DecodeRuneInString(w)
		try(d.byFirst[first], i)
		for _, r := range w {
			try(d.byRune[r], i)
		}
	}
	var categories []string
	for c, ok := range found {
		if ok {
			categories = append(categories, DisclosureCategories[c])
		}
	}
	return categories
}

func (p disclosurePhrase) occursAt(words []string, i int) bool {
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

func (d *DisclosureTerms) add(p disclosurePhrase) {
	if d.byWord == nil {
		d.byWord, d.byFirst, d.byRune = map[string][]int{}, map[rune][]int{}, map[rune][]int{}
	}
	n := len(d.phrases)
	d.phrases = append(d.phrases, p)
	first := p.words[0]
	r, _ := utf8.DecodeRuneInString(first.text)
	switch {
	case first.anyStart:
		d.byRune[r] = append(d.byRune[r], n)
	case first.anyEnd:
		d.byFirst[r] = append(d.byFirst[r], n)
	default:
		d.byWord[first.text] = append(d.byWord[first.text], n)
	}
}

// LoadDisclosureTerms reads every disclosure.<lang>.txt phrase list in dir, reporting each
// problem with its file and line.
func LoadDisclosureTerms(fsys fs.FS, dir string) (*DisclosureTerms, error) {
	files, err := fs.Glob(fsys, path.Join(dir, "disclosure.*.txt"))
	if err != nil {
		return nil, fmt.Errorf("find disclosure phrase lists: %w", err)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no disclosure phrase lists (disclosure.<lang>.txt) in %s", dir)
	}
	d := &DisclosureTerms{}
	var errs []error
	for _, file := range files {
		data, err := fs.ReadFile(fsys, file)
		if err != nil {
			errs = append(errs, fmt.Errorf("read %s: %w", file, err))
			continue
		}
		errs = append(errs, d.parse(file, data))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return d, nil
}

// parse reads one phrase list: `[category]` headings, then one phrase a line; # starts a comment.
func (d *DisclosureTerms) parse(source string, data []byte) error {
	var errs DefinitionErrors
	fail := func(line int, reason string) {
		errs = append(errs, DefinitionError{Source: source, Line: line, Reason: reason})
	}
	category, unknown := -1, false
	sc := bufio.NewScanner(bytes.NewReader(data))
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		switch {
		case text == "" || strings.HasPrefix(text, "#"):
		case strings.HasPrefix(text, "[") && strings.HasSuffix(text, "]"):
			name := strings.TrimSpace(text[1 : len(text)-1])
			category = slices.Index(DisclosureCategories, name)
			unknown = category < 0
			if unknown {
				fail(line, fmt.Sprintf("%q is not a category; use one of %s", name, strings.Join(DisclosureCategories, ", ")))
			}
		case unknown: // reported once, at the heading
		case category < 0:
			fail(line, "a phrase must come under a [category] heading")
		default:
			words := phrasePattern(text)
			if len(words) == 0 {
				fail(line, fmt.Sprintf("%q has no letters to match", text))
				continue
			}
			d.add(disclosurePhrase{category: category, words: words})
		}
	}
	if err := sc.Err(); err != nil {
		fail(0, err.Error())
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// phrasePattern folds a phrase as answers are folded, keeping the * at either end of its words.
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
