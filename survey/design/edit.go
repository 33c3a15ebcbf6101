package design

import (
	"slices"

	"github.com/safeguarding/safetysurvey/survey"
)

// MoveQuestion moves question id one place up (delta -1) or down (+1); at either end it stays.
func MoveQuestion(s *survey.Survey, id string, delta int) error {
	i := slices.IndexFunc(s.Questions, func(q survey.Question) bool { return q.ID == id })
	if i < 0 {
		return survey.Errorf(survey.ENOTFOUND, "error.not_found")
	}
	if j := i + delta; j >= 0 && j < len(s.Questions) {
		s.Questions[i], s.Questions[j] = s.Questions[j], s.Questions[i]
	}
	return nil
}

// RemoveQuestion deletes question id.
func RemoveQuestion(s *survey.Survey, id string) error {
	i := slices.IndexFunc(s.Questions, func(q survey.Question) bool { return q.ID == id })
	if i < 0 {
		return survey.Errorf(survey.ENOTFOUND, "error.not_found")
	}
	s.Questions = slices.Delete(s.Questions, i, i+1)
	return nil
}

// AddQuestion appends a free-text question with its English wording; choosing its type and
// options is the next step, on the question's own page.
func AddQuestion(s *survey.Survey, id, english string) error {
	if _, dup := s.Question(id); dup {
		return &survey.Error{Code: survey.EINVALID, Message: "design.error.question_exists",
			Fields: []survey.FieldError{{Question: "id", Message: "design.error.question_exists"}}}
	}
	s.Questions = append(s.Questions, survey.Question{ID: id, Type: survey.FreeText, Text: survey.Text{survey.SourceLanguage: english}})
	return nil
}
