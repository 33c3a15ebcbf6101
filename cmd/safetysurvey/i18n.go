package main

import (
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
	"github.com/safeguarding/safetysurvey/survey/yamlfile"
)

// i18nCommand runs the translation completeness check.
func i18nCommand(args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "check" {
		return usageError{"i18n needs a sub-command: check\n\n" + usage}
	}
	fset := flag.NewFlagSet("safetysurvey i18n check", flag.ContinueOnError)
	locales := fset.String("locales", "", "folder of active.<lang>.toml files to check instead of the built-in ones")
	surveyDir := fset.String("survey-dir", "", "folder of survey definitions and translations to check besides the built-in ones")
	if err := fset.Parse(args[1:]); err != nil {
		return err
	}
	var fsys fs.FS = public.Files
	dir := "locales"
	if *locales != "" {
		fsys, dir = os.DirFS(*locales), "."
	}
	problems, notes, err := checkTranslations(fsys, dir, *surveyDir)
	if err != nil {
		return err
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
// definition checks report that English lacks, and the surveys' text in every language,
// and, as notes, what is not yet reviewed by a native speaker.
func checkTranslations(fsys fs.FS, dir, surveyDir string) (problems, notes []string, err error) {
	catalog, err := i18n.Load(fsys, dir)
	if err != nil {
		return nil, nil, err
	}
	used := slices.Concat(survey.DefinitionMessages, yamlfile.Messages)
	for _, p := range slices.Concat(catalog.Check(), catalog.CheckUsed(used)) {
		problems = append(problems, p.String())
	}
	if unreviewed := catalog.Unreviewed(); len(unreviewed) > 0 {
		notes = append(notes, "UI strings not yet reviewed by a native speaker: "+strings.Join(unreviewed, ", "))
	}
	surveys, err := loadSurveys(surveyDir)
	if err != nil {
		return nil, nil, err
	}
	ui := catalog.Languages()
	for _, s := range surveys.All() {
		var unreviewed []string
		for _, l := range s.Languages {
			if !slices.Contains(ui, l.Code) {
				problems = append(problems, fmt.Sprintf("%s: survey %s is offered in %s but there is no active.%s.toml", l.Code, s.Slug, l.Code, l.Code))
			}
			for _, label := range s.Untranslated(l.Code) {
				problems = append(problems, fmt.Sprintf("%s: survey %s: %s has no translation", l.Code, s.Slug, label))
			}
			if !l.Reviewed {
				unreviewed = append(unreviewed, l.Code)
			}
		}
		if len(unreviewed) > 0 {
			notes = append(notes, fmt.Sprintf("survey %s text not yet reviewed by a native speaker: %s", s.Slug, strings.Join(unreviewed, ", ")))
		}
		if drafts := slices.DeleteFunc(s.LanguageCodes(), func(code string) bool { return slices.Contains(s.ActionsReviewed, code) }); len(s.Actions) > 0 && len(drafts) > 0 {
			notes = append(notes, fmt.Sprintf("survey %s actions not yet reviewed by a native speaker: %s", s.Slug, strings.Join(drafts, ", ")))
		}
	}
	return problems, notes, nil
}
