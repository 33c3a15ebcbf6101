package yamlfile

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/safeguarding/safetysurvey/public"
	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/design"
)

// withoutPositions clears the fields that only say where a definition came from.
func withoutPositions(s *survey.Survey) *survey.Survey {
	s.Source = ""
	for i := range s.Questions {
		q := &s.Questions[i]
		q.Line = 0
		for j := range q.Options {
			q.Options[j].Line = 0
		}
		for j := range q.Combine {
			q.Combine[j].Line = 0
		}
	}
	for i := range s.Themes {
		s.Themes[i].Line = 0
	}
	for i := range s.Headlines {
		s.Headlines[i].Line = 0
	}
	return s
}

// roundTrip marshals s, parses the file back and marshals that again, failing on any error.
func roundTrip(t *testing.T, s *survey.Survey) (data []byte, back *survey.Survey, again []byte) {
	t.Helper()
	data, err := Marshal(s)
	if err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	back, err = Parse("exported.yaml", data)
	if err != nil {
		t.Fatalf("Parse of Marshal's output: %v\n%s", err, data)
	}
	again, err = Marshal(back)
	if err != nil {
		t.Fatalf("Marshal of the parsed survey: %v", err)
	}
	return data, back, again
}

// TestMarshalDemoSurvey writes the demo survey with all its translations and actions as one
// file and reads it back unchanged.
func TestMarshalDemoSurvey(t *testing.T) {
	surveys, err := LoadDir(public.Files, "surveys")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range surveys {
		t.Run(s.Slug, func(t *testing.T) {
			if len(s.Languages) < 10 || len(s.Actions) == 0 {
				t.Fatalf("demo survey loaded with %d languages and %d actions, want its translation and actions files", len(s.Languages), len(s.Actions))
			}
			data, back, again := roundTrip(t, s)
			if want := withoutPositions(s); !reflect.DeepEqual(withoutPositions(back), want) {
				t.Errorf("the survey read back differs:\n got %+v\nwant %+v", back, want)
			}
			if !bytes.Equal(again, data) {
				t.Errorf("a second export differs from the first:\n%s\n---\n%s", data, again)
			}
			if changes := design.Compare(s, back); changes != nil {
				t.Errorf("Compare finds changes: %+v", changes)
			}
			for _, line := range []string{
				"slug: community-safety\n",
				"\nquestions:\n  - id: area\n    type: single\n    text:\n      en: Which part of Wandsworth do you live in?\n      ar: ",
				"\n      - id: \"yes\"\n        text:\n          en: \"Yes\"\n",
				"\n    concern: [\"no\", sometimes]\n",
				"\n    show_if:\n      question: felt_unsafe\n      any_of: [\"yes\", not_sure]\n",
				"\n    keywords:\n      en: [street light*, streetlight*, lighting, lights, lit, dark*, lamp*]\n",
				"\nactions:\n  - status: planned\n",
				"\n    combine:\n      - id: unsafe\n        label:\n          en: Unsafe or very unsafe\n",
				"\n        options: [very_unsafe, unsafe]\n",
				"\nheadlines:\n  - id: safe_at_home\n    question: safe_home\n    answer: \"yes\"\n    text:\n      en:\n        one: '{{.Count}} in {{.Per}} of you feels safe at home'\n",
				"\n    at_least: 10\n",
			} {
				if !bytes.Contains(data, []byte(line)) {
					t.Errorf("the export lacks %q", line)
				}
			}
		})
	}
}

// tricky is a small survey whose values YAML could misread if they were written carelessly.
func tricky() *survey.Survey {
	return &survey.Survey{
		Slug: "tricky", Version: 3, Status: survey.StatusDraft, Closes: "2027-03-31", Published: false,
		Wave: "2025", Previous: "tricky-2024", Suppression: survey.SuppressionRules{MinCount: 10, MinBase: 20},
		DefaultLanguage: "en",
		Languages:       []survey.Language{{Code: "en", Reviewed: true}, {Code: "ar"}, {Code: "pl", Reviewed: true}},
		Title:           survey.Text{"en": "Title", "ar": "ما مدى شعورك بالأمان؟", "pl": "Tytuł"},
		Support:         []survey.SupportLine{{Name: survey.Text{"en": "Shout"}, Phone: "85258"}},
		Questions: []survey.Question{
			{ID: "yes_no", Type: survey.Single, Text: survey.Text{"en": "Q"}, Concern: []string{"no", "off"}, PreferNotToSay: true, Required: true,
				Options: []survey.Option{{ID: "yes", Text: survey.Text{"en": "Yes"}}, {ID: "no", Text: survey.Text{"en": "No", "pl": "Nie"}}, {ID: "on", Text: survey.Text{"en": "On"}}, {ID: "off", Text: survey.Text{"en": "off"}}, {ID: "y", Text: survey.Text{"en": "true"}}}},
			{ID: "picks", Type: survey.Multiple, Max: 2, Text: survey.Text{"en": "Pick"}, ShowIf: &survey.Condition{Question: "yes_no", AnyOf: []string{"yes", "y"}},
				Options: []survey.Option{{ID: "a", Text: survey.Text{"en": "null"}}, {ID: "b", Text: survey.Text{"en": "~"}}, {ID: "c", Text: survey.Text{"en": "3.0"}}}},
			{ID: "free", Type: survey.FreeText, MaxLength: 300, Text: survey.Text{"en": "Free"}},
		},
		Themes: []survey.Theme{{ID: "lights", Label: survey.Text{"en": "Lights"}, Keywords: map[string][]string{"en": {"dark*"}}}},
	}
}

