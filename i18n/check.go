package i18n

import (
	"errors"
	"fmt"
	"regexp"
	"slices"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
)

// Problem is one thing wrong with a language's UI strings.
type Problem struct {
	Lang   string
	ID     string
	Reason string
}

func (p Problem) String() string {
	return fmt.Sprintf("%s: %s: %s", p.Lang, p.ID, p.Reason)
}

var placeholder = regexp.MustCompile(`\{\{\s*\.([A-Za-z]+)\s*\}\}`)

// pluralProbes are counts that between them reach every CLDR plural category of the shipped languages.
var pluralProbes = []int{0, 1, 2, 3, 4, 5, 6, 7, 11, 12, 14, 21, 22, 25, 100, 101, 102, 111, 1000000}

// Check compares every language's UI strings with English: missing and extra ids, placeholders
// that differ, and plural forms the language needs but lacks.
func (c *Catalog) Check() []Problem {
	source := messagesByID(c.files[Source])
	var problems []Problem
	for _, lang := range c.codes {
		if lang == Source {
			continue
		}
		add := func(id, reason string) { problems = append(problems, Problem{Lang: lang, ID: id, Reason: reason}) }
		translated := messagesByID(c.files[lang])
		for _, id := range sortedKeys(source) {
			m, ok := translated[id]
			if !ok {
				if !IsVariant(lang) {
					add(id, "missing")
				}
				continue
			}
			want := placeholders(source[id].Other)
			for form, text := range forms(m) {
				got := placeholders(text)
				if form == "other" && !slices.Equal(got, want) || form != "other" && !subset(got, want) {
					add(id, fmt.Sprintf("placeholders %v in the %s form, English has %v", got, form, want))
				}
			}
		}
		for _, id := range sortedKeys(translated) {
			if _, ok := source[id]; !ok {
				add(id, "not in English: remove it or add it to active.en.toml")
			}
		}
		problems = append(problems, c.checkPlurals(lang, source, translated)...)
	}
	return problems
}

// CheckUsed reports each of ids, message ids the code can show, that English lacks, so a new
// message cannot reach a page as its bare id.
func (c *Catalog) CheckUsed(ids []string) []Problem {
	source := messagesByID(c.files[Source])
	var problems []Problem
	for _, id := range ids {
		if _, ok := source[id]; !ok {
			problems = append(problems, Problem{Lang: Source, ID: id, Reason: "used by the code but not in active.en.toml"})
		}
	}
	return problems
}

// checkPlurals asks go-i18n for every plural message at counts covering every category, with no
// fallback, so a form the language needs but the file lacks is an error here rather than on a phone.
func (c *Catalog) checkPlurals(lang string, source, translated map[string]*goi18n.Message) []Problem {
	var problems []Problem
	loc := goi18n.NewLocalizer(c.bundle, lang)
	for _, id := range sortedKeys(source) {
		if source[id].One == "" || translated[id] == nil {
			continue
		}
		for _, n := range pluralProbes {
			_, err := loc.Localize(&goi18n.LocalizeConfig{MessageID: id, PluralCount: n, TemplateData: map[string]any{"Count": n}})
			var notFound *goi18n.MessageNotFoundErr
			if err != nil && !errors.As(err, &notFound) {
				problems = append(problems, Problem{Lang: lang, ID: id, Reason: fmt.Sprintf("count %d: %v", n, err)})
				break
			}
		}
	}
	return problems
}

func messagesByID(mf *goi18n.MessageFile) map[string]*goi18n.Message {
	byID := map[string]*goi18n.Message{}
	if mf != nil {
		for _, m := range mf.Messages {
			byID[m.ID] = m
		}
	}
	return byID
}

func forms(m *goi18n.Message) map[string]string {
	all := map[string]string{"zero": m.Zero, "one": m.One, "two": m.Two, "few": m.Few, "many": m.Many, "other": m.Other}
	for form, text := range all {
		if text == "" {
			delete(all, form)
		}
	}
	return all
}

func placeholders(text string) []string {
	var names []string
	for _, m := range placeholder.FindAllStringSubmatch(text, -1) {
		if !slices.Contains(names, m[1]) {
			names = append(names, m[1])
		}
	}
	slices.Sort(names)
	return names
}

func subset(small, big []string) bool {
	for _, s := range small {
		if !slices.Contains(big, s) {
			return false
		}
	}
	return true
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
