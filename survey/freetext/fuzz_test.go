package freetext

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzScrubPersonalData: scrubbing any text must keep it valid UTF-8 when it was, leave no email
// address, long number or invisible character (but a flag's tags) behind, and never panic;
// matching phrases on it must not either.
func FuzzScrubPersonalData(f *testing.F) {
	f.Add("My name is Jake, call 07700 900123 or jo@x.com, 12 Acacia Road SW18 4BD @jake https://x.io")
	f.Add("اسمي محمد، +44 (0)20 7946 0958")
	f.Add("Я Олег\u200c\u0301 ছ\u09cbঁ")
	f.Add("I'm I'm I'm")
	terms := &DisclosureTerms{}
	terms.phrases.add(0, "hits|punches me", nil, false)
	terms.phrases.add(1, "*ضرب* ..2 *ني", nil, false)
	terms.phrases.add(2, "bulli*", nil, false)
	f.Fuzz(func(t *testing.T, text string) {
		scrubbed := ScrubPersonalData(text)
		if utf8.ValidString(text) && !utf8.ValidString(scrubbed) {
			t.Fatalf("scrubbing %q made invalid UTF-8 %q", text, scrubbed)
		}
		if m := scrubRules[0].re.FindString(scrubbed); m != "" {
			t.Fatalf("scrubbing %q left the email address %q", text, m)
		}
		for _, run := range phoneRun.FindAllString(scrubbed, -1) {
			if !isNotPhone(run) {
				t.Fatalf("scrubbing %q left the number %q", text, run)
			}
		}
		if i := strings.IndexFunc(scrubbed, func(r rune) bool { return isInvisible(r) && (r < 0xE0020 || r > 0xE007F) }); i >= 0 {
			t.Fatalf("scrubbing %q left the invisible %U", text, []rune(scrubbed[i:])[0])
		}
		terms.Categories(text)
	})
}
