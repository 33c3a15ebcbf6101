package freetext

import (
	"strings"
	"unicode/utf8"
)

// lookAlikes maps, after lower-casing and compatibility folding, letters to the letter they are
// matched as:
//
//   - letters children's keyboards type in more than one way: the Arabic and Urdu forms of
//     alef, yeh, heh and kaf; Polish ł; Ukrainian ґ; letters without a decomposition (ø, đ, æ);
//   - letters of Cyrillic, Greek, Armenian and the phonetic alphabet that look like a Latin
//     letter, from Unicode's confusables (TR39, confusables.txt), the entries whose skeleton is
//     one Latin letter, for the scripts children here write (a compact table, not the whole
//     file). Matching folds both a text and a phrase list this way, so a Ukrainian phrase still
//     matches Ukrainian text: "мене" is matched as "mehe" on both sides.
//
// Each entry is a letter followed by what it is matched as.
var lookAlikes = func() map[rune]string {
	entries := strings.Fields(`
		łl øo đd ħh ıi ßss æae œoe ŀl ſs ƀb ƈc ɗd ɠg ɦh ɨi ƙk ɱm ɲn ɵo ƥp ʠq ɽr ʂs ƭt ʋv ⱳw ƴy ȥz
		ґг ѓг ќк ўу ёе ѐе ѝи
		آا أا إا ٱا ؤو ئي ىي یي ےي ۓي ةه ہه ۂه ھه ۀه ەه کك ڪك

		аa вb гr еe кk мm нh оo пn рp сc тt уy хx ьb
		іi јj ѕs ԁd һh ӏl ԛq ԝw үy ҫc ӕae
		αa βb γy εe ζz ηn ιi κk νv οo πn ρp σo ςc τt υu χx ωw ϲc ϳj
		օo սu հh ոn ցg ռn ջj
		ɑa ɡg ɩi ɪi ʟl ᴋk ʜh ᴛt ʀr ᴍm ɴn ꜱs ᴏo ᴜu ʏy ᴄc ᴅd ᴇe ɢg ᴊj ᴘp ᴠv ᴡw ᴢz ʙb ғf ᴀa`)
	table := make(map[rune]string, len(entries))
	for _, e := range entries {
		r, size := utf8.DecodeRuneInString(e)
		if to := e[size:]; to != string(r) {
			table[r] = to
		}
	}
	// Follow each entry to its end: ґ is г, which looks like r, so ґ is r too.
	for r, to := range table {
		for {
			next, ok := table[[]rune(to)[0]]
			if !ok || utf8.RuneCountInString(to) != 1 {
				break
			}
			to = next
		}
		table[r] = to
	}
	return table
}()

// textSpeak maps words of English text-speak to the words they stand for, so that phrase lists
// need not spell each one out. Its keys are folded as foldWords folds words.
var textSpeak = func() map[string][]string {
	words := map[string]string{
		"u": "you", "ur": "your", "r": "are", "2": "to", "4": "for", "ppl": "people", "bf": "boyfriend", "gf": "girlfriend",
		"bc": "because", "cuz": "because", "coz": "because", "bcoz": "because",
		"wanna": "want to", "gonna": "going to", "gotta": "got to", "imma": "i am going to",
		"dnt": "dont", "cnt": "cant", "pix": "pics", "pls": "please", "plz": "please",
		"some1": "someone", "every1": "everyone", "any1": "anyone", "no1": "no one", "sum1": "someone",
		"wiv": "with", "wivout": "without", "widout": "without", "wud": "would", "cud": "could", "shud": "should",
		"hav": "have", "incase": "in case",
	}
	table := make(map[string][]string, len(words))
	for k, v := range words {
		table[squeeze(unleet(k))] = strings.Fields(v)
	}
	return table
}()
