package main

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/safeguarding/safetysurvey/i18n"
	"github.com/safeguarding/safetysurvey/public"
)

// translationFolders copies the built-in UI strings and surveys where an import may write them.
func translationFolders(t *testing.T) (locales, surveys string) {
	t.Helper()
	dir := t.TempDir()
	for _, sub := range []string{"locales", "surveys"} {
		fsys, err := fs.Sub(public.Files, sub)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.CopyFS(filepath.Join(dir, sub), fsys); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "locales"), filepath.Join(dir, "surveys")
}

func exportXLIFF(t *testing.T, locales, surveys, lang string) []byte {
	t.Helper()
	var out bytes.Buffer
	if err := i18nCommand(context.Background(), []string{"export", "--lang", lang, "--format", "xliff", "--locales", locales, "--surveys", surveys}, noEnv, &out); err != nil {
		t.Fatalf("export: %v", err)
	}
	return out.Bytes()
}

func importXLIFF(t *testing.T, locales, surveys string, data []byte) (string, error) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "in.xlf")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err := i18nCommand(context.Background(), []string{"import", "--locales", locales, "--surveys", surveys, file}, noEnv, &out)
	return out.String(), err
}

// withTarget gives the unit id of the file fileID the target text, adding a target if it has none.
func withTarget(t *testing.T, data []byte, fileID, unitID, target string) []byte {
	t.Helper()
	s := string(data)
	f := strings.Index(s, `<file id="`+fileID+`"`)
	u := strings.Index(s[f:], `<unit id="`+unitID+`">`)
	if f < 0 || u < 0 {
		t.Fatalf("no unit %s in file %s", unitID, fileID)
	}
	u += f
	end := u + strings.Index(s[u:], "</segment>")
	seg := s[u:end]
	if i := strings.Index(seg, "<target>"); i >= 0 {
		seg = seg[:i] + "<target>" + target + "</target>\n      "
	} else {
		seg = strings.TrimRight(seg, " ") + "  <target>" + target + "</target>\n      "
	}
	return []byte(s[:u] + seg + s[end:])
}

func TestXLIFFRoundTrip(t *testing.T) {
	locales, surveys := translationFolders(t)
	first := exportXLIFF(t, locales, surveys, "pl")
	for _, want := range []string{`<file id="ui" original="active.pl.toml">`, `<file id="survey:community-safety"`, `<file id="actions:community-safety"`,
		`<unit id="theme.lighting.label">`, `<unit id="survey.characters_left:few">`, `answer option 3 of a 5-point scale (lowest first) to “How safe do you feel in the area where you live?”`} {
		if !bytes.Contains(first, []byte(want)) {
			t.Errorf("export lacks %s", want)
		}
	}
	t.Run("Unchanged", func(t *testing.T) {
		before, _ := os.ReadFile(filepath.Join(surveys, "community-safety.pl.yaml"))
		if out, err := importXLIFF(t, locales, surveys, first); err != nil || !strings.Contains(out, "0 strings changed") {
			t.Fatalf("import = %q, %v", out, err)
		}
		after, _ := os.ReadFile(filepath.Join(surveys, "community-safety.pl.yaml"))
		if !bytes.Equal(before, after) {
			t.Error("importing an unchanged export rewrote the survey's Polish file")
		}
		if again := exportXLIFF(t, locales, surveys, "pl"); !bytes.Equal(first, again) {
			t.Error("export → import → export changed the bytes")
		}
	})
	t.Run("Changed", func(t *testing.T) {
		data := withTarget(t, first, "survey:community-safety", "question.safe_area.option.okay", "Jest OK")
		data = withTarget(t, data, "actions:community-safety", "action.1.text", "Podzielimy się wynikami.")
		data = withTarget(t, data, "ui", "survey.characters_left:few", `Pozostały <ph id="ph1"/> znaki`)
		data = withTarget(t, data, "ui", "survey.choose_up_to", `Wybierz do <ph id="ph1" equiv="{{.Max}}" disp="{{.Max}}"/>.`)
		out, err := importXLIFF(t, locales, surveys, data)
		if err != nil || !strings.Contains(out, "4 strings changed") {
			t.Fatalf("import = %q, %v", out, err)
		}
		catalog, err := i18n.Load(os.DirFS(locales), ".")
		if err != nil {
			t.Fatal(err)
		}
		if got, want := catalog.Localizer("pl").T("survey.characters_left", "Count", 3), "Pozostały 3 znaki"; got != want {
			t.Errorf("imported plural form = %q, want %q", got, want)
		}
		exported := exportXLIFF(t, locales, surveys, "pl")
		for _, want := range []string{"<target>Jest OK</target>", "<target>Podzielimy się wynikami.</target>"} {
			if !bytes.Contains(exported, []byte(want)) {
				t.Errorf("export after import lacks %s", want)
			}
		}
		if _, err := importXLIFF(t, locales, surveys, exported); err != nil {
			t.Fatal(err)
		}
		if again := exportXLIFF(t, locales, surveys, "pl"); !bytes.Equal(exported, again) {
			t.Error("export → import → export changed the bytes after a change")
		}
	})
}

