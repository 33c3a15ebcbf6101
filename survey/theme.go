package survey

import (
	"fmt"
	"maps"
	"slices"

	"github.com/safeguarding/safetysurvey/survey/freetext"
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

// ThemeTagger gathers the survey's theme keywords, in every language, to tag many texts.
func (s *Survey) ThemeTagger() *freetext.ThemeTagger {
	t := &freetext.ThemeTagger{}
	for _, theme := range s.Themes {
		var keywords []string
		for _, lang := range slices.Sorted(maps.Keys(theme.Keywords)) {
			keywords = append(keywords, theme.Keywords[lang]...)
		}
		t.Add(theme.ID, keywords...)
	}
	return t
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
				if !freetext.IsKeyword(k) {
					c.add(t.Line, field+": keywords", MsgNoLetters, "Phrase", k)
				}
			}
		}
	}
}
