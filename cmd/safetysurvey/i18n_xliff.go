package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/safeguarding/safetysurvey/i18n"
	"github.com/safeguarding/safetysurvey/i18n/xliff"
	"github.com/safeguarding/safetysurvey/public"
	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/yamlfile"
)

// translationSources are the folders the export reads and the import writes: the UI strings
// (active.<lang>.toml) and the surveys with their translation and actions files.
type translationSources struct {
	locales, surveys       fs.FS
	localesDir, surveysDir string
}

// sourcesFlags adds --locales and --surveys to fset; without them the built-in files are read.
func sourcesFlags(fset *flag.FlagSet) (locales, surveys *string) {
	return fset.String("locales", "", "folder of active.<lang>.toml files (default: the built-in ones)"),
		fset.String("surveys", "", "folder of survey files with their translations and actions (default: the built-in ones)")
}

func openSources(locales, surveys string) translationSources {
	src := translationSources{locales: public.Files, localesDir: "locales", surveys: public.Files, surveysDir: "surveys"}
	if locales != "" {
		src.locales, src.localesDir = os.DirFS(locales), "."
	}
	if surveys != "" {
		src.surveys, src.surveysDir = os.DirFS(surveys), "."
	}
	return src
}

func i18nExport(args []string, stdout io.Writer) error {
	fset := flag.NewFlagSet("safetysurvey i18n export", flag.ContinueOnError)
	lang := fset.String("lang", "", "language to export, such as pl or pt-PT")
	format := fset.String("format", "xliff", "file format: xliff (XLIFF 2.0)")
	out := fset.String("out", "", "file to write (default: standard output)")
	locales, surveys := sourcesFlags(fset)
	if err := fset.Parse(args); err != nil {
		return err
	}
	if *lang == "" || *format != "xliff" {
		return usageError{"i18n export needs --lang and --format xliff\n\n" + usage}
	}
	doc, _, err := translationDocument(openSources(*locales, *surveys), *lang)
	if err != nil {
		return err
	}
	if *out == "" {
		_, err = stdout.Write(doc.Marshal())
		return err
	}
	return os.WriteFile(*out, doc.Marshal(), 0o644)
}

// exported is what an export was made from, so an import can write changes back into it.
type exported struct {
	messages map[string]i18n.Message // by message id
	files    map[string]string       // file id -> the file an import writes
}

// translationDocument gathers every string of lang: the UI strings, then each survey's text and
// theme labels, then its actions, as XLIFF files "ui", "survey:<name>" and "actions:<name>".
func translationDocument(src translationSources, lang string) (*xliff.Document, *exported, error) {
	catalog, err := i18n.Load(src.locales, src.localesDir)
	if err != nil {
		return nil, nil, err
	}
	if lang == i18n.Source || !slices.Contains(catalog.Languages(), lang) {
		return nil, nil, fmt.Errorf("no UI strings in %s to translate: add active.%s.toml first", lang, lang)
	}
	surveys, err := yamlfile.LoadDir(src.surveys, src.surveysDir)
	if err != nil {
		return nil, nil, err
	}
	ex := &exported{messages: map[string]i18n.Message{}, files: map[string]string{}}
	doc := &xliff.Document{SrcLang: i18n.Source, TrgLang: lang}
	ui := xliff.File{ID: "ui", Original: "active." + lang + ".toml"}
	ex.files[ui.ID] = path.Join(src.localesDir, ui.Original)
	for _, m := range catalog.Messages(lang) {
		ex.messages[m.ID] = m
		notes := []string{}
		if m.Context != "" {
			notes = append(notes, m.Context)
		}
		if !m.Plural() {
			target, ok := m.Target["other"]
			ui.Units = append(ui.Units, xliff.Unit{ID: m.ID, Notes: notes, Source: m.Source["other"], Target: target, HasTarget: ok})
			continue
		}
		for _, form := range m.Forms {
			source, ok := m.Source[form]
			if !ok {
				source = m.Source["other"]
			}
			target, ok := m.Target[form]
			formNote := fmt.Sprintf("plural form “%s”: the words for a count %s calls %s", form, lang, form)
			ui.Units = append(ui.Units, xliff.Unit{ID: m.ID + ":" + form, Notes: append(slices.Clone(notes), formNote), Source: source, Target: target, HasTarget: ok})
		}
	}
	doc.Files = append(doc.Files, ui)
	for _, s := range surveys {
		name := strings.TrimSuffix(strings.TrimSuffix(path.Base(s.Source), ".yaml"), ".yml")
		text := xliff.File{ID: "survey:" + name, Original: name + "." + lang + ".yaml"}
		actions := xliff.File{ID: "actions:" + name, Original: name + ".actions.yaml"}
		for _, l := range s.Labels() {
			unit := xliff.Unit{ID: l.ID, Notes: []string{l.Context}, Source: l.Text[survey.SourceLanguage], Target: l.Text[lang], HasTarget: l.Text[lang] != ""}
			if strings.HasPrefix(l.ID, "action.") {
				actions.Units = append(actions.Units, unit)
			} else {
				text.Units = append(text.Units, unit)
			}
		}
		for _, f := range []xliff.File{text, actions} {
			if len(f.Units) > 0 {
				doc.Files = append(doc.Files, f)
				ex.files[f.ID] = path.Join(src.surveysDir, f.Original)
			}
		}
	}
	return doc, ex, nil
}

