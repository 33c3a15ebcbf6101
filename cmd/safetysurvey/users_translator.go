package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/safeguarding/safetysurvey/i18n"
	"github.com/safeguarding/safetysurvey/public"
	"github.com/safeguarding/safetysurvey/survey/staff"
)

// translatorLanguages checks --lang against the roles: a translator needs at least one of the
// shipped languages, and nobody else is given any. It returns nil when no languages are to be set.
func translatorLanguages(roles []staff.Role, langs []string) ([]string, error) {
	if !slices.Contains(roles, staff.Translator) {
		if len(langs) > 0 {
			return nil, usageError{"--lang goes with --role translator"}
		}
		return nil, nil
	}
	catalog, err := i18n.Load(public.Files, "locales")
	if err != nil {
		return nil, err
	}
	parsed, err := staff.ParseLanguages(langs, catalog.Languages())
	if err != nil || len(parsed) == 0 {
		return nil, usageError{fmt.Sprintf("--role translator needs one or more --lang from %s (not en)", strings.Join(catalog.Languages(), ", "))}
	}
	return parsed, nil
}

// setTranslatorLanguages gives u the languages langs, when there are any to give.
func setTranslatorLanguages(ctx context.Context, svc *staff.Service, u *staff.User, langs []string) error {
	if langs == nil {
		return nil
	}
	if err := svc.SetLanguages(ctx, nil, u.ID, langs); err != nil {
		return describe(err)
	}
	u.Languages = langs
	return nil
}

// languagesNote names the languages a translator translates, for what the command prints.
func languagesNote(langs []string) string {
	if len(langs) == 0 {
		return ""
	}
	return ", translating " + strings.Join(langs, ", ")
}
