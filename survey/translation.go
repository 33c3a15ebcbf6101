package survey

import "fmt"

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
	}
	return missing
}
