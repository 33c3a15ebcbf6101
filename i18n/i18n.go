// Package i18n loads the UI strings for every language into one go-i18n bundle and picks the
// language each request is answered in.
package i18n

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/pelletier/go-toml/v2"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// Source is the language every UI string is written in first; the others are translated from it.
const Source = "en"

// Catalog holds the UI strings of every shipped language.
type Catalog struct {
	bundle     *goi18n.Bundle
	localizers map[string]*Localizer
	files      map[string]*goi18n.MessageFile
	codes      []string
	comments   map[string]string // English comment above each message id, for translators
	// edits are the strings edited in the translation pages, by language, read without a lock
	// and replaced whole under editsMu (see SetEdits).
	edits   atomic.Pointer[map[string]*editLayer]
	editsMu sync.Mutex
}

// Load reads every active.<lang>.toml file in dir of fsys into one bundle.
func Load(fsys fs.FS, dir string) (*Catalog, error) {
	bundle := goi18n.NewBundle(language.English)
	bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	files, err := fs.Glob(fsys, path.Join(dir, "active.*.toml"))
	if err != nil {
		return nil, fmt.Errorf("list message files: %w", err)
	}
	c := &Catalog{bundle: bundle, localizers: map[string]*Localizer{}, files: map[string]*goi18n.MessageFile{}}
	c.edits.Store(&map[string]*editLayer{})
	for _, file := range files {
		data, err := fs.ReadFile(fsys, file)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", file, err)
		}
		mf, err := bundle.ParseMessageFileBytes(data, file)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", file, err)
		}
		code := mf.Tag.String()
		if code == Source {
			c.comments = commentsByID(data)
		}
		c.files[code] = mf
		c.codes = append(c.codes, code)
		c.localizers[code] = &Localizer{lang: code, loc: goi18n.NewLocalizer(bundle, code, Source), catalog: c, numbers: message.NewPrinter(mf.Tag)}
	}
	if _, ok := c.localizers[Source]; !ok {
		return nil, fmt.Errorf("no active.%s.toml in %s: English is the source of every string", Source, dir)
	}
	if err := c.fillVariants(); err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	slices.Sort(c.codes)
	return c, nil
}

// Languages lists the codes of the shipped UI languages, sorted.
func (c *Catalog) Languages() []string {
	return slices.Clone(c.codes)
}

// Has reports whether lang's own UI strings, or for a regional variant its base language's,
// hold the message id, rather than falling back to English.
func (c *Catalog) Has(lang, id string) bool {
	for _, code := range variantChain(lang) {
		if _, ok := messagesByID(c.files[code])[id]; ok {
			return true
		}
	}
	return false
}

// Localizer returns the localizer for lang, or English when lang has no UI strings.
func (c *Catalog) Localizer(lang string) *Localizer {
	if l, ok := c.localizers[lang]; ok {
		return l
	}
	return c.localizers[Source]
}

// Localizer translates UI strings into one language and writes numbers the way it does.
type Localizer struct {
	lang    string
	loc     *goi18n.Localizer
	catalog *Catalog
	numbers *message.Printer
}

// Lang is the language code the localizer translates into.
func (l *Localizer) Lang() string {
	return l.lang
}

// T translates the message id; args are name/value pairs for its placeholders, and a "Count"
// pair also picks the CLDR plural form. A message missing everywhere comes back as its id,
// which the completeness check and the tests catch.
func (l *Localizer) T(id string, args ...any) string {
	cfg := &goi18n.LocalizeConfig{MessageID: id}
	if len(args) > 0 {
		data := make(map[string]any, len(args)/2)
		for i := 0; i+1 < len(args); i += 2 {
			name := fmt.Sprint(args[i])
			data[name] = args[i+1]
			if name == "Count" {
				cfg.PluralCount = args[i+1]
			}
		}
		cfg.TemplateData = data
	}
	if edited := l.catalog.edited(l.lang, id); edited != nil {
		if s, err := edited.Localize(cfg); err == nil {
			return s
		}
	}
	s, err := l.loc.Localize(cfg)
	if err != nil && s == "" {
		return id
	}
	return s
}

// PluralForms returns the untranslated forms of a plural message keyed by CLDR plural category
// ("one", "few", "other"...), with placeholders such as {{.Count}} left in, so a script in the
// page can pick the form for a count with Intl.PluralRules. A message the language lacks comes
// in English, as T would give it.
func (l *Localizer) PluralForms(id string) map[string]string {
	for _, lang := range append(variantChain(l.lang), Source) {
		if m, ok := messagesByID(l.catalog.files[lang])[id]; ok {
			return forms(m)
		}
	}
	return nil
}

