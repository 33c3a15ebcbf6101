package survey

import (
	"context"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxGlossLength is the most characters a gloss may have: a meaning, not a translation.
const MaxGlossLength = 300

// SaveGloss stores a short English gloss of a free-text answer to question, for staff who do not
// read the language it was written in; an empty gloss removes it. The answer itself is never
// changed. The answer may be any stored answer to a free-text question of the survey's current
// version, or a flagged answer of any version (the safeguarding lead reads those).
func (svc *Service) SaveGloss(ctx context.Context, slug, question, answer, gloss string) error {
	gloss = strings.Join(strings.FieldsFunc(gloss, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) }), " ")
	if utf8.RuneCountInString(gloss) > MaxGlossLength {
		return &Error{Code: EINVALID, Message: "gloss.error.too_long", Fields: []FieldError{{Question: "gloss", Message: "gloss.error.too_long"}}}
	}
	s, err := svc.Surveys.Get(slug)
	if err != nil {
		return err
	}
	version, err := svc.glossedVersion(ctx, s, question, answer)
	if err != nil {
		return err
	}
	return svc.Moderation.SetGloss(ctx, s.Slug, version, question, answer, gloss)
}

// glossedVersion finds the survey version of the answer to question named answer.
func (svc *Service) glossedVersion(ctx context.Context, s *Survey, question, answer string) (int, error) {
	if q, ok := s.Question(question); ok && !q.IsChoice() {
		texts, err := svc.Texts.QuestionTexts(ctx, s.Slug, s.Version, question)
		if err != nil {
			return 0, err
		}
		if slices.ContainsFunc(texts, func(t TextAnswer) bool { return t.ID == answer }) {
			return s.Version, nil
		}
	}
	flagged, err := svc.Texts.FlaggedTexts(ctx, s.Slug)
	if err != nil {
		return 0, err
	}
	if i := slices.IndexFunc(flagged, func(t FlaggedText) bool { return t.ID == answer && t.Question == question }); i >= 0 {
		return flagged[i].Version, nil
	}
	return 0, Errorf(ENOTFOUND, "error.not_found")
}
