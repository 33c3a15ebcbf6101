package i18n

import (
	"bufio"
	"bytes"
	"slices"
	"strings"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// pluralOrder is the CLDR order of plural forms, in which they are listed to translators.
var pluralOrder = []string{"zero", "one", "two", "few", "many", "other"}

// Message is one UI string as a translator sees it: English and the language's own text, form by
// form ("other" alone for a string that is not plural).
type Message struct {
	ID      string
	Context string            // the comment above it in active.en.toml
	Source  map[string]string // English, by plural form
	Target  map[string]string // the language's own text by plural form; empty when it has none
	Forms   []string          // the plural forms the language needs, nil for a plain string
}

// Plural reports whether the message changes with a count.
func (m Message) Plural() bool {
	return m.Forms != nil
}

// Messages lists every UI string English has, sorted by id, with lang's own text.
func (c *Catalog) Messages(lang string) []Message {
	source := messagesByID(c.files[Source])
	own := messagesByID(c.files[lang])
	needed := PluralFormsOf(lang)
	var out []Message
	for _, id := range sortedKeys(source) {
		m := Message{ID: id, Context: c.comments[id], Source: forms(source[id]), Target: map[string]string{}}
		if t, ok := own[id]; ok {
			m.Target = forms(t)
		}
		if source[id].One != "" {
			m.Forms = needed
		}
		out = append(out, m)
	}
	return out
}

// Strings returns lang's own UI strings by id, a plural string form by form as "id:form": what a
// sign-off of the language's UI strings covers. A regional variant's are only those it changes.
func (c *Catalog) Strings(lang string) map[string]string {
	out := map[string]string{}
	if c.files[lang] == nil {
		return out
	}
	for _, m := range c.files[lang].Messages {
		if m.One == "" {
			out[m.ID] = m.Other
			continue
		}
		for form, text := range forms(m) {
			out[m.ID+":"+form] = text
		}
	}
	return out
}

// PluralFormsOf lists, in CLDR order, the plural forms go-i18n picks among for lang at any whole
// count: those a translation of a plural string must give.
func PluralFormsOf(lang string) []string {
	tag, err := language.Parse(lang)
	if err != nil {
		return []string{"other"}
	}
	bundle := goi18n.NewBundle(tag)
	probe := &goi18n.Message{ID: "probe", Zero: "zero", One: "one", Two: "two", Few: "few", Many: "many", Other: "other"}
	if err := bundle.AddMessages(tag, probe); err != nil {
		return []string{"other"}
	}
	loc := goi18n.NewLocalizer(bundle, lang)
	seen := map[string]bool{"other": true}
	for _, n := range pluralProbes {
		if form, err := loc.Localize(&goi18n.LocalizeConfig{MessageID: "probe", PluralCount: n}); err == nil {
			seen[form] = true
		}
	}
	var out []string
	for _, f := range pluralOrder {
		if seen[f] {
			out = append(out, f)
		}
	}
	return out
}

// CheckForms reports what is wrong with a translation of m given form by form: a missing or
// unneeded plural form, or placeholders that differ from English (every placeholder in "other",
// and none English lacks in the others), as the completeness check does.
func (m Message) CheckForms(target map[string]string) []string {
	var problems []string
	for _, p := range m.FormProblems(target) {
		if p.Form == "" {
			problems = append(problems, "plural forms "+p.Got+"; the language needs "+p.Want)
			continue
		}
		problems = append(problems, "placeholders "+p.Got+" in the "+p.Form+" form, English has "+p.Want)
	}
	return problems
}

// FormProblem is one thing wrong with a translation of a message: with Form empty, the plural
// forms given (Got) are not those the language needs (Want); otherwise the placeholders of that
// form (Got) differ from English's (Want), written as {{.Name}} or "none".
type FormProblem struct {
	Form      string
	Got, Want string
}

// FormProblems is CheckForms's list as data, for a form that names the field at fault.
func (m Message) FormProblems(target map[string]string) []FormProblem {
	var problems []FormProblem
	wantForms := m.Forms
	if !m.Plural() {
		wantForms = []string{"other"}
	}
	var gotForms []string
	for _, f := range pluralOrder {
		if _, ok := target[f]; ok {
			gotForms = append(gotForms, f)
		}
	}
	if !slices.Equal(gotForms, wantForms) {
		problems = append(problems, FormProblem{Got: strings.Join(gotForms, ", "), Want: strings.Join(wantForms, ", ")})
	}
	want := placeholders(m.Source["other"])
	for _, f := range gotForms {
		got := placeholders(target[f])
		if f == "other" && !slices.Equal(got, want) || f != "other" && !subset(got, want) {
			problems = append(problems, FormProblem{Form: f, Got: braced(got), Want: braced(want)})
		}
	}
	return problems
}

func braced(names []string) string {
	var b strings.Builder
	for i, n := range names {
		if i > 0 {
			b.WriteString(" ")
		}
		b.WriteString("{{." + n + "}}")
	}
	if b.Len() == 0 {
		return "none"
	}
	return b.String()
}

// commentsByID gives each message id of a TOML file the comment block last seen above it, which
// in active.en.toml says where the strings show and who reads them.
func commentsByID(data []byte) map[string]string {
	out := map[string]string{}
	var block []string
	inComment := false
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "#"):
			if !inComment {
				block = nil
			}
			inComment = true
			block = append(block, strings.TrimSpace(strings.TrimPrefix(line, "#")))
		case line == "":
			inComment = false
		default:
			inComment = false
			if id, ok := tomlKey(line); ok && len(block) > 0 {
				out[id] = strings.Join(block, " ")
			}
		}
	}
	return out
}

// tomlKey returns the message id a line of a message file starts: `"id" = ...` or `["id"]`.
func tomlKey(line string) (string, bool) {
	if rest, ok := strings.CutPrefix(line, `["`); ok {
		id, _, found := strings.Cut(rest, `"]`)
		return id, found
	}
	if rest, ok := strings.CutPrefix(line, `"`); ok {
		id, after, found := strings.Cut(rest, `"`)
		return id, found && strings.HasPrefix(strings.TrimSpace(after), "=")
	}
	return "", false
}
