package freetext

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// Kinds of PlainLanguageNote.
const (
	NoteLongSentence = "long_sentence"
	NoteHardWords    = "hard_words"
)

// LongSentence is the most words a sentence may have before it is flagged as long.
const LongSentence = 20

// PlainLanguageNote flags English wording that may be hard for a 10-year-old.
type PlainLanguageNote struct {
	Question string   // question id, "" for title/intro
	Field    string   // "text", "hint", "option:<id>", "title", "intro", "thanks"
	Kind     string   // "long_sentence" or "hard_words"
	Words    []string // the hard words, for hard_words
	Length   int      // words in the sentence, for long_sentence
}

// ReadingAge estimates, in years, the age at which a child can read text comfortably: the
// Flesch-Kincaid grade plus 5 (US grade 1 is read at about 6), never below 5. Empty text is 0.
func ReadingAge(text string) float64 {
	return measure(sentences(text)).age()
}

// Passage is English wording to check for plain language, named by where it is shown.
type Passage struct {
	Question string // question id, "" for title/intro
	Field    string // "text", "hint", "option:<id>", "title", "intro", "thanks"
	Text     string
	Rated    bool // counts towards the reading age
}

// CheckPlainLanguage flags long sentences and hard words in passages, and gives the reading age
// of the rated passages taken together. A hard word has three or more syllables and is not one
// children know well ("everyone", "family", "computer"…); names (capitalised within a
// sentence), abbreviations in capitals and known words (such as the place names a survey offers
// as options) are left out.
func CheckPlainLanguage(passages []Passage, known map[string]bool) (notes []PlainLanguageNote, readingAge float64) {
	var rated [][]string
	for _, p := range passages {
		var hard []string
		ss := sentences(p.Text)
		for _, sentence := range ss {
			if len(sentence) > LongSentence {
				notes = append(notes, PlainLanguageNote{Question: p.Question, Field: p.Field, Kind: NoteLongSentence, Length: len(sentence)})
			}
			for i, w := range sentence {
				if isHardWord(w, i == 0, known) && !slices.Contains(hard, strings.ToLower(w)) {
					hard = append(hard, strings.ToLower(w))
				}
			}
		}
		if len(hard) > 0 {
			notes = append(notes, PlainLanguageNote{Question: p.Question, Field: p.Field, Kind: NoteHardWords, Words: hard})
		}
		if p.Rated {
			rated = append(rated, ss...)
		}
	}
	return notes, measure(rated).age()
}

// isHardWord reports whether a word of a sentence may be hard for a 10-year-old to read.
func isHardWord(word string, first bool, known map[string]bool) bool {
	lower := strings.ToLower(word)
	switch {
	case known[lower] || commonWord(lower):
		return false
	case word != lower && !first: // a name, or an abbreviation in capitals
		return false
	case len(word) > 1 && word == strings.ToUpper(word):
		return false
	}
	return syllables(lower) >= 3
}

// commonWord reports whether a word, or the word it is a plural or possessive of, is in
// commonWords.
func commonWord(w string) bool {
	w = strings.TrimSuffix(w, "'s")
	return commonWords[w] || commonWords[strings.TrimSuffix(w, "s")] ||
		(strings.HasSuffix(w, "ies") && commonWords[strings.TrimSuffix(w, "ies")+"y"])
}

// commonWords are words of three or more syllables that most 10-year-olds read without trouble.
var commonWords = func() map[string]bool {
	words := map[string]bool{}
	for _, w := range strings.Fields(`
		everyone everybody everything everywhere anyone anybody anything anywhere another other
		somebody nobody whatever however whenever yourself yourselves himself herself ourselves
		family area police officer computer internet video radio telephone television camera
		cinema holiday birthday animal banana bicycle hospital library potato tomato chocolate
		dinosaur elephant kangaroo umbrella vegetable restaurant uniform medicine envelope example
		exercise history energy magazine newspaper ambulance emergency adventure company
		together important remember understand different favourite favorite already probably
		usually actually tomorrow yesterday afternoon evening interesting beautiful wonderful
		dangerous terrible horrible comfortable uncomfortable excited exciting difficult fantastic
		amazing idea seventeen thirteen fourteen fifteen sixteen eighteen nineteen eleven seventy
		grandparent grandmother grandfather neighbourhood neighborhood underground everyday
		several family's carefully quietly easily happily totally really
	`) {
		words[w] = true
	}
	return words
}()

var (
	sentenceEnd = regexp.MustCompile(`[.!?]+(\s+|$)|\n+`)
	englishWord = regexp.MustCompile(`[\p{L}\p{N}]+(?:['’][\p{L}]+)*`)
)

