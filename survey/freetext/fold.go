package freetext

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// foldWords splits text into words for phrase matching, undoing what changes how a word looks
// but not what it says, so that one phrase list matches whatever keyboard a child used and
// however the words were disguised:
//
//   - case, accents and the marks some scripts add above and below letters (Arabic harakat,
//     Bengali signs), and compatibility forms: full-width "ｈｉｔｓ", mathematical and circled
//     letters, ligatures, Arabic presentation forms (Unicode NFKD without marks, see
//     fold_table.txt);
//   - letters typed in more than one way (Arabic and Urdu alef, yeh, heh and kaf; Polish ł);
//   - letters that look like Latin ones in other scripts, as Unicode's confusables (TR39) list
//     them: Cyrillic "і" in "kіll", Greek "ο", small capitals (see lookAlikes);
//   - invisible characters: zero-width spaces and joiners, bidi controls, soft hyphens, tatweel;
//   - apostrophes ("don't" is "dont");
//   - digits and symbols for letters inside a word: "k1ll", "h17", "$elf", "r@pe" (see leet);
//   - letters spaced or dotted out: "k i l l", "k.i.l.l" (three or more in a row, with one
//     separator all along, become a word);
//   - letters doubled or stretched: "hiiits", "killl" (any run of one letter counts once, so
//     "kill" is matched as "kil" on both sides);
//   - common text-speak: "u" for you, "2" for to, "wanna" for want to (see textSpeak).
//
// Phrase lists go through the same folding, so a phrase is written as a child would spell it
// plainly.
func foldWords(text string) []string {
	tokens := splitTokens(text)
	tokens = joinSpacedLetters(tokens)
	words := make([]string, 0, len(tokens))
	for _, t := range tokens {
		w := squeeze(unleet(t.text))
		if w == "" {
			continue
		}
		if expanded, ok := textSpeak[w]; ok {
			words = append(words, expanded...)
			continue
		}
		words = append(words, w)
	}
	return words
}

// token is a run of word characters, with the thin separator (a space, a dot, a dash…) that stood
// alone before it, as between the letters of "k i l l", or 0.
type token struct {
	text string
	gap  rune
}

const (
	apostrophes = "'’‘ʼ`´"
	tatweel     = 'ـ' // stretches Arabic words for looks only
	leetSymbols = "@$!|"
	thinGaps    = " .-_*·/"
)

// splitTokens folds each character and cuts text into tokens at what is neither a letter, a
// digit, a spacing mark nor a symbol that may stand for a letter. The tokens share one string.
func splitTokens(text string) []token {
	type span struct {
		start, end int
		gap        rune
	}
	spans := make([]span, 0, len(text)/4+1)
	buf := make([]byte, 0, len(text))
	inWord := false
	gap, gapRune := 0, rune(0) // separators since the last token, and the last of them
	add := func(f rune) {
		if isWordRune(f) {
			if !inWord {
				s := span{start: len(buf)}
				if len(spans) > 0 && gap == 1 && strings.ContainsRune(thinGaps, gapRune) {
					s.gap = gapRune
				}
				spans = append(spans, s)
				inWord = true
			}
			buf = utf8.AppendRune(buf, f)
			return
		}
		if inWord {
			spans[len(spans)-1].end = len(buf)
			inWord, gap = false, 0
		}
		gap++
		gapRune = f
	}
	for _, r := range text {
		switch {
		case r < utf8.RuneSelf:
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			if r != '\'' && r != '`' {
				add(r)
			}
		case r < foldFastEnd:
			for _, c := range foldFast[r] {
				add(c)
			}
		case dropped(r):
		default:
			foldRuneSlow(r, add)
		}
	}
	if inWord {
		spans[len(spans)-1].end = len(buf)
	}
	all := string(buf)
	tokens := make([]token, len(spans))
	for i, s := range spans {
		tokens[i] = token{text: all[s.start:s.end], gap: s.gap}
	}
	return tokens
}

// dropped reports whether r is left out of words, as if it were not there: apostrophes,
// tatweel, marks and invisible format characters.
func dropped(r rune) bool {
	return strings.ContainsRune(apostrophes, r) || r == tatweel || unicode.In(r, unicode.Mn, unicode.Cf)
}

func isWordRune(r rune) bool {
	if r < foldFastEnd && r >= utf8.RuneSelf {
		return wordRunes[r/64]&(1<<(r%64)) != 0
	}
	return isWordRuneSlow(r)
}

// wordRunes has a bit for each character below foldFastEnd that isWordRuneSlow accepts.
var wordRunes = func() *[foldFastEnd / 64]uint64 {
	var set [foldFastEnd / 64]uint64
	for r := rune(0); r < foldFastEnd; r++ {
		if isWordRuneSlow(r) {
			set[r/64] |= 1 << (r % 64)
		}
	}
	return &set
}()

