package freetext

import "strings"

// ThemeTagger tags free text with themes, such as street lighting or youth clubs, by their
// keywords: phrases matched as the disclosure lists' are (see LoadDisclosureTerms). The zero
// value has no themes and tags nothing.
type ThemeTagger struct {
	ids      []string
	keywords phraseSet // labelled by index in ids
}

// Add adds a theme with its keywords, in any language; keywords without letters are left out
// (IsKeyword tells them apart when a definition is checked).
func (t *ThemeTagger) Add(id string, keywords ...string) {
	label := len(t.ids)
	t.ids = append(t.ids, id)
	for _, k := range keywords {
		t.keywords.add(label, k, nil, false)
	}
}

// Themes returns the ids of the themes whose keywords occur in text, in the order they were
// added. Keywords in every language are tried, whatever language the answer was given in. The
// tags scrubbing leaves ([phone], [link]…) stand for removed words, not the child's, and match
// no keyword.
func (t *ThemeTagger) Themes(text string) []string {
	var ids []string
	for i, ok := range t.keywords.find(withoutTags.Replace(text), len(t.ids)) {
		if ok {
			ids = append(ids, t.ids[i])
		}
	}
	return ids
}

// IsKeyword reports whether phrase has letters to match and is a phrase pattern without @names,
// and so can be a theme keyword.
func IsKeyword(phrase string) bool {
	_, err := parsePhrase(phrase, nil)
	return err == nil
}

// withoutTags blanks out the tags ScrubPersonalData leaves.
var withoutTags = strings.NewReplacer(
	TagName, " ", TagEmail, " ", TagPhone, " ", TagPostcode, " ", TagAddress, " ", TagHandle, " ", TagLink, " ")
