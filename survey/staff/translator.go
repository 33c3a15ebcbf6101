package staff

import (
	"context"
	"slices"
	"strings"

	"github.com/safeguarding/safetysurvey/survey"
)

// Audit actions of the translation pages and the command line's sign-offs: subject is the set and
// language ("ui pl"), detail the string or how many strings were signed off.
const (
	AuditTranslationEdited    = "translation_edited"
	AuditTranslationComment   = "translation_comment"
	AuditTranslationSignedOff = "translation_signed_off"
	AuditTranslationReopened  = "translation_reopened"
	AuditLanguagesChanged     = "languages_changed"
)

// ParseLanguages checks the language codes a translator is given (each a shipped language's
// code, such as pl or pt-PT, and never English, the source) and returns them sorted, without repeats.
func ParseLanguages(codes, known []string) ([]string, error) {
	out := []string{}
	for _, c := range codes {
		c = strings.TrimSpace(c)
		if c == survey.SourceLanguage || !slices.Contains(known, c) {
			return nil, invalid("languages", "staff.error.unknown_language")
		}
		out = append(out, c)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// SetLanguages gives the user with id exactly the languages langs (checked by ParseLanguages) to
// translate; by is nil for the command line. A translator with none can open no translation page.
func (svc *Service) SetLanguages(ctx context.Context, by *User, id string, langs []string) error {
	u, err := svc.Store.User(ctx, id)
	if err != nil {
		return err
	}
	if err := svc.Store.UpdateUser(ctx, id, UserUpdate{Languages: append([]string{}, langs...)}); err != nil {
		return err
	}
	return svc.record(ctx, by, AuditLanguagesChanged, u.Email, strings.Join(langs, " "))
}

// RecordTranslation audits u editing, commenting on or signing off one language of a set of
// strings: action is one of the AuditTranslation actions.
func (svc *Service) RecordTranslation(ctx context.Context, u *User, action, set, lang, detail string) error {
	return svc.record(ctx, u, action, set+" "+lang, detail)
}
