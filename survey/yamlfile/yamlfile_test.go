package yamlfile

import (
	"errors"
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
	if len(s.Actions) != 2 {
		t.Fatalf("%d actions, want 2", len(s.Actions))
	}
	if a := s.Actions[0]; a.Status != survey.ActionDone || a.YouSaid.In("pl") != "W parku jest ciemno w nocy." || a.Text.In("pl") != "New lights in the park." {
		t.Errorf("first action = %+v", a)
	}
}

func TestParseActionsErrors(t *testing.T) {
	s := &survey.Survey{Slug: "mini"}
	err := ParseActions("mini.actions.yaml", []byte("actions:\n  - status: someday\n    text: {pl: Cześć}\n  - text: Fine\n    colour: red\n"), s)
	for _, want := range []string{
		`mini.actions.yaml:2: action 1: status: definition.action_status Status="someday"`,
		`mini.actions.yaml:2: action 1: text: definition.needs_english`,
		`mini.actions.yaml:5: action 2: colour: definition.unknown_field`,
		`mini.actions.yaml:4: action 2: status: definition.action_status Status=""`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v\nlacks %q", err, want)
		}
	}
	if s.Actions != nil {
		t.Error("actions set despite errors")
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
`, []string{"bad.yaml:11: question `safe_home`: option `yes`: definition.defined_twice"}},
		{"ErrUnknownField", `slug: x1
languages: [en]
title: T
questions:
  - id: q1
    type: single
    text: Q
    opitons: []
`, []string{"bad.yaml:8: question `q1`: opitons: definition.unknown_field"}},
		{"ErrCombineShape", `slug: x1
languages: [en]
title: T
questions:
  - id: safe_home
    type: single
    text: Safe?
    options:
      - {id: "yes", text: "Yes"}
      - {id: "no", text: "No"}
    combine:
      - id: worried
        label: Worried
        options: "no"
        colour: red
`, []string{"bad.yaml:14: question `safe_home`: combine `worried`: options: definition.option_list", "bad.yaml:15: question `safe_home`: combine `worried`: colour: definition.unknown_field"}},
		{"ErrCombineOverlap", `slug: x1
languages: [en]
title: T
questions:
  - id: feel
    type: scale
    text: Safe?
    options:
      - {id: low, text: Low}
      - {id: mid, text: Mid}
      - {id: high, text: High}
    combine:
      - {id: lower, label: Lower, options: [low, mid]}
      - {id: upper, label: {en: Upper, pl: Górne}, options: [mid, high]}
`, []string{"bad.yaml:14: question `feel`: combine `upper`: options: definition.combine_overlap Option=\"mid\" Other=\"lower\""}},
		{"ErrSyntax", "slug: [unclosed\n", []string{`bad.yaml: definition.yaml_syntax Detail="line 1: `}},
		{"ErrEmpty", "", []string{"bad.yaml: definition.empty_file"}},
		{"ErrWrongShape", `slug: x1
languages: en
title: T
questions: {}
`, []string{"bad.yaml:2: languages: definition.not_a_list", "bad.yaml:4: questions: definition.not_a_list"}},
		{"ErrBadNumber", `slug: x1
version: two
languages: [en]
title: T
questions:
  - {id: q1, type: text, text: Q}
`, []string{"bad.yaml:2: version: definition.whole_number"}},
		{"ErrThemeKeywordsShape", `slug: x1
languages: [en]
title: T
questions:
  - {id: q1, type: text, text: Q}
themes:
  - id: lighting
    label: Lighting
    keywords: street lights
`, []string{"bad.yaml:9: theme `lighting`: keywords: definition.not_a_mapping"}},
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
`, []string{"bad.yaml:11: theme `lighting`: keywords: pl: definition.keyword_list"}},
		{"ErrThemeUnknownField", `slug: x1
languages: [en]
title: T
questions:
  - {id: q1, type: text, text: Q}
themes:
  - id: lighting
    label: Lighting
    keywrods: [dark]
`, []string{"bad.yaml:9: theme `lighting`: keywrods: definition.unknown_field"}},
		{"ErrThemeDuplicate", `slug: x1
languages: [en]
title: T
questions:
  - {id: q1, type: text, text: Q}
themes:
  - {id: lighting, label: Lighting, keywords: [dark]}
  - {id: lighting, label: Lights, keywords: [lamp*]}
`, []string{"bad.yaml:8: theme `lighting`: definition.defined_twice_at First=7"}},
		{"ErrFieldTwice", `slug: x1
slug: x2
languages: [en]
title: T
questions:
  - {id: q1, type: text, text: Q}
`, []string{"bad.yaml:2: slug: definition.given_twice"}},
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
			var errs survey.DefinitionErrors
			if !errors.As(err, &errs) {
				t.Fatalf("error is %T, want survey.DefinitionErrors", err)
			}
			for _, e := range errs {
				if !slices.Contains(Messages, e.Message) && !slices.Contains(survey.DefinitionMessages, e.Message) {
					t.Errorf("message %q is in neither Messages nor survey.DefinitionMessages, so the i18n check cannot see it", e.Message)
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
		{"ErrUnknownQuestion", "mini.pl.yaml", "language: pl\nquestions:\n  ghost:\n    text: Boo\n", "mini.pl.yaml:4: question `ghost`: definition.not_in_survey"},
		{"ErrUnknownOption", "mini.pl.yaml", "language: pl\nquestions:\n  safe_home:\n    options:\n      maybe: Może\n", `question ` + "`safe_home`: option `maybe`" + `: definition.not_an_option Option="maybe"`},
		{"ErrNoHintToTranslate", "mini.pl.yaml", "language: pl\nquestions:\n  why:\n    hint: Podpowiedź\n", "question `why`: hint: definition.nothing_to_translate"},
		{"ErrLanguageMismatch", "mini.pl.yaml", "language: fr\n", `language: definition.language_mismatch Code="fr" FileCode="pl"`},
		{"ErrNoLanguage", "mini.pl.yaml", "title: Hej\n", "language: definition.language_missing"},
		{"ErrUnknownTheme", "mini.pl.yaml", "language: pl\nthemes:\n  ghosts:\n    label: Duchy\n", "mini.pl.yaml:4: theme `ghosts`: definition.not_in_survey"},
		{"ErrThemeKeywordWithoutLetters", "mini.pl.yaml", "language: pl\nthemes:\n  lighting:\n    keywords: [ciemno, \"*\"]\n", `mini.pl.yaml:4: theme ` + "`lighting`" + `: keywords: definition.no_letters Phrase="*"`},
		{"ErrUnknownCombined", "mini.pl.yaml", "language: pl\nquestions:\n  safe_home:\n    combine:\n      ghosts: Duchy\n", "mini.pl.yaml:5: question `safe_home`: combine `ghosts`: definition.not_in_survey"},
		{"ErrUnknownHeadline", "mini.pl.yaml", "language: pl\nheadlines:\n  ghost: Duch\n", "mini.pl.yaml:3: headline `ghost`: definition.not_in_survey"},
		{"ErrThemeUnknownField", "mini.pl.yaml", "language: pl\nthemes:\n  lighting:\n    text: Światło\n", "mini.pl.yaml:4: theme `lighting`: text: definition.unknown_field"},
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
	if err == nil || !strings.Contains(err.Error(), `s/ghost.pl.yaml: definition.no_survey_to_translate Name="ghost.yaml"`) {
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
