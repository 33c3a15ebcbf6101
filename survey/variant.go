package survey

import "strings"

// BaseLanguage returns the language a regional variant belongs to ("pt" for "pt-PT"), or code
// itself when it names no region. A variant holds only what differs from its base language
// and shows the base language's text for the rest.
func BaseLanguage(code string) string {
	base, _, _ := strings.Cut(code, "-")
	return base
}
