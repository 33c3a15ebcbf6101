package survey

import (
	"fmt"
	"strings"
)

// Label is one translatable string of a survey, named by an id that stays the same across
// languages and exports, with the context a translator needs and the text in every language.
type Label struct {
	ID      string
	Context string // in English, for the translator: where the string shows and what it answers
	Text    Text
}

// Labels lists every translatable string of the survey in the order a child meets them: title,
// introduction, thanks, local help, questions with their hints, answers and the findings'
// combined answers, then the themes scrutineers give written answers and the partnership's
// actions. Headlines, which have plural forms, are translated in the survey files only.
func (s *Survey) Labels() []Label {
	var out []Label
	add := func(id, context string, t Text) {
		if len(t) > 0 {
			out = append(out, Label{ID: id, Context: context, Text: t})
		}
	}
	add("title", "title of the survey, the first thing a child reads", s.Title)
	add("intro", "introduction on the survey's first page", s.Intro)
	add("thanks", "thank-you page, after the answers are sent", s.Thanks)
	for i, l := range s.Support {
		add(fmt.Sprintf("support.%d.name", i+1), "name of a local place to get help, shown with Childline and 999 (keep a proper name as it is)", l.Name)
		add(fmt.Sprintf("support.%d.about", i+1), fmt.Sprintf("what %s offers, shown under its name", l.Name.In(SourceLanguage)), l.About)
	}
	for n, q := range s.Questions {
		question := q.Text.In(SourceLanguage)
		add("question."+q.ID+".text", fmt.Sprintf("question %d of %d, %s", n+1, len(s.Questions), questionKind(q)), q.Text)
		add("question."+q.ID+".hint", fmt.Sprintf("hint under the question “%s”", question), q.Hint)
		for j, o := range q.Options {
			add("question."+q.ID+".option."+o.ID, optionContext(q, j, question), o.Text)
		}
		for _, g := range q.Combine {
			add("question."+q.ID+".combine."+g.ID, fmt.Sprintf("answers to “%s” counted together in the findings: %s", question, strings.Join(g.Options, ", ")), g.Label)
		}
	}
	for _, t := range s.Themes {
		add("theme."+t.ID+".label", fmt.Sprintf("name of a theme young scrutineers give written answers (English keywords: %s)", strings.Join(t.Keywords[SourceLanguage], ", ")), t.Label)
	}
	for i, a := range s.Actions {
		add(fmt.Sprintf("action.%d.you_said", i+1), "what young people said, in their own words, that an action answers (“You said, we did”)", a.YouSaid)
		add(fmt.Sprintf("action.%d.text", i+1), "what the partnership does about the findings (“You said, we did”)", a.Text)
	}
	return out
}

func questionKind(q Question) string {
	switch q.Type {
	case Scale:
		return fmt.Sprintf("answered on a %d-point scale", len(q.Options))
	case Multiple:
		return "a child can tick several answers"
	case FreeText:
		return "answered in the child's own words"
	}
	return "a child chooses one answer"
}

func optionContext(q Question, j int, question string) string {
	switch q.Type {
	case Scale:
		return fmt.Sprintf("answer option %d of a %d-point scale (lowest first) to “%s”", j+1, len(q.Options), question)
	case Multiple:
		return fmt.Sprintf("one of the answers a child can tick to “%s”", question)
	}
	return fmt.Sprintf("one of the answers a child chooses from to “%s”", question)
}

// LabelText returns the text of the label with the given id, as Labels names it, so a
// translation can be written into it; ok is false for an id the survey does not have.
func (s *Survey) LabelText(id string) (Text, bool) {
	for _, l := range s.Labels() {
		if l.ID == id {
			return l.Text, true
		}
	}
	return nil, false
}
