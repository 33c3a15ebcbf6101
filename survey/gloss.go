package survey

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxGlossLength is the most characters a gloss may have: a meaning, not a translation.
const MaxGlossLength = 300

// GlossText stores a short English gloss of an answer on the scrutineers' page (one of the
// current version, not flagged: a flagged answer is not shown there), for those who do not read
// the language it was written in; an empty gloss removes it. The answer itself never changes.
func (svc *Service) GlossText(ctx context.Context, slug, question, answer, gloss string) error {
	s, t, err := svc.shownText(ctx, slug, question, answer)
	if err != nil {
		return err
	}
	if t.Flagged {
		return Errorf(ENOTFOUND, "error.not_found")
	}
	return svc.saveGloss(ctx, s.Slug, s.Version, question, answer, gloss)
}

// GlossFlagged stores the safeguarding lead's short English gloss of a flagged answer of any
// version; an empty gloss removes it.
func (svc *Service) GlossFlagged(ctx context.Context, slug, question, answer, gloss string) error {
	s, err := svc.Surveys.Get(slug)
	if err != nil {
		return err
	}
	t, err := svc.Texts.FlaggedText(ctx, s.Slug, answer)
	if err != nil {
		return err
	}
	if t.Question != question {
		return Errorf(ENOTFOUND, "error.not_found")
	}
	return svc.saveGloss(ctx, s.Slug, t.Version, question, answer, gloss)
}

// saveGloss checks a gloss, with spacing and invisible format characters (bidi overrides,
// zero-width spaces) taken out so it shows what was typed, and stores it.
func (svc *Service) saveGloss(ctx context.Context, slug string, version int, question, answer, gloss string) error {
	gloss = strings.Join(strings.FieldsFunc(gloss, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) }), " ")
	if utf8.RuneCountInString(gloss) > MaxGlossLength {
		return &Error{Code: EINVALID, Message: "gloss.error.too_long", Fields: []FieldError{{Question: "gloss", Message: "gloss.error.too_long"}}}
	}
	return svc.Moderation.SetGloss(ctx, slug, version, question, answer, gloss)
}
