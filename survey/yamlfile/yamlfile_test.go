package yamlfile

import (
	"maps"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/safeguarding/safetysurvey/public"
	"github.com/safeguarding/safetysurvey/survey"
)

func TestLoadDir(t *testing.T) {
	surveys, err := LoadDir(os.DirFS("testdata"), "ok")
	if err != nil {
		t.Fatalf("LoadDir: %v", err)
	}
	if len(surveys) != 1 {
		t.Fatalf("got %d surveys, want 1", len(surveys))
	}
	s := surveys[0]
	if s.Slug != "mini" || s.Version != 2 || s.Status != survey.StatusOpen || s.DefaultLanguage != "en" {
		t.Errorf("survey = %s v%d %s %s", s.Slug, s.Version, s.Status, s.DefaultLanguage)
	}
	if got, want := s.LanguageCodes(), []string{"en", "pl"}; !slices.Equal(got, want) {
		t.Errorf("languages = %v, want %v", got, want)
	}
	if s.Languages[1].Reviewed {
		t.Error("pl is marked reviewed: false in its file")
	}
	q, _ := s.Question("safe_home")
	if got := q.Options[1].Text.In("pl"); got != "Nie" {
		t.Errorf("pl option = %q, want Nie", got)
	}
	if q.Line != 6 || q.Options[1].Line != 14 {
		t.Errorf("lines = %d, %d; want 6, 14", q.Line, q.Options[1].Line)
	}
	why, _ := s.Question("why")
	if why.ShowIf == nil || why.ShowIf.Question != "safe_home" || why.MaxLength != 200 || why.Text.In("pl") != "Dlaczego nie?" {
		t.Errorf("why = %+v", why)
	}
	if !q.PreferNotToSay || !q.IsConcern("no") {
		t.Errorf("safe_home = %+v", q)
	}
	if len(s.Themes) != 2 || s.Themes[0].ID != "lighting" || s.Themes[0].Line != 23 || s.Themes[1].Label.In("pl") != "Policja" {
		t.Fatalf("themes = %+v", s.Themes)
	}
	lighting, police := s.Themes[0], s.Themes[1]
	if got, want := lighting.Keywords, map[string][]string{"en": {"street light*", "dark*"}, "pl": {"ciemno", "latarni*"}}; !maps.EqualFunc(got, want, slices.Equal) {
		t.Errorf("lighting keywords = %v, want %v", got, want)
	}
	if got, want := police.Keywords["pl"], []string{"policj*", "radiowóz"}; !slices.Equal(got, want) {
		t.Errorf("police keywords in pl = %v, want the survey file's then the translation's: %v", got, want)
	}
	if lighting.Label.In("pl") != "Oświetlenie ulic" {
		t.Errorf("lighting label in pl = %q", lighting.Label.In("pl"))
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want []string
	}{
		{"ErrDuplicateOption", `slug: x1
languages: [en]
title: T
questions:
  - id: safe_home
    type: single
    text: Safe?
    options:
      - id: "yes"
        text: "Yes"
      - id: "yes"
        text: "Yes again"
`, []string{"bad.yaml:11: question `safe_home`: option `yes`: defined twice"}},
		{"ErrUnknownField", `slug: x1
languages: [en]
title: T
questions:
  - id: q1
    type: single
    text: Q
    opitons: []
`, []string{"bad.yaml:8: question `q1`: opitons: is not a known field (check the spelling)"}},
		{"ErrSyntax", "slug: [unclosed\n", []string{"bad.yaml: line"}},
		{"ErrEmpty", "", []string{"bad.yaml: the file is empty"}},
		{"ErrWrongShape", `slug: x1
languages: en
title: T
questions: {}
`, []string{"bad.yaml:2: languages: must be a list", "bad.yaml:4: questions: must be a list"}},
		{"ErrBadNumber", `slug: x1
version: two
languages: [en]
title: T
questions:
  - {id: q1, type: text, text: Q}
`, []string{"bad.yaml:2: version: must be a whole number"}},
		{"ErrThemeKeywordsShape", `slug: x1
languages: [en]
title: T
questions:
  - {id: q1, type: text, text: Q}
themes:
  - id: lighting
    label: Lighting
    keywords: street lights
`, []string{"bad.yaml:9: theme `lighting`: keywords: must be a set of `key: value` lines"}},
		{"ErrThemeKeywordsInLanguage", `slug: x1
languages: [en]
title: T
questions:
  - {id: q1, type: text, text: Q}
themes:
  - id: lighting
    label: Lighting
    keywords:
      en: [dark]
      pl: {a: b}
`, []string{"bad.yaml:11: theme `lighting`: keywords: pl: must be a list of words or phrases"}},
		{"ErrThemeUnknownField", `slug: x1
languages: [en]
title: T
questions:
  - {id: q1, type: text, text: Q}
themes:
  - id: lighting
    label: Lighting
    keywrods: [dark]
`, []string{"bad.yaml:9: theme `lighting`: keywrods: is not a known field"}},
		{"ErrThemeDuplicate", `slug: x1
languages: [en]
title: T
questions:
  - {id: q1, type: text, text: Q}
themes:
  - {id: lighting, label: Lighting, keywords: [dark]}
  - {id: lighting, label: Lights, keywords: [lamp*]}
`, []string{"bad.yaml:8: theme `lighting`: defined twice (first on line 7)"}},
		{"ErrFieldTwice", `slug: x1
slug: x2
languages: [en]
title: T
questions:
  - {id: q1, type: text, text: Q}
`, []string{"bad.yaml:2: slug: given twice"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("bad.yaml", []byte(tt.yaml))
			if err == nil {
				t.Fatal("Parse passed, want errors")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error:\n%s\nwant it to contain %q", err, w)
				}
			}
		})
	}
}

