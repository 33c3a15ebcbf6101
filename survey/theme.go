package survey

import (
	"fmt"
	"maps"
	"slices"
)

// Theme is a subject scrutineers look for in free-text answers, such as street lighting or
// youth clubs, with suggested keywords per language. Keywords are phrases matched as the
// disclosure lists' are: whole words after folding case and accents, * for any ending.
// Themes are not part of what children are asked, so they may change in any version.
type Theme struct {
	ID       string              `json:"id"`
	Label    Text                `json:"label"`
	Keywords map[string][]string `json:"keywords"` // by language code
	Line     int                 `json:"-"`
}

// ThemeTagger tags free text with a survey's themes.
type ThemeTagger struct {
	ids      []string
	keywords phraseSet // labelled by index in ids
}

// ThemeTagger gathers the survey's theme keywords, in every language, to tag many texts.
func (s *Survey) ThemeTagger() *ThemeTagger {
	t := &ThemeTagger{}
	for i, theme := range s.Themes {
		t.ids = append(t.ids, theme.ID)
		for _, words := range theme.Keywords {
			for _, k := range words {
				t.keywords.add(i, k)
			}
		}
	}
	return t
}

// Themes returns the ids of the themes whose keywords occur in text, in the survey's order.
// Keywords in every language are tried, whatever language the answer was given in.
func (t *ThemeTagger) Themes(text string) []string {
	var ids []string
	for i, ok := range t.keywords.find(text, len(t.ids)) {
		if ok {
			ids = append(ids, t.ids[i])
		}
	}
	return ids
}

// IsKeyword reports whether phrase has letters to match, and so can be a theme keyword.
func IsKeyword(phrase string) bool {
	return len(phrasePattern(phrase)) > 0
}

func (s *Survey) checkThemes(c *checker) {
	seen := map[string]int{}
	for i, t := range s.Themes {
		field := fmt.Sprintf("theme `%s`", t.ID)
		if !idPattern.MatchString(t.ID) {
			c.add(t.Line, fmt.Sprintf("theme %d", i+1), msgIDFormat, "ID", t.ID)
		}
		if first, dup := seen[t.ID]; dup {
			c.add(t.Line, field, msgDefinedTwiceAt, "First", first)
			continue
		}
		seen[t.ID] = t.Line
		c.text(t.Line, field+": label", t.Label, true)
		if len(t.Keywords[SourceLanguage]) == 0 {
			c.add(t.Line, field+": keywords", msgNoEnglishKeyword)
		}
		for _, lang := range slices.Sorted(maps.Keys(t.Keywords)) {
			if !langPattern.MatchString(lang) {
				c.add(t.Line, field+": keywords", msgLanguageCode, "Code", lang)
			}
			for _, k := range t.Keywords[lang] {
				if !IsKeyword(k) {
					c.add(t.Line, field+": keywords", MsgNoLetters, "Phrase", k)
				}
			}
		}
	}
}
