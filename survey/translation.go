package survey

import (
	"fmt"
	"slices"
	"strings"
)

// Untranslated lists, as readable paths, every label of the survey that has no text of its own
// in lang and so falls back to English for that string.
func (s *Survey) Untranslated(lang string) []string {
	var missing []string
	check := func(path string, t Text) {
		if len(t) > 0 && !t.Has(lang) {
			missing = append(missing, path)
		}
	}
	check("title", s.Title)
	check("intro", s.Intro)
	check("thanks", s.Thanks)
	for i, l := range s.Support {
		check(fmt.Sprintf("support %d: name", i+1), l.Name)
		check(fmt.Sprintf("support %d: about", i+1), l.About)
	}
	for _, q := range s.Questions {
		check(fmt.Sprintf("question `%s`: text", q.ID), q.Text)
		check(fmt.Sprintf("question `%s`: hint", q.ID), q.Hint)
		for _, o := range q.Options {
			check(fmt.Sprintf("question `%s`: option `%s`", q.ID, o.ID), o.Text)
		}
		for _, g := range q.Combine {
			check(fmt.Sprintf("question `%s`: combine `%s`", q.ID, g.ID), g.Label)
		}
	}
	for _, t := range s.Themes {
		check(fmt.Sprintf("theme `%s`: label", t.ID), t.Label)
	}
	for _, h := range s.Headlines {
		if !h.Text.Has(lang) {
			missing = append(missing, fmt.Sprintf("headline `%s`", h.ID))
		}
	}
	for i, a := range s.Actions {
		check(fmt.Sprintf("action %d: text", i+1), a.Text)
		check(fmt.Sprintf("action %d: you_said", i+1), a.YouSaid)
	}
	return missing
}

// SortLanguages sorts language codes in the order readers expect them: English, then those in
// order (a survey's languages, as it lists them), then any others alphabetically.
func SortLanguages(codes, order []string) {
	rank := func(code string) int {
		if code == SourceLanguage {
			return -1
		}
		if i := slices.Index(order, code); i >= 0 {
			return i
		}
		return len(order)
	}
	slices.SortFunc(codes, func(a, b string) int {
		if r := rank(a) - rank(b); r != 0 {
			return r
		}
		return strings.Compare(a, b)
	})
}