func TestParseTranslationErrors(t *testing.T) {
	base := func() *survey.Survey {
		data, _ := os.ReadFile("testdata/ok/mini.yaml")
		s, err := Parse("mini.yaml", data)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	tests := []struct {
		name, file, yaml, want string
	}{
		{"ErrUnknownQuestion", "mini.pl.yaml", "language: pl\nquestions:\n  ghost:\n    text: Boo\n", "mini.pl.yaml:4: question `ghost`: is not in the survey"},
		{"ErrUnknownOption", "mini.pl.yaml", "language: pl\nquestions:\n  safe_home:\n    options:\n      maybe: Może\n", "question `safe_home`: option `maybe`: is not an option"},
		{"ErrNoHintToTranslate", "mini.pl.yaml", "language: pl\nquestions:\n  why:\n    hint: Podpowiedź\n", "question `why`: hint: has no English text to translate"},
		{"ErrLanguageMismatch", "mini.pl.yaml", "language: fr\n", `"fr" does not match the file name`},
		{"ErrNoLanguage", "mini.pl.yaml", "title: Hej\n", "language: must name the language"},
		{"ErrUnknownTheme", "mini.pl.yaml", "language: pl\nthemes:\n  ghosts:\n    label: Duchy\n", "mini.pl.yaml:4: theme `ghosts`: is not in the survey"},
		{"ErrThemeKeywordWithoutLetters", "mini.pl.yaml", "language: pl\nthemes:\n  lighting:\n    keywords: [ciemno, \"*\"]\n", `mini.pl.yaml:4: theme ` + "`lighting`" + `: keywords: "*" has no letters to match`},
		{"ErrThemeUnknownField", "mini.pl.yaml", "language: pl\nthemes:\n  lighting:\n    text: Światło\n", "mini.pl.yaml:4: theme `lighting`: text: is not a known field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := base()
			err := ParseTranslation(tt.file, []byte(tt.yaml), s)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want it to contain %q", err, tt.want)
			}
			if len(s.Languages) != 1 {
				t.Errorf("a failed translation added a language: %v", s.LanguageCodes())
			}
			if s.Title.Has("pl") {
				t.Error("a failed translation changed the survey's text")
			}
		})
	}
}

func TestLoadDirReportsOrphanTranslation(t *testing.T) {
	fsys := fstest.MapFS{"s/ghost.pl.yaml": {Data: []byte("language: pl\n")}}
	_, err := LoadDir(fsys, "s")
	if err == nil || !strings.Contains(err.Error(), "no survey file ghost.yaml") {
		t.Fatalf("err = %v, want orphan translation reported", err)
	}
}

// TestBuiltinSurveys checks the shipped demo survey loads, in every language it offers, with
// every label translated.
func TestBuiltinSurveys(t *testing.T) {
	surveys, err := LoadDir(public.Files, "surveys")
	if err != nil {
		t.Fatalf("built-in surveys: %v", err)
	}
	catalog, err := survey.NewCatalog(surveys...)
	if err != nil {
		t.Fatal(err)
	}
	s, err := catalog.Get("community-safety")
	if err != nil {
		t.Fatal(err)
	}
	if !s.Published || s.Status != survey.StatusOpen {
		t.Errorf("demo survey should be open with published findings")
	}
	for _, id := range []string{"area", "age", "carer", "disabled", "safe_home", "travel", "unsafe_where", "feel_safer", "talk_to", "needs_done", "anything_else"} {
		if _, ok := s.Question(id); !ok {
			t.Errorf("demo survey lacks question %s", id)
		}
	}
	for _, lang := range s.LanguageCodes() {
		if missing := s.Untranslated(lang); len(missing) > 0 {
			t.Errorf("%s: untranslated %v", lang, missing)
		}
	}
}
