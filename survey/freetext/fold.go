package freetext

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// foldWords splits text into words for keyword matching: lower case, without accents or the
// marks some scripts add above and below letters, with letters that are typed in more than one
// way made one, and apostrophes dropped ("don't" is "dont"), so that a keyword list matches
// whatever keyboard a child used. Keyword lists go through the same folding.
func foldWords(text string) []string {
	var b strings.Builder
	for _, r := range text {
		r = unicode.ToLower(r)
		switch {
		case strings.ContainsRune(apostrophes, r), r == tatweel, unicode.In(r, unicode.Mn, unicode.Cf):
		case foldTable[r] != "":
			b.WriteString(foldTable[r])
		case unicode.IsLetter(r), unicode.IsNumber(r), unicode.Is(unicode.Mc, r):
			b.WriteRune(r)
		default:
			b.WriteByte(' ')
		}
	}
	return strings.Fields(b.String())
}

const (
	apostrophes = "'’‘ʼ`´"
	tatweel     = 'ـ' // stretches Arabic words for looks only
)

// foldTable maps a lower-case letter to what it is written as without its accent or mark, as
// Unicode decomposition then dropping the marks would, plus letters children's keyboards mix up
// (Urdu and Arabic forms of yeh, heh and kaf; Polish ł; Ukrainian ґ). Each entry is one letter
// followed by its folded form.
var foldTable = func() map[rune]string {
	entries := strings.Fields(`
		àa áa âa ãa äa åa æae çc èe ée êe ëe ìi íi îi ïi ñn òo óo ôo õo öo øo ùu úu ûu üu ýy ÿy ßss
		āa ăa ąa ćc ĉc ċc čc ďd đd ēe ĕe ėe ęe ěe ĝg ğg ġg ģg ĥh ħh ĩi īi ĭi įi ıi ĵj ķk ĺl ļl ľl łl
		ńn ņn ňn ōo ŏo őo œoe ŕr ŗr řr śs ŝs şs šs șs ţt ťt țt ũu ūu ŭu ůu űu ųu ŵw ŷy źz żz žz
		йи ѐе ёе ѓг ґг їі ќк ѝи ўу
		آا أا إا ٱا ؤو ئي ىي یي ےي ۓي ةه ہه ۂه ھه ۀه کك` +
		// Bengali o and au vowel signs, and letters with a nukta, written as one code point.
		" \u09cb\u09c7\u09be \u09cc\u09c7\u09d7 \u09dc\u09a1 \u09dd\u09a2 \u09df\u09af")
	table := make(map[rune]string, len(entries))
	for _, e := range entries {
		r, size := utf8.DecodeRuneInString(e)
		table[r] = e[size:]
	}
	return table
}()
