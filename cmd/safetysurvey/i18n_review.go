package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/safeguarding/safetysurvey/i18n"
	"github.com/safeguarding/safetysurvey/public"
	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/staff"
)

// reviewSets gathers the current strings of every set a sign-off covers: the UI strings, each
// survey's text and the safeguarding phrase lists.
type reviewSets struct {
	catalog *i18n.Catalog
	surveys *survey.Catalog
	phrases fs.FS // the safeguarding folder, holding disclosure.<lang>.txt
}

func builtInReviewSets(surveyDir string) (*reviewSets, error) {
	catalog, err := i18n.Load(public.Files, "locales")
	if err != nil {
		return nil, err
	}
	surveys, err := loadSurveys(surveyDir)
	if err != nil {
		return nil, err
	}
	phrases, err := fs.Sub(public.Files, "safeguarding")
	if err != nil {
		return nil, err
	}
	return &reviewSets{catalog: catalog, surveys: surveys, phrases: phrases}, nil
}

// texts returns the strings one language of set has now, or an error for a set or language
// there is nothing of.
func (r *reviewSets) texts(set, lang string) (map[string]string, error) {
	switch {
	case set == survey.SetUI:
		if !slices.Contains(r.catalog.Languages(), lang) {
			return nil, fmt.Errorf("no UI strings in %s", lang)
		}
		return r.catalog.Strings(lang), nil
	case set == survey.SetPhrases:
		name := "disclosure." + lang + ".txt"
		data, err := fs.ReadFile(r.phrases, name)
		if err != nil {
			return nil, fmt.Errorf("no safeguarding phrase list in %s", lang)
		}
		return map[string]string{name: string(data)}, nil
	case strings.HasPrefix(set, "survey:"):
		sv, err := r.surveys.Get(strings.TrimPrefix(set, "survey:"))
		if err != nil || !sv.Offers(lang) {
			return nil, fmt.Errorf("no survey %s in %s", strings.TrimPrefix(set, "survey:"), lang)
		}
		return sv.LabelTexts(lang), nil
	}
	return nil, fmt.Errorf("unknown set %q: ui, phrases or survey:SLUG", set)
}

// langs lists the languages of a set besides English.
func (r *reviewSets) langs(set string) []string {
	var codes []string
	switch {
	case set == survey.SetUI:
		codes = r.catalog.Languages()
	case set == survey.SetPhrases:
		files, _ := fs.Glob(r.phrases, "disclosure.*.txt")
		for _, f := range files {
			codes = append(codes, strings.TrimSuffix(strings.TrimPrefix(path.Base(f), "disclosure."), ".txt"))
		}
	default:
		if sv, err := r.surveys.Get(strings.TrimPrefix(set, "survey:")); err == nil {
			codes = sv.LanguageCodes()
		}
	}
	return slices.DeleteFunc(codes, func(c string) bool { return c == survey.SourceLanguage })
}

// reviewNotes says, for one set, which languages nobody has signed off and which were signed off
// but have changed since, so their review is open again.
func (r *reviewSets) reviewNotes(reviews survey.Reviews, set, what string) []string {
	var unreviewed, notes []string
	for _, lang := range r.langs(set) {
		texts, err := r.texts(set, lang)
		if err != nil {
			continue
		}
		state := reviews.State(set, lang, texts)
		switch {
		case state.Reopened():
			notes = append(notes, fmt.Sprintf("%s in %s: signed off by %s on %s, but %d strings changed since (%s): to review again",
				what, lang, state.By, state.At.Format(time.DateOnly), len(state.Changed), strings.Join(first(state.Changed, 5), ", ")))
		case !state.Reviewed:
			unreviewed = append(unreviewed, lang)
		}
	}
	if len(unreviewed) > 0 {
		notes = append([]string{fmt.Sprintf("%s not yet signed off: %s", what, strings.Join(unreviewed, ", "))}, notes...)
	}
	return notes
}

func first(ids []string, n int) []string {
	if len(ids) > n {
		return append(slices.Clone(ids[:n]), "…")
	}
	return ids
}

// i18nSignOff records, in the store and the audit log, that someone reviewed one language of a
// set as it is now; with reopen, it removes the sign-off instead.
func i18nSignOff(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer, reopen bool) error {
	var cfg Config
	var lang, set, by string
	name := "safetysurvey i18n signoff"
	if reopen {
		name = "safetysurvey i18n reopen"
	}
	if _, err := cfg.parse(name, args, getenv, false, stdout, func(fset *flag.FlagSet) {
		fset.StringVar(&lang, "lang", "", "language, such as pl")
		fset.StringVar(&set, "set", survey.SetUI, "what was reviewed: ui, phrases or survey:SLUG")
		if !reopen {
			fset.StringVar(&by, "by", "", "who reviewed it: their name or email")
		}
	}); err != nil {
		return err
	}
	if lang == "" || lang == survey.SourceLanguage || (!reopen && strings.TrimSpace(by) == "") {
		return usageError{fmt.Sprintf("%s needs --lang (not en) and --by\n\n%s", name, usage)}
	}
	sets, err := builtInReviewSets(cfg.SurveyDir)
	if err != nil {
		return err
	}
	texts, err := sets.texts(set, lang)
	if err != nil {
		return err
	}
	st, err := openStore(ctx, cfg, newLogger(cfg.LogLevel))
	if err != nil {
		return err
	}
	defer st.Close()
	entry := staff.AuditEntry{Time: time.Now(), Action: staff.AuditTranslationReopened, Subject: set + " " + lang}
	if reopen {
		err = st.db.DeleteSignOff(ctx, set, lang)
	} else {
		entry.Action, entry.Detail = staff.AuditTranslationSignedOff, fmt.Sprintf("%d strings, reviewed by %s", len(texts), by)
		err = st.db.SaveSignOff(ctx, survey.NewSignOff(set, lang, strings.TrimSpace(by), entry.Time, texts))
	}
	if err != nil {
		return err
	}
	if err := st.db.AppendAudit(ctx, entry); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s %s: %s\n", set, lang, map[bool]string{false: "signed off", true: "review reopened"}[reopen])
	return nil
}