// TestMarshalTrickyValues puts awkward text in each place a label or value can go and checks it
// comes back exactly.
func TestMarshalTrickyValues(t *testing.T) {
	values := map[string]string{
		"YesNo":          "yes",
		"Bool":           "true",
		"Number":         "0808 808 4994",
		"Octal":          "0123",
		"Date":           "2027-03-31",
		"Null":           "null",
		"MultiLine":      "First line.\nSecond line: with a colon.\n\n  Indented after a blank line.",
		"WindowsLines":   "One\r\nTwo",
		"RightToLeft":    "هل تشعر بالأمان في البيت؟ آپ خود کو کتنا محفوظ محسوس کرتے ہیں؟",
		"Emoji":          "How do you feel? 😀👍🏽",
		"Quotes":         `She said "it's fine" and 'left'`,
		"Colon":          "Note: this matters",
		"ColonAtEnd":     "Why:",
		"Hash":           "# not a comment",
		"HashInside":     "Rated #1 by you #2",
		"LeadingDash":    "- not a list",
		"LeadingSymbols": "*&!%@`|>{[",
		"Braces":         "{a: b}, [c]",
		"Backslash":      `C:\path\n`,
		"Tab":            "a\tb",
		"Control":        "bell\x07",
		"Long":           strings.Repeat("a long line of words ", 20) + "end",
	}
	for name, v := range values {
		t.Run(name, func(t *testing.T) {
			s := tricky()
			s.Title["pl"] = v
			s.Intro = survey.Text{"en": v}
			s.Questions[0].Hint = survey.Text{"en": v, "ar": v}
			s.Questions[1].Options[0].Text["en"] = v
			s.Support[0].Phone = "  " + v + " " // not trimmed by the parser, unlike labels
			s.Support[0].URL = v
			s.Themes[0].Keywords["en"] = append(s.Themes[0].Keywords["en"], v+", and more", "x"+v)
			s.Themes[0].Keywords["pl"] = []string{"x" + v}
			s.Actions = []survey.Action{{Status: survey.ActionDone, YouSaid: survey.Text{"en": v}, Text: survey.Text{"en": "Done", "ar": v}}}
			data, back, again := roundTrip(t, s)
			if want := withoutPositions(tricky()); reflect.DeepEqual(withoutPositions(back), want) {
				t.Fatal("the test changed nothing")
			}
			if !reflect.DeepEqual(withoutPositions(back), s) {
				t.Errorf("read back:\n got %+v\nwant %+v\nfrom:\n%s", back, s, data)
			}
			if !bytes.Equal(again, data) {
				t.Errorf("a second export differs from the first:\n%s\n---\n%s", data, again)
			}
		})
	}
}

// TestMarshalQuotesYesAndNo keeps option ids that older YAML readers take for booleans quoted,
// as the docs ask authors to write them.
func TestMarshalQuotesYesAndNo(t *testing.T) {
	data, err := Marshal(tricky())
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`- id: "yes"`, `- id: "no"`, `- id: "on"`, `- id: "off"`, `- id: "y"`, `concern: ["no", "off"]`, `text: "true"`, `wave: "2025"`, `closes: "2027-03-31"`} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("export lacks %s:\n%s", want, data)
		}
	}
}

