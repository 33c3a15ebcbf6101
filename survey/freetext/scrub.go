package freetext

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Tags that stand in for personal data removed from free text.
const (
	TagName     = "[name]"
	TagEmail    = "[email]"
	TagPhone    = "[phone]"
	TagPostcode = "[postcode]"
	TagAddress  = "[address]"
	TagHandle   = "[handle]"
	TagLink     = "[link]"
)

// ScrubPersonalData replaces likely personal data in a free-text answer with a tag such as
// [phone], so that no person who reads answers, and no stored record, holds it.
//
// It errs on the side of removing too much, with these deliberate exceptions, which name no one:
// numbers with fewer than 10 digits (999, 111, 116 123, Childline's 0800 1111, a text line such
// as 85258, ages, years); a postcode district on its own ("SW18"); a street name without a house
// number ("Garratt Lane is dark"); and identity words after "I am" ("I am Muslim"), which matter
// to findings about hate. A full-length number is removed even when it is a public helpline's,
// because nothing tells the two apart.
//
// It first removes invisible characters (see removeInvisible), so that a stored answer shows
// on staff pages, in exports and in quotes as it reads, and personal data cannot hide from the
// rules below behind them.
func ScrubPersonalData(text string) string {
	text = removeInvisible(text)
	for _, r := range scrubRules {
		if r.needs == "" || strings.ContainsAny(text, r.needs) {
			text = r.apply(text)
		}
	}
	return text
}

// scrubRule replaces submatch group (0: the whole match) of each match of re with tag, unless
// keep says the match is not personal data after all.
// A rule whose every match holds one of the characters in needs is skipped for text with none
// of them: most answers have no digit, '@' or '.', and the expressions are the costly part.
type scrubRule struct {
	tag   string
	re    *regexp.Regexp
	group int
	keep  func(match string) bool
	needs string
}