func TestXLIFFImportRefuses(t *testing.T) {
	locales, surveys := translationFolders(t)
	good := exportXLIFF(t, locales, surveys, "pl")
	removeUnit := func(data []byte, unitID string) []byte {
		s := string(data)
		i := strings.Index(s, `    <unit id="`+unitID+`">`)
		j := i + strings.Index(s[i:], "</unit>\n") + len("</unit>\n")
		return []byte(s[:i] + s[j:])
	}
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"ErrPlaceholderLost", withTarget(t, good, "ui", "survey.choose_up_to", "Wybierz kilka."),
			`file "ui", unit "survey.choose_up_to": placeholders none in the other form, English has {{.Max}}`},
		{"ErrPlaceholderAdded", withTarget(t, good, "survey:community-safety", "title", `Tytuł <ph id="ph1" equiv="{{.Count}}" disp="{{.Count}}"/>`),
			`file "survey:community-safety", unit "title": placeholders {{.Count}} in the other form, English has none`},
		{"ErrPluralFormMissing", removeUnit(good, "survey.characters_left:many"),
			`file "ui", unit "survey.characters_left:many": plural form “many” is missing: pl needs it (one, few, many, other)`},
		{"ErrPluralFormExtra", []byte(strings.Replace(string(good), `<unit id="survey.characters_left:many">`, `<unit id="survey.characters_left:two">`, 1)),
			`file "ui", unit "survey.characters_left:two": plural form “two” is not one pl uses (one, few, many, other)`},
		{"ErrUnknownUnit", []byte(strings.Replace(string(good), `<unit id="site.name">`, `<unit id="site.nickname">`, 1)),
			`file "ui", unit "site.nickname": no such string: export again`},
		{"ErrEnglishChanged", []byte(strings.Replace(string(good), "<source>Okay</source>", "<source>Fine</source>", 1)),
			`file "survey:community-safety", unit "question.safe_area.option.okay": the English is now “Okay”: export again`},
		{"ErrUnknownFile", []byte(strings.Replace(string(good), `<file id="actions:community-safety"`, `<file id="actions:other"`, 1)),
			`file "actions:other": no such file: export again`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, _ := os.ReadFile(filepath.Join(locales, "active.pl.toml"))
			data := withTarget(t, tt.data, "ui", "site.skip", "Zmieniony tekst")
			_, err := importXLIFF(t, locales, surveys, data)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "in.xlf: ") {
				t.Fatalf("err = %v, want the file and %q", err, tt.want)
			}
			if after, _ := os.ReadFile(filepath.Join(locales, "active.pl.toml")); !bytes.Equal(before, after) {
				t.Error("a refused import wrote the UI strings")
			}
		})
	}
}