// TestMarshalLayout follows the field order of docs/survey-format.md, with blank lines between
// sections and questions and nothing for fields left out.
func TestMarshalLayout(t *testing.T) {
	data, err := Marshal(tricky())
	if err != nil {
		t.Fatal(err)
	}
	want := header + `
slug: tricky
version: 3
status: draft
closes: "2027-03-31"
published: false
wave: "2025"
previous: tricky-2024
suppression:
  min_count: 10
  min_base: 20
default_language: en
languages:
  - code: en
    reviewed: true
  - code: ar
    reviewed: false
  - code: pl
    reviewed: true

title:
  en: Title
  ar: ما مدى شعورك بالأمان؟
  pl: Tytuł

support:
  - name: Shout
    phone: "85258"

questions:
  - id: yes_no
    type: single
    required: true
    text: Q
    prefer_not_to_say: true
    concern: ["no", "off"]
    options:
      - id: "yes"
        text: "Yes"
      - id: "no"
        text:
          en: "No"
          pl: Nie
      - id: "on"
        text: "On"
      - id: "off"
        text: "off"
      - id: "y"
        text: "true"

  - id: picks
    type: multiple
    max: 2
    show_if:
      question: yes_no
      any_of: ["yes", "y"]
    text: Pick
    options:
      - id: a
        text: "null"
      - id: b
        text: "~"
      - id: c
        text: "3.0"

  - id: free
    type: text
    max_length: 300
    text: Free

themes:
  - id: lights
    label: Lights
    keywords: [dark*]
`
	if string(data) != want {
		t.Errorf("export:\n%s\nwant:\n%s", data, want)
	}
}

func TestParseActionsOnlyOnce(t *testing.T) {
	data, err := os.ReadFile("testdata/ok/mini.actions.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := tricky()
	s.Actions = []survey.Action{{Status: survey.ActionDone, Text: survey.Text{"en": "Done"}}}
	if err := ParseActions("tricky.actions.yaml", data, s); err == nil || !strings.Contains(err.Error(), "tricky.actions.yaml: definition.actions_twice") {
		t.Fatalf("err = %v, want actions in two places refused", err)
	}
}

// FuzzMarshal checks that whatever Parse accepts, Marshal writes so that Parse reads the same
// survey back, and that a second export is the same file.
func FuzzMarshal(f *testing.F) {
	for _, file := range []string{"testdata/ok/mini.yaml", "../../public/surveys/community-safety.yaml"} {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	if data, err := Marshal(tricky()); err == nil {
		f.Add(data)
	}
	f.Add([]byte("slug: s1\nversion: 1\nlanguages: [en, pl]\ntitle: {en: T, pl: U}\nquestions:\n  - {id: q1, type: single, text: Q, options: [{id: a, text: A}, {id: b, text: B}]}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse("fuzz.yaml", data)
		if err != nil {
			return
		}
		out, back, again := roundTrip(t, s)
		if !reflect.DeepEqual(withoutPositions(back), withoutPositions(s)) {
			t.Fatalf("read back:\n got %+v\nwant %+v\nfrom:\n%s", back, s, out)
		}
		if !bytes.Equal(again, out) {
			t.Fatalf("a second export differs from the first:\n%s\n---\n%s", out, again)
		}
	})
}

// TestMarshalOtherSpellings starts from the other ways an author may write a field (short
// forms, empty lists and maps) and checks the export means the same.
func TestMarshalOtherSpellings(t *testing.T) {
	const head = "slug: s1\nversion: 1\nlanguages: [en, pl]\ntitle: {en: T}\n"
	tests := map[string]string{
		"EmptyHint":           head + "questions:\n  - {id: q1, type: text, text: Q, hint: {}}\n",
		"EmptyConcern":        head + "questions:\n  - {id: q1, type: single, text: Q, concern: [], options: [{id: a, text: A}, {id: b, text: B}]}\n",
		"EmptyTranslation":    head + "questions:\n  - {id: q1, type: text, text: {en: Q, pl: ''}}\n",
		"DefaultSuppression":  head + "suppression: {}\nquestions:\n  - {id: q1, type: text, text: Q}\n",
		"EmptyKeywordsInPl":   head + "questions:\n  - {id: q1, type: text, text: Q}\nthemes:\n  - {id: t1, label: T, keywords: {pl: [], en: [a]}}\n",
		"EmptyLists":          head + "support: []\nactions: []\nthemes: []\nquestions:\n  - {id: q1, type: text, text: Q, options: []}\n",
		"FoldedText":          head + "intro: >-\n  One\n  two.\n\n  Three.\nquestions:\n  - {id: q1, type: text, text: Q}\n",
		"TranslationNoSource": head + "thanks: {pl: Dzięki}\nquestions:\n  - {id: q1, type: text, text: Q}\n",
	}
	for name, src := range tests {
		t.Run(name, func(t *testing.T) {
			s, err := Parse("in.yaml", []byte(src))
			if err != nil {
				if name == "TranslationNoSource" {
					return // refused by Check, as it should be
				}
				t.Fatal(err)
			}
			data, back, again := roundTrip(t, s)
			if !reflect.DeepEqual(withoutPositions(back), withoutPositions(s)) {
				t.Errorf("read back:\n got %#v\nwant %#v\nfrom:\n%s", back, s, data)
			}
			if !bytes.Equal(again, data) {
				t.Errorf("a second export differs from the first:\n%s\n---\n%s", data, again)
			}
		})
	}
}