// sentences splits text into sentences, each a list of its words.
func sentences(text string) [][]string {
	var out [][]string
	for _, s := range sentenceEnd.Split(text, -1) {
		if words := englishWord.FindAllString(s, -1); len(words) > 0 {
			out = append(out, words)
		}
	}
	return out
}

// textMeasure counts what the Flesch-Kincaid grade is computed from.
type textMeasure struct {
	sentences, words, syllables int
}

func measure(sentences [][]string) textMeasure {
	m := textMeasure{sentences: len(sentences)}
	for _, s := range sentences {
		m.words += len(s)
		for _, w := range s {
			m.syllables += syllables(strings.ToLower(w))
		}
	}
	return m
}

func (m textMeasure) age() float64 {
	if m.words == 0 {
		return 0
	}
	grade := 0.39*float64(m.words)/float64(m.sentences) + 11.8*float64(m.syllables)/float64(m.words) - 15.59
	return max(grade, 0) + 5
}

// syllableExceptions are common words the rules below count wrongly.
var syllableExceptions = map[string]int{
	"any": 2, "every": 2, "maybe": 2, "quiet": 2, "safety": 2, "science": 2, "business": 2,
	"being": 2, "going": 2, "doing": 2, "seeing": 2, "create": 2, "poem": 2, "cruel": 2,
	"fuel": 2, "diet": 2, "chaos": 2,
}

// compoundEnds are the second halves of words like "someone" and "anything", counted apart
// so that the silent e of "some" is not taken for a syllable.
var compoundEnds = []string{"one", "body", "thing", "things", "where", "time", "times", "how", "way", "day", "days"}

// syllables estimates the syllables of a lower-case English word: its groups of vowels, less a
// silent final e or -ed/-es, plus vowel pairs said apart (ra-di-o, us-u-al-ly). A number counts
// as one.
func syllables(word string) int {
	w := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' {
			return r
		}
		return -1
	}, word)
	if w == "" {
		if strings.IndexFunc(word, unicode.IsLetter) < 0 && word != "" {
			return 1 // a number, read as one word
		}
		return 0
	}
	if n, ok := syllableExceptions[w]; ok {
		return n
	}
	for _, first := range []string{"some", "every", "any", "no"} {
		for _, end := range compoundEnds {
			if w == first+end {
				return syllables(first) + syllables(end)
			}
		}
	}
	if len(w) <= 3 {
		return 1
	}
	vowel := func(i int) bool {
		switch w[i] {
		case 'a', 'e', 'i', 'o', 'u':
			return true
		case 'y':
			return i > 0 // y starts "yes" and "you" as a consonant
		}
		return false
	}
	count := 0
	for i := range len(w) {
		if vowel(i) && (i == 0 || !vowel(i-1)) {
			count++
		}
	}
	n := len(w)
	consonantAt := func(i int) bool { return i >= 0 && !vowel(i) }
	// Pairs of vowels said as two syllables: radio, violence, media, usually, video.
	for i := 1; i+1 < n; i++ {
		pair, before := w[i:i+2], w[i-1]
		switch {
		case pair == "io" && !strings.ContainsRune("tscgx", rune(before)),
			pair == "ia" && !strings.ContainsRune("tscg", rune(before)),
			pair == "ua" && !strings.ContainsRune("gq", rune(before)),
			pair == "eo" && before == 'd':
			count++
		}
	}
	switch {
	case strings.HasSuffix(w, "ea"): // area, idea
		count++
	case strings.HasSuffix(w, "le") && consonantAt(n-3): // table, people
	case strings.HasSuffix(w, "e") && !strings.HasSuffix(w, "ee") && consonantAt(n-2): // silent e: police
		count--
	case (strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "es")) && consonantAt(n-3):
		// Said with the syllable before (loved, likes), except -ed after t or d (wanted), -es
		// after s, x, z, c, g, ch or sh (places, changes, wishes), and after a consonant and l
		// (tables, disabled).
		c := w[n-3]
		said := strings.ContainsRune("td", rune(c))
		if w[n-1] == 's' {
			said = strings.ContainsRune("sxzcg", rune(c)) || strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes")
		}
		if c == 'l' && consonantAt(n-4) && w[n-4] != 'l' {
			said = true
		}
		if !said {
			count--
		}
	}
	// A silent e before a suffix: lonely, careful, homeless, movement.
	for _, suffix := range []string{"ely", "eful", "eless", "ement", "eness"} {
		if strings.HasSuffix(w, suffix) && consonantAt(n-len(suffix)-1) {
			count--
		}
	}
	return max(count, 1)
}