func i18nImport(args []string, stdout io.Writer) error {
	fset := flag.NewFlagSet("safetysurvey i18n import", flag.ContinueOnError)
	locales, surveys := sourcesFlags(fset)
	if err := fset.Parse(args); err != nil {
		return err
	}
	if fset.NArg() != 1 || *locales == "" || *surveys == "" {
		return usageError{"i18n import needs --locales DIR, --surveys DIR and one XLIFF file: it writes the translation files in those folders\n\n" + usage}
	}
	file := fset.Arg(0)
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	changed, err := importTranslations(*locales, *surveys, data)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	fmt.Fprintf(stdout, "%s: %d strings changed\n", file, len(changed))
	for _, c := range changed {
		fmt.Fprintln(stdout, "changed:", c)
	}
	return nil
}

// importTranslations checks an XLIFF document against what an export would give now and, when
// every unit matches (ids, English, placeholders, plural forms), writes the changed translations
// into the folders and returns "file id: unit id" for each string it changed. On any problem it
// writes nothing and returns them all, each naming its file and unit.
func importTranslations(localesDir, surveysDir string, data []byte) ([]string, error) {
	doc, err := xliff.Parse(data)
	if err != nil {
		return nil, err
	}
	if doc.SrcLang != i18n.Source {
		return nil, fmt.Errorf("translated from %q: only English sources are imported", doc.SrcLang)
	}
	want, ex, err := translationDocument(openSources(localesDir, surveysDir), doc.TrgLang)
	if err != nil {
		return nil, err
	}
	var problems []error
	fail := func(file, unit, problem string) {
		problems = append(problems, &xliff.Error{File: file, Unit: unit, Problem: problem})
	}
	wantFiles := map[string]xliff.File{}
	for _, f := range want.Files {
		wantFiles[f.ID] = f
	}
	ui := map[string]map[string]string{} // message id -> forms, as the file gives them
	labels := map[string]map[string]string{}
	var changed []string
	for _, f := range doc.Files {
		wf, ok := wantFiles[f.ID]
		if !ok {
			fail(f.ID, "", "no such file: export again")
			continue
		}
		delete(wantFiles, f.ID)
		wantUnits := map[string]xliff.Unit{}
		for _, u := range wf.Units {
			wantUnits[u.ID] = u
		}
		for _, u := range f.Units {
			wu, ok := wantUnits[u.ID]
			if !ok {
				fail(f.ID, u.ID, ex.unknown(f.ID, u.ID, doc.TrgLang, "is not one %s uses", "no such string: export again"))
				continue
			}
			delete(wantUnits, u.ID)
			if u.Source != wu.Source {
				fail(f.ID, u.ID, fmt.Sprintf("the English is now “%s”: export again", wu.Source))
				continue
			}
			if !u.HasTarget || u.Target == "" {
				continue
			}
			if f.ID == "ui" {
				id, form, _ := strings.Cut(u.ID, ":")
				if form == "" {
					form = "other"
				}
				if ui[id] == nil {
					ui[id] = map[string]string{}
				}
				ui[id][form] = u.Target
				continue
			}
			for _, p := range (i18n.Message{ID: u.ID, Source: map[string]string{"other": u.Source}}).CheckForms(map[string]string{"other": u.Target}) {
				fail(f.ID, u.ID, p)
			}
			if u.Target != wu.Target {
				if labels[f.ID] == nil {
					labels[f.ID] = map[string]string{}
				}
				labels[f.ID][u.ID] = u.Target
				changed = append(changed, f.ID+": "+u.ID)
			}
		}
		for _, id := range slices.Sorted(maps.Keys(wantUnits)) {
			fail(f.ID, id, ex.unknown(f.ID, id, doc.TrgLang, "is missing: %s needs it", "missing: export again"))
		}
	}
	uiChanges := map[string]map[string]string{}
	for _, id := range slices.Sorted(maps.Keys(ui)) {
		m := ex.messages[id]
		forms := ui[id]
		for _, p := range m.CheckForms(forms) {
			fail("ui", id, p)
		}
		if !maps.Equal(forms, m.Target) {
			uiChanges[id] = forms
			changed = append(changed, "ui: "+id)
		}
	}
	if len(problems) > 0 {
		return nil, errors.Join(problems...)
	}
	return changed, writeTranslations(ex, localesDir, surveysDir, doc.TrgLang, uiChanges, labels)
}

// writeTranslations writes the checked changes, file by file.
func writeTranslations(ex *exported, localesDir, surveysDir, lang string, ui map[string]map[string]string, labels map[string]map[string]string) error {
	write := func(name string, change func([]byte) ([]byte, error)) error {
		old, err := os.ReadFile(name)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		data, err := change(old)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if bytes.Equal(old, data) {
			return nil
		}
		return os.WriteFile(name, data, 0o644)
	}
	if len(ui) > 0 {
		if err := write(filepath.Join(localesDir, "active."+lang+".toml"), func(old []byte) ([]byte, error) { return i18n.SetMessages(old, ui), nil }); err != nil {
			return err
		}
	}
	for _, fileID := range slices.Sorted(maps.Keys(labels)) {
		name := filepath.Join(surveysDir, path.Base(ex.files[fileID]))
		set := func(old []byte) ([]byte, error) { return yamlfile.SetTranslation(old, lang, labels[fileID]) }
		if strings.HasPrefix(fileID, "actions:") {
			set = func(old []byte) ([]byte, error) { return yamlfile.SetActions(old, lang, labels[fileID]) }
		}
		if err := write(name, set); err != nil {
			return err
		}
	}
	return nil
}

// unknown explains a unit an import has but should not, or lacks: for the plural form of a UI
// string, which forms the language uses (format gets the language), else plain.
func (ex *exported) unknown(fileID, unitID, lang, format, plain string) string {
	id, form, ok := strings.Cut(unitID, ":")
	if m, known := ex.messages[id]; fileID == "ui" && ok && known && m.Plural() {
		return fmt.Sprintf("plural form “%s” %s (%s)", form, fmt.Sprintf(format, lang), strings.Join(m.Forms, ", "))
	}
	return plain
}
