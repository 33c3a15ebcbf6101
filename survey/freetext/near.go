package freetext

import "unicode/utf8"

// nearMin is the fewest letters (after folding) a word of a phrase needs before a text word one
// typing slip away from it matches too: "stabed" for stabbed is caught by squeezing, but
// "punshed", "theaten", "kinfe", "suicde" and "zabic sie" misspelt are caught only by this.
// Shorter words have too many ordinary neighbours ("hit": hat, his, sit).
const nearMin = 5

// notNear are ordinary words, folded, that lie one slip away from a word of some phrase and so
// must match only exactly, often words of another survey language: without this, Spanish
// "hombre" would be read as "hambre" (hunger), Urdu "گاڑیاں" (cars) as "گالیاں" (insults) and
// Polish "wysyłać" (to send, in "never send photos to strangers") as "wysłać".
var notNear = foldedSet(`there where these those three other mother brother father after
	could would should thinks thing things hears heard learn learned learnt school scholl
	touching teaching teacher teachers watch watched match matches stable stables stabilise
	skill skills skilled kills killing kicked picked packed hated dated rated dating bated
	beaten beater bitten hitter hitting sitting fitting twice trust truth
	online inline alone along among phone phones photo photos dinner thinner sinner winner
	wysylac মারার marta maarta marti maarti hombre sobre nadie contar bother cares plate cours avait envoie گاڑیاں`)

// near reports whether word, of nearMin or more letters, is one slip (see oneSlip) from a
// pattern of as many or more; with a * at its end, whether one of word's beginnings is one slip
// from a pattern of more. Patterns with a * at their start match exactly only.
func (p wordPattern) near(word string) bool {
	least := nearMin
	if p.anyEnd {
		least++ // a beginning of five letters has too many words around it
	}
	if !p.tolerant || p.anyStart || p.letters < least || len(word) < nearMin || utf8.RuneCountInString(word) < nearMin {
		return false
	}
	return p.slipOf(word) && !notNear[word]
}

// slipOf reports whether word, or with a * at the pattern's end one of its beginnings, is one
// slip from the pattern.
func (p wordPattern) slipOf(word string) bool {
	if !p.anyEnd {
		return oneSlip(p.text, word)
	}
	n := p.letters
	end, count := 0, 0
	for count < n+1 && end < len(word) {
		_, size := utf8.DecodeRuneInString(word[end:])
		end += size
		count++
		if count >= n-1 && oneSlip(p.text, word[:end]) {
			return true
		}
	}
	return false
}

// oneSlip reports whether a and b differ by one letter changed, added or left out, or by two
// neighbouring letters swapped, inside the word: a slip in the first or the last letter is not
// one, because that is where words differ in meaning and endings in grammar (knife and knifed,
// corta and corto, picks and kicks).
func oneSlip(a, b string) bool {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	for i > 0 && i < len(a) && !utf8.RuneStart(a[i]) {
		i--
	}
	if i == 0 {
		return false
	}
	a, b = a[i:], b[i:]
	j := 0
	for j < len(a) && j < len(b) && a[len(a)-1-j] == b[len(b)-1-j] {
		j++
	}
	for j > 0 && !utf8.RuneStart(a[len(a)-j]) {
		j--
	}
	if j == 0 {
		return false
	}
	a, b = a[:len(a)-j], b[:len(b)-j]
	na, nb := utf8.RuneCountInString(a), utf8.RuneCountInString(b)
	switch {
	case na <= 1 && nb <= 1:
		return true
	case na == 2 && nb == 2:
		a0, s := utf8.DecodeRuneInString(a)
		a1, _ := utf8.DecodeRuneInString(a[s:])
		b0, s := utf8.DecodeRuneInString(b)
		b1, _ := utf8.DecodeRuneInString(b[s:])
		return a0 == b1 && a1 == b0
	}
	return false
}

// slips calls f with word and each word one inner letter shorter (neither the first nor the
// last left out, as oneSlip never allows a slip there), in a scratch buffer valid only during
// the call, so that words one slip apart share one of them: the index of phrases' first words
// by these keys finds a misspelt first word without trying every phrase.
func slips(word string, buf []byte, f func(key []byte)) []byte {
	f(append(buf[:0], word...))
	_, first := utf8.DecodeRuneInString(word)
	_, last := utf8.DecodeLastRuneInString(word)
	for i, r := range word[first : len(word)-last] {
		i += first
		buf = append(append(buf[:0], word[:i]...), word[i+utf8.RuneLen(r):]...)
		f(buf)
	}
	return buf
}

// foldedSet is a set of words, folded as texts are.
func foldedSet(words string) map[string]bool {
	set := map[string]bool{}
	for _, w := range foldWords(words) {
		set[w] = true
	}
	return set
}
