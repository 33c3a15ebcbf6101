package survey

import (
	"fmt"
	"maps"
	"slices"
)

// PluralForms are the CLDR plural categories a sentence may give forms for; "other" is the one
// every language has.
var PluralForms = []string{"zero", "one", "two", "few", "many", "other"}

// PluralText holds a sentence in several languages, each as its CLDR plural forms: language,
// then category ("one", "few", "other"...), then text with {{.Count}} where the number goes.
type PluralText map[string]map[string]string

// HeadlineRule says when a survey's findings make a headline, and in which words: the share of
// those who answered Question who chose Answer (an option or a combined answer), as a count in
// Per ("7 in 10"), when it is at least AtLeast percent.
type HeadlineRule struct {
	ID       string     `json:"id"`
	Question string     `json:"question"`
	Answer   string     `json:"answer"`
	Per      int        `json:"per,omitempty"`      // 10 when left out
	AtLeast  float64    `json:"at_least,omitempty"` // percent; 0 makes a headline whatever the share
	Text     PluralText `json:"text"`
	Line     int        `json:"-"`
}

// Has reports whether the text has a translation in lang: its own or, for a regional variant,
// its base language's.
func (t PluralText) Has(lang string) bool {
	return t[lang]["other"] != "" || t[BaseLanguage(lang)]["other"] != ""
}

// The problems checkHeadlines reports.
var (
	msgHeadlineAnswer = definitionMessage("definition.headline_answer")
	msgHeadlinePer    = definitionMessage("definition.headline_per")
	msgHeadlineAt     = definitionMessage("definition.headline_at_least")
	msgPluralForm     = definitionMessage("definition.plural_form")
	// MsgPluralOther is shared with the parser of translation files.
	MsgPluralOther = definitionMessage("definition.plural_other")
)

func (s *Survey) checkHeadlines(c *checker) {
	seen := map[string]bool{}
	for i := range s.Headlines {
		r := &s.Headlines[i]
		field := fmt.Sprintf("headline `%s`", r.ID)
		switch {
		case !idPattern.MatchString(r.ID):
			c.add(r.Line, fmt.Sprintf("headline %d", i+1), msgIDFormat, "ID", r.ID)
		case seen[r.ID]:
			c.add(r.Line, field, msgDefinedTwice)
		}
		seen[r.ID] = true
		q, ok := s.Question(r.Question)
		switch {
		case !ok:
			c.add(r.Line, field+": question", msgShowIfMissing, "Question", r.Question)
		case !q.IsChoice() || (!q.HasOption(r.Answer) || r.Answer == PreferNotToSay) && !slices.ContainsFunc(q.Combine, func(g Combined) bool { return g.ID == r.Answer }):
			c.add(r.Line, field+": answer", msgHeadlineAnswer, "Answer", r.Answer, "Question", r.Question)
		}
		if r.Per != 0 && r.Per != 10 && r.Per != 100 {
			c.add(r.Line, field+": per", msgHeadlinePer)
		}
		if r.AtLeast < 0 || r.AtLeast > 100 {
			c.add(r.Line, field+": at_least", msgHeadlineAt)
		}
		if r.Text[SourceLanguage]["other"] == "" {
			c.add(r.Line, field+": text", MsgPluralOther)
		}
		for _, lang := range slices.Sorted(maps.Keys(r.Text)) {
			for _, form := range slices.Sorted(maps.Keys(r.Text[lang])) {
				if !slices.Contains(PluralForms, form) {
					c.add(r.Line, field+": text: "+lang, msgPluralForm, "Form", form)
				}
			}
			if r.Text[lang]["other"] == "" && lang != SourceLanguage {
				c.add(r.Line, field+": text: "+lang, MsgPluralOther)
			}
		}
	}
}