func (r scrubRule) apply(text string) string {
	var b strings.Builder
	last := 0
	for _, m := range r.re.FindAllStringSubmatchIndex(text, -1) {
		start, end := m[2*r.group], m[2*r.group+1]
		if start < 0 || (r.keep != nil && r.keep(text[start:end])) {
			continue
		}
		b.WriteString(text[last:start])
		b.WriteString(r.tag)
		last = end
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

// A name is a word of letters (with the marks some scripts write above or below them).
const (
	nameWord = `[\p{L}\p{M}][\p{L}\p{M}'’-]*`
	capWord  = `\p{Lu}\p{Ll}[\p{L}\p{M}'’-]*`
	// before stands for a word boundary in any script: Go's \b knows only ASCII letters.
	before = `(?:^|[^\p{L}\p{M}\p{N}])`
)

// Phrases after which the next word is a name whatever its case ("my name is jake"), in the
// survey's languages. Scripts without capitals (Arabic, Urdu, Bengali) only have these.
var nameIntroductions = []string{
	`my\s+name\s+is`, `my\s+name['’]s`, `i\s*['’]?m\s+called`, `i\s+am\s+called`, `i\s+go\s+by`, // en
	`mam\s+na\s+imi[eę]`, `na\s+imi[eę]\s+mi`, `nazywam\s+si[eę]`, // pl
	`me\s+llamo`, `mi\s+nombre\s+es`, // es
	`me\s+chamo`, `chamo-me`, `meu\s+nome\s+[eé]`, // pt
	`je\s+m['’]\s*appelle`, `mon\s+(?:pr[eé])?nom\s+(?:est|c['’]est)`, // fr
	`мене\s+(?:звати|звуть)`, `мо[єе]\s+ім['’ʼ]?я`, // uk
	`magaca(?:y|ygu|yga)\s+waa`, `waxaa\s+la\s+i\s+(?:yiraahdaa|yidhaahdaa)`, // so
	`[اإأ]سمي`,   // ar
	`میرا\s+نام`, // ur
	`আমার\s+নাম`, // bn
}

// Phrases after which a capitalised word is taken for a name ("I am Jake", "Soy Ana"), but a
// lower-case one is not ("I am 12", "I am scared").
var nameStatements = []string{
	`i\s+am`, `i\s*['’]?m`, `calls?\s+me`, // en
	`jestem`,        // pl
	`soy`,           // es
	`(?:eu\s+)?sou`, // pt
	`je\s+suis`,     // fr
	`я`,             // uk
}

// notNames are capitalised words that follow "I am" without naming anyone: identities children
// may well mention when they say why they feel unsafe. A draft list, to grow with the answers.
var notNames = wordSet(`
	English British Scottish Welsh Irish Polish Ukrainian Spanish Portuguese French Somali
	Bengali Bangladeshi Pakistani Arab Arabic Indian African Caribbean Asian Black White Mixed
	European Muslim Christian Catholic Jewish Hindu Sikh Buddhist Gay Lesbian Bi Trans Deaf
	Autistic Disabled Okay Ok Not Also Very Really So Just Still Scared Afraid Happy Sad Fine
	Polakiem Polką Ukraińcem Ukrainką`)

// stopWords follow a name introduction without being a name ("my name is not important").
var stopWords = wordSet(`a an the not no and or but is was none nothing secret private
	nie i o y e et ne pas não`)

func wordSet(words string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.Fields(words) {
		set[strings.ToLower(w)] = true
	}
	return set
}

func firstWord(s string) string {
	word, _, _ := strings.Cut(s, " ")
	return strings.ToLower(strings.TrimFunc(word, func(r rune) bool { return !unicode.IsLetter(r) }))
}

// phoneRun is a run of digits split by single spaces, dots, dashes or brackets, as people write
// phone numbers: "07700 900123", "+44 (0)20 7946-0958".
var phoneRun = regexp.MustCompile(`\+?(?:\(\d+\)|\d)(?:(?:\s?[.\-–]\s?|\s)?(?:\(\d+\)|\d))*`)

// isNotPhone keeps runs too short for a UK number (10 or 11 digits with the leading 0), unless
// they start with an international prefix (+ or 00), where 8 digits may be a foreign number.
func isNotPhone(run string) bool {
	digits := 0
	for _, r := range run {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	if strings.HasPrefix(run, "+") || strings.HasPrefix(run, "00") {
		return digits < 8
	}
	return digits < 10
}

// streetWords are what a street's name ends with; the ones that are also everyday words count
// only when capitalised ("Acacia Walk", but not "2 people walk").
const streetWords = `(?:(?i:road|rd|street|st|lane|ln|avenue|ave|drive|dr|gardens|gdns|crescent|cres|terrace|grove|mews|parade|estate)|` +
	`Close|Way|Walk|Place|Hill|Row|Park|Green|View|Rise|Court|Square|Vale|Gate|Wharf)`

var streetAddress = regexp.MustCompile(`\b\d{1,4}[A-Za-z]?,?\s+((?:[\p{L}'’.-]+\s+){1,3})` + streetWords + `\b`)

// notAddress keeps a number followed by ordinary words ("2 friends on the road").
func notAddress(match string) bool {
	m := streetAddress.FindStringSubmatch(match)
	for _, w := range strings.Fields(m[1]) {
		if addressStopWords[strings.ToLower(w)] {
			return true
		}
	}
	return false
}

var addressStopWords = wordSet(`the a an on in at to my of and or for near by from his her our
	their your is was are were with we they i me he she it people kids boys girls friends times`)

// notPostcode keeps what looks like a postcode but is a year group and an ordinal ("Y7 2nd").
func notPostcode(match string) bool {
	return ordinal.MatchString(match)
}

var ordinal = regexp.MustCompile(`(?i)\d(?:st|nd|rd|th)$`)

// platform names the apps whose user names children give out.
const platform = `(?:snap(?:chat)?|insta(?:gram)?|ig|tik\s?tok|discord|twitter|telegram|roblox|xbox|psn)\s*(?:name|username|handle|id)?`

const digits = "0123456789"

var scrubRules = []scrubRule{
	{tag: TagEmail, needs: "@", re: regexp.MustCompile(`(?i)[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}`)},
	{tag: TagLink, needs: ":.", re: regexp.MustCompile(`(?i)\b(?:https?://|www\.)[^\s<>"]*[^\s<>".,;:!?)]`)},
	// Bare domains, for the endings children's sites use; ".me" and ".co" alone would catch
	// sentences missing a space ("it was dark.me and").
	{tag: TagLink, needs: ".", re: regexp.MustCompile(`(?i)\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:co\.uk|org\.uk|com|net|org|uk|io|gg|tv|app|ly|info)\b(?:/[^\s<>"]*[^\s<>".,;:!?)])?`)},
	{tag: TagHandle, needs: "@", re: regexp.MustCompile(`(?:^|[^\p{L}\p{N}_@./])(@[\p{L}\p{N}_.]*[\p{L}\p{N}_])`), group: 1},
	// "snap: jake.2010", "my insta is jake": only "my" makes "is" mean a name follows.
	{tag: TagHandle, re: regexp.MustCompile(`(?i)\b(?:my\s+` + platform + `\s*(?:is|:)|` + platform + `\s*:)\s*(@?[\p{L}\p{N}_.]*[\p{L}\p{N}_])`), group: 1,
		keep: func(m string) bool { return stopWords[strings.ToLower(m)] }},
	{tag: TagPostcode, keep: notPostcode, needs: digits, re: regexp.MustCompile(`(?i)\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)\s*\d[ABD-HJLNP-UW-Z]{2}\b`)},
	{tag: TagPhone, keep: isNotPhone, needs: digits, re: phoneRun},
	{tag: TagAddress, keep: notAddress, needs: digits, re: streetAddress},
	{tag: TagName, re: regexp.MustCompile(before + `(?i:` + strings.Join(nameIntroductions, "|") + `)[\s:,]+(` + nameWord + `(?:\s+` + capWord + `)?)`), group: 1,
		keep: func(m string) bool { return stopWords[firstWord(m)] }},
	{tag: TagName, re: regexp.MustCompile(before + `(?i:` + strings.Join(nameStatements, "|") + `)\s+(` + capWord + `(?:\s+` + capWord + `)?)`), group: 1,
		keep: func(m string) bool { return notNames[firstWord(m)] }},
}

// removeInvisible removes the format characters that change how text shows without being seen:
// bidi embeddings, overrides, isolates and marks (U+202A-202E, U+2066-2069, U+200E, U+200F,
// U+061C), zero-width spaces, joiners and non-joiners (U+200B-200D, U+2060, U+FEFF), soft
// hyphens and the rest of Unicode's Cf category. Tag characters are kept only where they spell
// a flag (England, Scotland, Wales: U+1F3F4, tags, U+E007F), their one visible use. Zero-width
// joiners go too, although they join some emoji and shape some Bengali and Urdu letters: the
// letters stay, and a reader sees what was written in them.
func removeInvisible(text string) string {
	if !strings.ContainsFunc(text, isInvisible) {
		return text
	}
	var b strings.Builder
	b.Grow(len(text))
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if r == blackFlag {
			if end := flagTagsEnd(text[i+size:]); end > 0 {
				b.WriteString(text[i : i+size+end])
				i += size + end
				continue
			}
		}
		if !isInvisible(r) {
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
}

const (
	blackFlag = '\U0001F3F4'
	cancelTag = '\U000E007F'
)

func isInvisible(r rune) bool {
	return unicode.Is(unicode.Cf, r)
}

// flagTagsEnd is the length of the tag characters at the start of s that end with a cancel
// tag, as in a subdivision flag, or 0.
func flagTagsEnd(s string) int {
	for i, r := range s {
		switch {
		case r == cancelTag && i > 0:
			return i + utf8.RuneLen(r)
		case r < 0xE0020 || r > 0xE007E:
			return 0
		}
	}
	return 0
}
