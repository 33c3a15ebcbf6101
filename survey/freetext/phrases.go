package freetext

import (
	"cmp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// phraseSet finds which of its phrases, each labelled with a number, occur in a text. A phrase
// is words to find in order, each folded (see foldWords) and matched whole, with these marks:
//
//   - a * at the end of a word matches any ending (hurt* matches hurts), at its start any
//     beginning (*ضربني matches يضربني), at both any word containing it;
//   - words joined by | are alternatives for one place (asked|asking|wants);
//   - a @name stands for the alternatives of a `@name = a|b|c` line given before it;
//   - .. between two words lets up to 3 other words come between them, ..N up to N (1 to 9).
//
// Disclosure lists and theme keywords are both phrase sets.
type phraseSet struct {
	phrases []labelledPhrase
	// The words of phrases' first places by how they can start at a word of a text, so that
	// each word is tried only against the words that may match it: by the whole word when it
	// has no *, by its first keyLetters letters (or all when it is shorter) when it has a * at
	// its end only, and, when it has a * at its start, by its first keyLetters letters or two
	// (byPair) or its one letter (byRune), to be looked for anywhere in the text's word. A
	// whole word matches exactly the words it is filed under, so byWord holds its phrases only.
	byWord          map[string][]int
	byStart, byPair map[string][]startWord
	byRune          map[rune][]startWord
	// Whole first words of nearMin or more letters by themselves and each of their
	// one-letter-shorter forms (see slips), so that a first word typed with a slip is found.
	byNear  map[string][]startWord
	scratch []byte
	// keys holds a bit for each key of the maps above, so that most words of a text, which
	// start no phrase, cost a hash rather than map lookups.
	keys *keyFilter
	// inside holds a bit for the first letter (below 0x10000) of each key of byPair and byRune,
	// so that only the letters of a word that may begin a *-first word are looked up.
	inside *[1 << 16 / 64]uint64
}

// mayBeInside reports whether a *-first word may begin with r.
func (ps *phraseSet) mayBeInside(r rune) bool {
	return r >= 1<<16 || ps.inside[r/64]&(1<<(r%64)) != 0
}

func (ps *phraseSet) markInside(w string) {
	if r, _ := utf8.DecodeRuneInString(w); r < 1<<16 {
		ps.inside[r/64] |= 1 << (r % 64)
	}
}

// keyFilter is a set of hashed keys that may say a key is there when it is not (then the map
// says), but never the other way round.
type keyFilter [keyFilterBits / 64]uint64

const keyFilterBits = 1 << 20

// Which map a key is for, hashed with it.
const (
	inWord byte = iota
	inStart
	inPair
	inNear
)

func keyBit(in byte, key string) uint64 {
	h := uint64(14695981039346656037) ^ uint64(in)
	for i := 0; i < len(key); i++ {
		h = (h ^ uint64(key[i])) * 1099511628211
	}
	return h % keyFilterBits
}

func (f *keyFilter) add(in byte, key string) {
	b := keyBit(in, key)
	f[b/64] |= 1 << (b % 64)
}

func (f *keyFilter) has(in byte, key string) bool {
	b := keyBit(in, key)
	return f[b/64]&(1<<(b%64)) != 0
}

// index files first under key in the map in.
func (ps *phraseSet) index(m map[string][]startWord, in byte, key string, first startWord) {
	m[key] = append(m[key], first)
	ps.keys.add(in, key)
}

// lookup is the words filed under key in the map in.
func (ps *phraseSet) lookup(m map[string][]startWord, in byte, key string) []startWord {
	if !ps.keys.has(in, key) {
		return nil
	}
	return m[key]
}

// startWord is one alternative of the first place of a phrase.
type startWord struct {
	phrase int
	word   wordPattern
}

type labelledPhrase struct {
	label  int
	places []place
}

// place is one word of a phrase: its alternatives, and how many other words may come before it.
type place struct {
	words []wordPattern
	gap   int
}

type wordPattern struct {
	text             string
	anyStart, anyEnd bool
	tolerant         bool // see phraseSet.add
	letters          int  // in text
}

func (p wordPattern) matches(word string) bool {
	switch {
	case p.anyStart && p.anyEnd:
		return strings.Contains(word, p.text)
	case p.anyStart:
		return strings.HasSuffix(word, p.text)
	case p.anyEnd:
		return strings.HasPrefix(word, p.text) || p.near(word)
	default:
		return word == p.text || p.near(word)
	}
}

func (p place) matches(word string) bool {
	for _, w := range p.words {
		if w.matches(word) {
			return true
		}
	}
	return false
}

// maxGap is the most words .. lets come between two words of a phrase when it gives no number.
const maxGap = 3

// patternError says which word of a phrase cannot be matched, and why.
type patternError struct {
	word, message string
}

// Problems with a phrase, as i18n message ids; each has the placeholders Phrase and Word.
const (
	msgNoLetters      = "definition.no_letters"
	msgUnknownName    = "definition.phrase_unknown_name"
	msgMisplacedGap   = "definition.phrase_misplaced_gap"
	msgAlternativeSet = "definition.phrase_alternative_words"
)

// parsePhrase folds a phrase as texts are folded, keeping its marks; names are the @name
// alternatives defined so far.
func parsePhrase(phrase string, names map[string][]string) ([]place, *patternError) {
	var places []place
	gap := -1 // -1: no .. since the last word
	for _, field := range strings.Fields(phrase) {
		if rest, ok := strings.CutPrefix(field, ".."); ok {
			n, err := strconv.Atoi(cmp.Or(rest, strconv.Itoa(maxGap)))
			if len(places) == 0 || gap >= 0 || err != nil || n < 1 || n > 9 {
				return nil, &patternError{field, msgMisplacedGap}
			}
			gap = n
			continue
		}
		var alternatives []string
		for _, alt := range strings.Split(field, "|") {
			if name, ok := strings.CutPrefix(alt, "@"); ok && name != "" {
				words, ok := names[name]
				if !ok {
					return nil, &patternError{alt, msgUnknownName}
				}
				alternatives = append(alternatives, words...)
				continue
			}
			alternatives = append(alternatives, alt)
		}
		if len(alternatives) == 1 {
			// One word may fold to several: "chamo-me" is two, each a place of its own.
			// A word without letters, such as an emoji, is left out (the phrase needs one).
			words := wordPatterns(alternatives[0])
			for i, w := range words {
				p := place{words: []wordPattern{w}}
				if i == 0 {
					p.gap = max(gap, 0)
				}
				places = append(places, p)
			}
			gap = -1
			continue
		}
		p := place{gap: max(gap, 0)}
		for _, alt := range alternatives {
			switch words := wordPatterns(alt); len(words) {
			case 0: // no letters, as above
			case 1:
				p.words = append(p.words, words[0])
			default:
				return nil, &patternError{alt, msgAlternativeSet}
			}
		}
		if len(p.words) > 0 {
			places = append(places, p)
			gap = -1
		}
	}
	if gap >= 0 {
		return nil, &patternError{"..", msgMisplacedGap}
	}
	if len(places) == 0 {
		return nil, &patternError{phrase, msgNoLetters}
	}
	return places, nil
}

// wordPatterns folds one word of a phrase, keeping the * at either end.
func wordPatterns(field string) []wordPattern {
	folded := foldWords(strings.Trim(field, "*"))
	words := make([]wordPattern, len(folded))
	for i, w := range folded {
		words[i] = wordPattern{
			text:     w,
			anyStart: i == 0 && strings.HasPrefix(field, "*"),
			anyEnd:   i == len(folded)-1 && strings.HasSuffix(field, "*"),
		}
	}
	return words
}

// add adds phrase under label, or reports what is wrong with it. Tolerant lets a word of nearMin
// or more letters match with one slip (see near), as disclosure lists do; theme keywords, which
// only suggest, and the signal lexicons, whose general words have many neighbours, match
// exactly.
func (ps *phraseSet) add(label int, phrase string, names map[string][]string, tolerant bool) *patternError {
	places, err := parsePhrase(phrase, names)
	if err != nil {
		return err
	}
	if ps.byWord == nil {
		ps.byWord, ps.byStart, ps.byPair, ps.byRune, ps.byNear = map[string][]int{}, map[string][]startWord{}, map[string][]startWord{}, map[rune][]startWord{}, map[string][]startWord{}
		ps.keys, ps.inside = new(keyFilter), new([1 << 16 / 64]uint64)
	}
	if tolerant {
		for _, p := range places {
			for i := range p.words {
				p.words[i].tolerant = true
				p.words[i].letters = utf8.RuneCountInString(p.words[i].text)
			}
		}
	}
	n := len(ps.phrases)
	ps.phrases = append(ps.phrases, labelledPhrase{label: label, places: places})
	for _, w := range places[0].words {
		first := startWord{phrase: n, word: w}
		switch {
		case w.anyStart && prefix(w.text, 1) != w.text:
			ps.index(ps.byPair, inPair, prefix(w.text, keyLetters), first)
			ps.markInside(w.text)
		case w.anyStart:
			r, _ := utf8.DecodeRuneInString(w.text)
			ps.byRune[r] = append(ps.byRune[r], first)
			ps.markInside(w.text)
		case w.anyEnd:
			n := keyLetters
			if w.tolerant && w.letters > nearMin {
				n = 2 // a slip may come from the third letter on (see near)
			}
			ps.index(ps.byStart, inStart, prefix(w.text, n), first)
		default:
			ps.byWord[w.text] = append(ps.byWord[w.text], n)
			ps.keys.add(inWord, w.text)
			if w.tolerant && w.letters >= nearMin {
				ps.scratch = slips(w.text, ps.scratch, func(key []byte) {
					ps.index(ps.byNear, inNear, string(key), first)
				})
			}
		}
	}
	return nil
}

// keyLetters is how many first letters of a word with a * index it: more make smaller lists
// of words to try at each word of a text, at one more lookup each.
const keyLetters = 3

// prefix is the first n letters of w, or w when it is shorter.
func prefix(w string, n int) string {
	end := 0
	for range n {
		if end == len(w) {
			break
		}
		_, size := utf8.DecodeRuneInString(w[end:])
		end += size
	}
	return w[:end]
}

// find reports, for each of labels labels, whether one of its phrases occurs in text.
func (ps *phraseSet) find(text string, labels int) []bool {
	found := make([]bool, labels)
	ps.each(foldWords(text), func(label, _ int) { found[label] = true }, func(label, _ int) bool { return found[label] })
	return found
}

// each calls visit with the label of every phrase that occurs in words (see foldWords) and the
// word it starts at, in the order of the words; phrases whose label done reports, at the word
// they would start at, are not tried. Which phrases can start at
// a word depends on the word alone, so it is worked out once for each distinct word.
func (ps *phraseSet) each(words []string, visit func(label, at int), done func(label, at int) bool) {
	type span struct{ from, to int }
	starting := make(map[string]span, len(words)/2)
	var found []int // the phrases of every distinct word, one after another
	var buf []byte
	for i, w := range words {
		s, ok := starting[w]
		if !ok {
			s.from = len(found)
			found, buf = ps.startingAt(w, found, buf)
			s.to = len(found)
			starting[w] = s
		}
		for _, n := range found[s.from:s.to] {
			p := ps.phrases[n]
			if !done(p.label, i) && matchFrom(p.places[1:], words, i+1) {
				visit(p.label, i)
			}
		}
	}
}

// startingAt appends to phrases those whose first place matches word, using buf as scratch
// space.
func (ps *phraseSet) startingAt(w string, phrases []int, buf []byte) ([]int, []byte) {
	try := func(candidates []startWord) {
		for _, c := range candidates {
			if c.word.matches(w) {
				phrases = append(phrases, c.phrase)
			}
		}
	}
	if ps.keys == nil {
		return phrases, buf
	}
	if ps.keys.has(inWord, w) {
		phrases = append(phrases, ps.byWord[w]...)
	}
	if len(ps.byNear) > 0 && utf8.RuneCountInString(w) >= nearMin && !notNear[w] {
		buf = slips(w, buf, func(key []byte) {
			if ps.keys.has(inNear, string(key)) {
				try(ps.byNear[string(key)])
			}
		})
	}
	for n := 1; n <= keyLetters; n++ {
		start := prefix(w, n)
		try(ps.lookup(ps.byStart, inStart, start))
		if start == w {
			break
		}
	}
	if len(ps.byRune) == 0 && len(ps.byPair) == 0 {
		return phrases, buf
	}
	for i, r := range w {
		if !ps.mayBeInside(r) {
			continue
		}
		try(ps.byRune[r])
		for n := 2; n <= keyLetters; n++ {
			if key := prefix(w[i:], n); len(key) > len(prefix(w[i:], n-1)) {
				try(ps.lookup(ps.byPair, inPair, key))
			}
		}
	}
	return phrases, buf
}

// matchFrom reports whether places match words from i on, each after at most its gap of others.
func matchFrom(places []place, words []string, i int) bool {
	if len(places) == 0 {
		return true
	}
	p := places[0]
	for j := i; j <= i+p.gap && j < len(words); j++ {
		if p.matches(words[j]) && matchFrom(places[1:], words, j+1) {
			return true
		}
	}
	return false
}
