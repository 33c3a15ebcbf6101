package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"

	"github.com/safeguarding/safetysurvey/i18n"
	"github.com/safeguarding/safetysurvey/public"
	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/freetext"
	"github.com/safeguarding/safetysurvey/survey/yamlfile"
)

// i18nCommand runs the translation completeness check, the XLIFF export and import, and the
// sign-off of a reviewed language.
func i18nCommand(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	sub := ""
	if len(args) > 0 {
		sub = args[0]
	}
	switch sub {
	case "check":
	case "export":
		return i18nExport(args[1:], stdout)
	case "import":
		return i18nImport(args[1:], stdout)
	case "signoff", "reopen":
		return i18nSignOff(ctx, args[1:], getenv, stdout, sub == "reopen")
	default:
		return usageError{"i18n needs a sub-command: check, export, import, signoff or reopen\n\n" + usage}
	}
	var cfg Config
	var locales string
	fset, err := cfg.parse("safetysurvey i18n check", args[1:], getenv, false, os.Stderr, func(fset *flag.FlagSet) {
		fset.StringVar(&locales, "locales", "", "folder of active.<lang>.toml files to check instead of the built-in ones")
	})
	if err != nil {
		return err
	}
	var fsys fs.FS = public.Files
	dir := "locales"
	if locales != "" {
		fsys, dir = os.DirFS(locales), "."
	}
	// Sign-offs are read from the store only when one is named, so a check in a checkout or in CI
	// starts no database.
	var reviews survey.Reviews
	named := cfg.MongoURI != "" || getenv("SAFETYSURVEY_DATA_DIR") != ""
	fset.Visit(func(f *flag.Flag) { named = named || f.Name == "data-dir" || f.Name == "mongodb-uri" })
	if named {
		st, err := openStore(ctx, cfg, newLogger(cfg.LogLevel))
		if err != nil {
			return err
		}
		all, err := st.db.SignOffs(ctx)
		st.Close()
		if err != nil {
			return err
		}
		reviews = survey.NewReviews(all)
	}
	problems, notes, err := checkTranslations(fsys, dir, cfg.SurveyDir, reviews)
	if err != nil {
		return err
	}
	if !named {
		notes = append(notes, "sign-offs not read: name the store (--data-dir or --mongodb-uri) to see which languages are reviewed")
	}
	for _, n := range notes {
		fmt.Fprintln(stdout, "note:", n)
	}
	for _, p := range problems {
		fmt.Fprintln(stdout, "error:", p)
	}
	if len(problems) > 0 {
		return fmt.Errorf("%d translation problems", len(problems))
	}
	fmt.Fprintln(stdout, "translations complete")
	return nil
}

// checkTranslations lists what is wrong with the UI strings, including message ids the survey
// definition checks report and names of kinds of harm that English lacks, and the surveys' text
// in every language, and, as notes, what is not signed off in reviews or has changed since.
func checkTranslations(fsys fs.FS, dir, surveyDir string, reviews survey.Reviews) (problems, notes []string, err error) {
	catalog, err := i18n.Load(fsys, dir)
	if err != nil {
		return nil, nil, err
	}
	used := slices.Concat(survey.DefinitionMessages, yamlfile.Messages, freetext.ListMessages)
	for _, kind := range freetext.DisclosureCategories {
		used = append(used, "flagged.reason."+kind) // the safeguarding lead's page names each kind
	}
	for _, p := range slices.Concat(catalog.Check(), catalog.CheckUsed(used)) {
		problems = append(problems, p.String())
	}
	surveys, err := loadSurveys(surveyDir)
	if err != nil {
		return nil, nil, err
	}
	phrases, err := fs.Sub(public.Files, "safeguarding")
	if err != nil {
		return nil, nil, err
	}
	sets := &reviewSets{catalog: catalog, surveys: surveys, phrases: phrases}
	notes = append(notes, sets.reviewNotes(reviews, survey.SetUI, "UI strings")...)
	notes = append(notes, sets.reviewNotes(reviews, survey.SetPhrases, "safeguarding phrase lists (the safeguarding lead's)")...)
	ui := catalog.Languages()
	for _, s := range surveys.All() {
		for _, l := range s.Languages {
			if !slices.Contains(ui, l.Code) {
				problems = append(problems, fmt.Sprintf("%s: survey %s is offered in %s but there is no active.%s.toml", l.Code, s.Slug, l.Code, l.Code))
			}
			for _, label := range s.Untranslated(l.Code) {
				problems = append(problems, fmt.Sprintf("%s: survey %s: %s has no translation", l.Code, s.Slug, label))
			}
		}
		notes = append(notes, sets.reviewNotes(reviews, survey.SurveySet(s.Slug), "survey "+s.Slug+" text")...)
		if drafts := slices.DeleteFunc(s.LanguageCodes(), func(code string) bool { return slices.Contains(s.ActionsReviewed, code) }); len(s.Actions) > 0 && len(drafts) > 0 {
			notes = append(notes, fmt.Sprintf("survey %s actions not yet reviewed by a native speaker: %s", s.Slug, strings.Join(drafts, ", ")))
		}
	}
	return problems, notes, nil
}