func isWordRuneSlow(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || strings.ContainsRune(leetSymbols, r)
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Mc, r)
}

// foldFastEnd is where the scripts most answers are written in end (Latin, Greek, Cyrillic,
// Arabic, Devanagari, Bengali); foldFast is what each character before it, beyond ASCII, is
// matched as (nothing for a dropped one), worked out once, so that most characters cost one
// array index rather than three map lookups and two range tables.
const foldFastEnd = 0xA00

var foldFast = func() *[foldFastEnd]string {
	var table [foldFastEnd]string
	var b []rune
	for r := rune(utf8.RuneSelf); r < foldFastEnd; r++ {
		if dropped(r) {
			continue
		}
		b = b[:0]
		foldRuneSlow(r, func(c rune) { b = append(b, c) })
		table[r] = string(b)
	}
	return &table
}()

// foldRuneSlow gives to emit what r, beyond ASCII, is matched as: lower case, without marks,
// in its plain form, with look-alikes made the letters they look like.
func foldRuneSlow(r rune, emit func(rune)) {
	s, ok := nfkdTable[r]
	if !ok {
		lower := unicode.ToLower(r)
		if s, ok = nfkdTable[lower]; !ok {
			emitLookAlike(lower, emit)
			return
		}
	}
	for _, c := range s {
		emitLookAlike(c, emit)
	}
}

func emitLookAlike(r rune, emit func(rune)) {
	l, ok := lookAlikes[r]
	if !ok {
		emit(r)
		return
	}
	for _, c := range l {
		emit(c)
	}
}

// joinSpacedLetters makes one word of three or more letters in a row each written alone with
// one thin separator between them, the same all along ("k i l l", "k.i.l.l", "k-1-l-l"); two
// such runs with a wider gap between them stay two words, and so does "i" before a word spelt
// out ("i c.u.t", "i c u t"; but "i.d.i.o.t" is one word). A run of letters that are words on their own ("u r 2", "i a") stays
// apart.
func joinSpacedLetters(tokens []token) []token {
	out := tokens[:0]
	for i := 0; i < len(tokens); {
		j := i
		letters, spelt := 0, false
		for j < len(tokens) && (j == i || tokens[j].gap != 0 && (j == i+1 || tokens[j].gap == tokens[i+1].gap)) && utf8.RuneCountInString(tokens[j].text) == 1 {
			if isLetterToken(tokens[j].text) {
				letters++
				spelt = spelt || !strings.Contains(letterWords, tokens[j].text)
			}
			j++
		}
		if j-i >= 4 && tokens[i].text == "i" && tokens[i+1].gap == ' ' {
			out = append(out, tokens[i])
			i++
			continue
		}
		if j-i >= 3 && letters >= 2 && spelt {
			var b strings.Builder
			for _, t := range tokens[i:j] {
				b.WriteString(t.text)
			}
			out = append(out, token{text: b.String()})
			i = j
			continue
		}
		out = append(out, tokens[i])
		i++
	}
	return out
}

// letterWords are letters that are words on their own in a survey language or in text-speak
// (English "a", "i", "u", "r"; Polish "w", "z", "o"; Spanish "y", "e").
const letterWords = "aeiouyrwz"

func isLetterToken(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r)
}

// leet maps digits and symbols to the letters they stand for inside a word ("k1ll", "h17s",
// "$elf", "r@pe"). A word of digits alone stays a number ("999", "12").
var leet = map[rune]rune{'0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '9': 'g', '@': 'a', '$': 's', '!': 'i', '|': 'l'}

// unleet maps the digits and symbols of a word with letters to letters, and drops symbols
// around a word without them ("!!!", "me!").
func unleet(w string) string {
	w = strings.Trim(w, "!|@")
	if !strings.ContainsFunc(w, unicode.IsLetter) {
		return strings.Trim(w, leetSymbols)
	}
	if !strings.ContainsFunc(w, func(r rune) bool { return leet[r] != 0 }) {
		return w
	}
	var b strings.Builder
	for _, r := range w {
		if l := leet[r]; l != 0 {
			r = l
		}
		b.WriteRune(r)
	}
	return b.String()
}

// squeeze writes each run of one letter once: "hiiits" is "hits", "kill" is "kil".
func squeeze(w string) string {
	var b strings.Builder
	var last rune
	for i, r := range w {
		if r == last && unicode.IsLetter(r) {
			if b.Len() == 0 {
				b.WriteString(w[:i])
			}
			continue
		}
		if b.Len() > 0 {
			b.WriteRune(r)
		}
		last = r
	}
	if b.Len() == 0 {
		return w
	}
	return b.String()
}
