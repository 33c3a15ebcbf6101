package survey

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Answer is what a child gave to one question: option ids for choice questions, text for free-text ones.
type Answer struct {
	Choices []string `json:"choices,omitempty"`
	Text    string   `json:"text,omitempty"`
}

// Answers maps question ids to answers.
type Answers map[string]Answer

// IsEmpty reports whether the answer says nothing.
func (a Answer) IsEmpty() bool {
	return len(a.Choices) == 0 && a.Text == ""
}

// Shows reports whether q is shown given the answers so far: a question without a condition always is.
func (a Answers) Shows(q *Question) bool {
	if q.ShowIf == nil {
		return true
	}
	given := a[q.ShowIf.Question].Choices
	return slices.ContainsFunc(q.ShowIf.AnyOf, func(id string) bool { return slices.Contains(given, id) })
}

// CleanAnswers checks answers against the survey and returns them normalised: text trimmed and
// stripped of control characters, empty answers and answers to hidden questions dropped.
// Every problem is reported at once as an EINVALID *Error with one FieldError per question.
func (s *Survey) CleanAnswers(given Answers) (Answers, error) {
	clean := make(Answers, len(given))
	var fields []FieldError
	for id := range given {
		if _, ok := s.Question(id); !ok {
			fields = append(fields, FieldError{Question: id, Message: "error.unknown_question"})
		}
	}
	for i := range s.Questions {
		q := &s.Questions[i]
		a, ok := given[q.ID]
		if !ok {
			continue
		}
		a, fe := q.cleanAnswer(a)
		if fe != nil {
			fields = append(fields, *fe)
			continue
		}
		if !a.IsEmpty() {
			clean[q.ID] = a
		}
	}
	// Conditions are applied after every answer is clean, in question order, so a chain of
	// conditions drops everything below an answer the child changed.
	for i := range s.Questions {
		q := &s.Questions[i]
		if !clean.Shows(q) {
			delete(clean, q.ID)
		}
	}
	for i := range s.Questions {
		q := &s.Questions[i]
		if q.Required && clean.Shows(q) && clean[q.ID].IsEmpty() && !hasField(fields, q.ID) {
			fields = append(fields, FieldError{Question: q.ID, Message: "error.required"})
		}
	}
	if len(fields) > 0 {
		s.sortFields(fields)
		return nil, &Error{Code: EINVALID, Message: "error.fix_answers", Fields: fields}
	}
	if len(clean) == 0 {
		return nil, &Error{Code: EINVALID, Message: "error.empty_response"}
	}
	return clean, nil
}

func (q *Question) cleanAnswer(a Answer) (Answer, *FieldError) {
	fail := func(message string, data map[string]any) (Answer, *FieldError) {
		return Answer{}, &FieldError{Question: q.ID, Message: message, Data: data}
	}
	if !q.IsChoice() {
		if len(a.Choices) > 0 {
			return fail("error.not_choice", nil)
		}
		text := cleanText(a.Text)
		if n := utf8.RuneCountInString(text); n > q.TextLimit() {
			return fail("error.text_too_long", map[string]any{"Max": q.TextLimit(), "Count": n})
		}
		return Answer{Text: text}, nil
	}
	if a.Text != "" {
		return fail("error.not_text", nil)
	}
	seen := make(map[string]bool, len(a.Choices))
	for _, id := range a.Choices {
		switch {
		case !q.HasOption(id):
			return fail("error.unknown_option", map[string]any{"Option": id})
		case seen[id]:
			return fail("error.duplicate_option", map[string]any{"Option": id})
		}
		seen[id] = true
	}
	switch {
	case q.Type != Multiple && len(a.Choices) > 1:
		return fail("error.one_choice", nil)
	case q.Max > 0 && len(a.Choices) > q.Max:
		return fail("error.too_many_choices", map[string]any{"Max": q.Max, "Count": len(a.Choices)})
	case seen[PreferNotToSay] && len(a.Choices) > 1:
		return fail("error.prefer_not_alone", nil)
	}
	return Answer{Choices: slices.Clone(a.Choices)}, nil
}

// cleanText keeps what a child wrote but drops invisible control characters and surrounding space.
func cleanText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.Map(func(r rune) rune {
		if r == utf8.RuneError || (unicode.IsControl(r) && r != '\n' && r != '\t') {
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

func hasField(fields []FieldError, question string) bool {
	return slices.ContainsFunc(fields, func(f FieldError) bool { return f.Question == question })
}

// sortFields puts errors in question order so a page and an API client list them as the child sees them.
func (s *Survey) sortFields(fields []FieldError) {
	order := func(id string) int {
		i := slices.IndexFunc(s.Questions, func(q Question) bool { return q.ID == id })
		if i < 0 {
			return len(s.Questions)
		}
		return i
	}
	slices.SortStableFunc(fields, func(a, b FieldError) int {
		if d := order(a.Question) - order(b.Question); d != 0 {
			return d
		}
		return strings.Compare(a.Question, b.Question)
	})
}

// OffersHelp reports whether a stored response should bring help to the child at once: an
// answer the survey marks as a concern, or written text flagged as a possible disclosure. The
// form's thank-you page and the JSON API both ask this, so they can never disagree.
func (s *Survey) OffersHelp(r *Response) bool {
	return s.RaisesConcern(r.Answers) || len(r.Flags) > 0
}

// RaisesConcern reports whether any answer is one the survey marks as a reason to offer help straight away.
func (s *Survey) RaisesConcern(a Answers) bool {
	for i := range s.Questions {
		q := &s.Questions[i]
		if slices.ContainsFunc(a[q.ID].Choices, q.IsConcern) {
			return true
		}
	}
	return false
}