// PluralCategory is the CLDR plural category of the whole number n in lang: "zero", "one",
// "two", "few", "many" or "other".
func PluralCategory(lang string, n int64) string {
	tag, err := language.Parse(lang)
	if err != nil {
		return "other"
	}
	if n < 0 {
		n = -n
	}
	return pluralNames[plural.Cardinal.MatchPlural(tag, int(n), 0, 0, 0, 0)]
}

var pluralNames = map[plural.Form]string{plural.Other: "other", plural.Zero: "zero", plural.One: "one", plural.Two: "two", plural.Few: "few", plural.Many: "many"}

// Number writes a whole number with the language's digits and grouping (1,234; 1 234; ١٬٢٣٤).
func (l *Localizer) Number(n int64) string {
	return l.numbers.Sprint(number.Decimal(n))
}

// Decimal writes a number with at most one decimal, the language's way (3.2; 3,2; ٣٫٢).
func (l *Localizer) Decimal(f float64) string {
	return l.numbers.Sprint(number.Decimal(f, number.MaxFractionDigits(1)))
}

// Percent writes a percentage given from 0 to 100 with at most one decimal, the language's way
// (53.8%; 53,8 %; ٥٣٫٨٪).
func (l *Localizer) Percent(p float64) string {
	return l.numbers.Sprint(number.Percent(p/100, number.MaxFractionDigits(1)))
}

// Date writes a day with the month's name, the language's way and with its digits (2 January
// 2027; 2 de enero de 2027; ٢ يناير ٢٠٢٧), from the messages date.day_month_year and date.month_1
// to date.month_12.
func (l *Localizer) Date(t time.Time) string {
	return l.T("date.day_month_year",
		"Day", l.numbers.Sprint(number.Decimal(t.Day())),
		"Month", l.T("date.month_"+strconv.Itoa(int(t.Month()))),
		"Year", l.numbers.Sprint(number.Decimal(t.Year(), number.NoSeparator())))
}

// Negotiate picks the language to answer in: an explicit choice in the query beats the
// language cookie, which beats the browser's Accept-Language, which beats fallback. Only
// languages in offered are ever chosen, and a regional variant stands for its language
// (pt-BR for pt). golang.org/x/text/language parses and matches; a malformed header is ignored.
func Negotiate(query, cookie, acceptLanguage string, offered []string, fallback string) string {
	for _, choice := range []string{query, cookie} {
		if tag, err := language.Parse(strings.TrimSpace(choice)); err == nil {
			if code := match(offered, tag); code != "" {
				return code
			}
		}
	}
	if prefs, _, err := language.ParseAcceptLanguage(acceptLanguage); err == nil && len(prefs) > 0 {
		if code := match(offered, prefs...); code != "" {
			return code
		}
	}
	return fallback
}

// match is the code in offered that serves the first of prefs (most preferred first) it can, in
// the same language (pt for pt-PT); "" for none. The matcher would also offer a language many
// speakers of another know (English for Somali), but a child who asked for Somali is better
// served by their browser's next choice, or the survey's own default.
func match(offered []string, prefs ...language.Tag) string {
	m := matchers.get(offered)
	for _, pref := range prefs {
		_, i, confidence := m.matcher.Match(pref)
		want, _ := pref.Base()
		if got, _ := m.tags[i].Base(); confidence != language.No && got == want {
			return m.codes[i]
		}
	}
	return ""
}

// matchers keeps a matcher for each list of offered languages: there are a few (the UI's, each
// survey's), and building one for every request would cost more than the match.
var matchers = &matcherCache{byList: map[string]*offeredMatcher{}}

type matcherCache struct {
	mu     sync.RWMutex
	byList map[string]*offeredMatcher
}

// offeredMatcher matches against tags, the offered languages that parse as BCP 47, whose codes
// as offered are codes.
type offeredMatcher struct {
	matcher language.Matcher
	tags    []language.Tag
	codes   []string
}

func (c *matcherCache) get(offered []string) *offeredMatcher {
	key := strings.Join(offered, ",")
	c.mu.RLock()
	m := c.byList[key]
	c.mu.RUnlock()
	if m != nil {
		return m
	}
	m = &offeredMatcher{}
	for _, code := range offered {
		if tag, err := language.Parse(code); err == nil {
			m.tags, m.codes = append(m.tags, tag), append(m.codes, code)
		}
	}
	m.matcher = language.NewMatcher(m.tags)
	c.mu.Lock()
	c.byList[key] = m
	c.mu.Unlock()
	return m
}
