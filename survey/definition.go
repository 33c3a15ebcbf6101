package survey

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Question types a survey definition may use.
const (
	Single   = "single"   // choose one option
	Multiple = "multiple" // choose any number of options, up to Max when set
	Scale    = "scale"    // choose one point on an ordered scale, lowest first
	FreeText = "text"     // write up to MaxLength characters
)

// Survey statuses: only an open survey takes answers.
const (
	StatusDraft  = "draft"
	StatusOpen   = "open"
	StatusClosed = "closed"
)

// PreferNotToSay is the option id added to every question marked sensitive; its label is a UI string.
const PreferNotToSay = "prefer_not_to_say"

// SourceLanguage is the language every label must have; other languages fall back to it string by string.
const SourceLanguage = "en"

// DefaultMaxLength caps free-text answers whose question sets no max_length.
const DefaultMaxLength = 1000

// Text holds one label in several languages, keyed by language code.
type Text map[string]string

// In returns the text in lang, falling back to English for this string only.
func (t Text) In(lang string) string {
	if s, ok := t[lang]; ok && s != "" {
		return s
	}
	return t[SourceLanguage]
}

// Has reports whether the text has its own translation in lang.
func (t Text) Has(lang string) bool {
	return t[lang] != ""
}

// Survey is one version of a survey definition; it is immutable once responses exist for it.
type Survey struct {
	Slug            string           `json:"slug"`
	Version         int              `json:"version"`
	Status          string           `json:"status"`
	Closes          string           `json:"closes,omitempty"` // last day answers are taken, YYYY-MM-DD
	Published       bool             `json:"published"`        // findings may be shown to anyone
	Suppression     SuppressionRules `json:"suppression"`      // small-number rules for this survey's findings
	DefaultLanguage string           `json:"default_language"`
	Languages       []Language       `json:"languages"`
	Title           Text             `json:"title"`
	Intro           Text             `json:"intro"`
	Thanks          Text             `json:"thanks,omitempty"`
	Support         []SupportLine    `json:"support,omitempty"`
	Questions       []Question       `json:"questions"`
	Themes          []Theme          `json:"themes,omitempty"` // what scrutineers look for in free text
	Source          string           `json:"-"`                // file the definition came from, for error messages
}

// Language is a language a survey is offered in and whether a native speaker has reviewed its text.
type Language struct {
	Code     string `json:"code"`
	Reviewed bool   `json:"reviewed"`
}

// SupportLine is a local place to get help, shown beside the national ones.
type SupportLine struct {
	Name  Text   `json:"name"`
	Phone string `json:"phone,omitempty"`
	URL   string `json:"url,omitempty"`
	About Text   `json:"about,omitempty"`
}

// Question is one question; its ID is stable across versions and languages.
type Question struct {
	ID             string     `json:"id"`
	Type           string     `json:"type"`
	Text           Text       `json:"text"`
	Hint           Text       `json:"hint,omitempty"`
	Options        []Option   `json:"options,omitempty"`
	Max            int        `json:"max,omitempty"`        // multiple choice: most options a child may pick
	MaxLength      int        `json:"max_length,omitempty"` // free text: most characters
	Required       bool       `json:"required,omitempty"`
	PreferNotToSay bool       `json:"prefer_not_to_say,omitempty"`
	ShowIf         *Condition `json:"show_if,omitempty"`
	Concern        []string   `json:"concern,omitempty"` // option ids after which help is offered straight away
	Line           int        `json:"-"`                 // line in the definition file, for error messages
}

// Option is one answer a child can pick.
type Option struct {
	ID   string `json:"id"`
	Text Text   `json:"text"`
	Line int    `json:"-"`
}

// Condition shows a question only when another question's answer includes one of AnyOf.
type Condition struct {
	Question string   `json:"question"`
	AnyOf    []string `json:"any_of"`
}

// Rules are the survey's suppression rules: its own, or the defaults when it sets none.
func (s *Survey) Rules() SuppressionRules {
	if s.Suppression == (SuppressionRules{}) {
		return DefaultRules
	}
	return s.Suppression
}

// Question returns the question with the given id.
func (s *Survey) Question(id string) (*Question, bool) {
	for i := range s.Questions {
		if s.Questions[i].ID == id {
			return &s.Questions[i], true
		}
	}
	return nil, false
}

// Offers reports whether the survey is offered in lang.
func (s *Survey) Offers(lang string) bool {
	return slices.ContainsFunc(s.Languages, func(l Language) bool { return l.Code == lang })
}

// LanguageCodes lists the codes of the languages the survey is offered in, in definition order.
func (s *Survey) LanguageCodes() []string {
	codes := make([]string, len(s.Languages))
	for i, l := range s.Languages {
		codes[i] = l.Code
	}
	return codes
}

// AcceptsOn reports whether the survey takes answers on day (the local calendar date of the server).
func (s *Survey) AcceptsOn(day time.Time) bool {
	if s.Status != StatusOpen {
		return false
	}
	return s.Closes == "" || day.Format(time.DateOnly) <= s.Closes
}

// AllOptions returns the options a child may choose, including "prefer not to say" when the question offers it.
func (q *Question) AllOptions() []Option {
	if !q.PreferNotToSay {
		return q.Options
	}
	return append(slices.Clip(q.Options), Option{ID: PreferNotToSay})
}

// HasOption reports whether id is an option of the question, including "prefer not to say".
func (q *Question) HasOption(id string) bool {
	return slices.ContainsFunc(q.AllOptions(), func(o Option) bool { return o.ID == id })
}

// IsChoice reports whether answers to the question are option ids rather than text.
func (q *Question) IsChoice() bool {
	return q.Type != FreeText
}

// TextLimit is the most characters a free-text answer may have.
func (q *Question) TextLimit() int {
	if q.MaxLength > 0 {
		return q.MaxLength
	}
	return DefaultMaxLength
}

// IsConcern reports whether choosing option id should bring up help straight away.
func (q *Question) IsConcern(id string) bool {
	return slices.Contains(q.Concern, id)
}

// DefinitionError is one problem in a survey definition, located by file, line and field.
type DefinitionError struct {
	Source string
	Line   int
	Field  string // e.g. "question `safe_home`: option `yes`"
	Reason string // e.g. "defined twice"
}

// Error formats the problem as "file:line: field: reason".
func (e DefinitionError) Error() string {
	var b strings.Builder
	if e.Source != "" {
		b.WriteString(e.Source)
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d", e.Line)
		}
		b.WriteString(": ")
	}
	if e.Field != "" {
		b.WriteString(e.Field + ": ")
	}
	b.WriteString(e.Reason)
	return b.String()
}

// DefinitionErrors is every problem found in one definition, reported together so authors can fix them in one pass.
type DefinitionErrors []DefinitionError

// Error joins the problems one per line.
func (es DefinitionErrors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

var idPattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)
var slugPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,62}$`)
var langPattern = regexp.MustCompile(`^[a-z]{2,3}$`)

// Check validates the definition as a whole and returns DefinitionErrors, or nil when it is sound.
func (s *Survey) Check() error {
	c := checker{source: s.Source}
	if !slugPattern.MatchString(s.Slug) {
		c.add(0, "slug", fmt.Sprintf("%q must be lower-case letters, digits and hyphens", s.Slug))
	}
	if s.Version < 1 {
		c.add(0, "version", "must be a whole number from 1")
	}
	if !slices.Contains([]string{StatusDraft, StatusOpen, StatusClosed}, s.Status) {
		c.add(0, "status", fmt.Sprintf("%q must be draft, open or closed", s.Status))
	}
	if s.Closes != "" {
		if _, err := time.Parse(time.DateOnly, s.Closes); err != nil {
			c.add(0, "closes", fmt.Sprintf("%q must be a date like 2027-03-31", s.Closes))
		}
	}
	if err := s.Rules().Check(); err != nil {
		c.add(0, "suppression", fmt.Sprintf("min_count must be at least %d, and min_base at least min_count", FloorMinCount))
	}
	s.checkLanguages(&c)
	c.text(0, "title", s.Title, true)
	c.text(0, "intro", s.Intro, false)
	c.text(0, "thanks", s.Thanks, false)
	for i, l := range s.Support {
		c.text(0, fmt.Sprintf("support %d: name", i+1), l.Name, true)
		if l.Phone == "" && l.URL == "" {
			c.add(0, fmt.Sprintf("support %d", i+1), "needs a phone number or a url")
		}
	}
	if len(s.Questions) == 0 {
		c.add(0, "questions", "at least one question is needed")
	}
	seen := map[string]int{}
	for i := range s.Questions {
		q := &s.Questions[i]
		if first, dup := seen[q.ID]; dup {
			c.add(q.Line, fmt.Sprintf("question `%s`", q.ID), fmt.Sprintf("defined twice (first on line %d)", first))
			continue
		}
		seen[q.ID] = q.Line
		s.checkQuestion(&c, q, i)
	}
	s.checkThemes(&c)
	if len(c.errs) == 0 {
		return nil
	}
	return c.errs
}

func (s *Survey) checkLanguages(c *checker) {
	if !slices.ContainsFunc(s.Languages, func(l Language) bool { return l.Code == SourceLanguage }) {
		c.add(0, "languages", "must include en: English is the source every translation is made from")
	}
	seen := map[string]bool{}
	for _, l := range s.Languages {
		switch {
		case !langPattern.MatchString(l.Code):
			c.add(0, "languages", fmt.Sprintf("%q is not a language code like en or pl", l.Code))
		case seen[l.Code]:
			c.add(0, "languages", fmt.Sprintf("%q listed twice", l.Code))
		}
		seen[l.Code] = true
	}
	if !seen[s.DefaultLanguage] {
		c.add(0, "default_language", fmt.Sprintf("%q is not one of the survey's languages", s.DefaultLanguage))
	}
}

func (s *Survey) checkQuestion(c *checker, q *Question, index int) {
	field := fmt.Sprintf("question `%s`", q.ID)
	if !idPattern.MatchString(q.ID) {
		c.add(q.Line, fmt.Sprintf("question %d", index+1), fmt.Sprintf("id %q must start with a letter and use only a-z, 0-9 and _", q.ID))
	}
	c.text(q.Line, field+": text", q.Text, true)
	c.text(q.Line, field+": hint", q.Hint, false)
	switch q.Type {
	case Single, Multiple, Scale:
		s.checkOptions(c, q, field)
	case FreeText:
		if len(q.Options) > 0 {
			c.add(q.Line, field, "a text question has no options")
		}
		if q.MaxLength < 0 || q.MaxLength > 5000 {
			c.add(q.Line, field+": max_length", "must be between 1 and 5000")
		}
		if q.PreferNotToSay {
			c.add(q.Line, field+": prefer_not_to_say", "a text question can simply be left empty")
		}
	default:
		c.add(q.Line, field+": type", fmt.Sprintf("%q must be single, multiple, scale or text", q.Type))
	}
	if q.Max != 0 && (q.Type != Multiple || q.Max < 1 || q.Max > len(q.Options)) {
		c.add(q.Line, field+": max", "only for multiple choice, between 1 and the number of options")
	}
	if q.MaxLength != 0 && q.Type != FreeText {
		c.add(q.Line, field+": max_length", "only for text questions")
	}
	for _, id := range q.Concern {
		if !q.HasOption(id) {
			c.add(q.Line, field+": concern", fmt.Sprintf("%q is not an option of this question", id))
		}
	}
	if q.ShowIf != nil {
		s.checkCondition(c, q, field, index)
	}
}

func (s *Survey) checkOptions(c *checker, q *Question, field string) {
	minOptions := 2
	if q.Type == Scale {
		minOptions = 3
	}
	if len(q.Options) < minOptions {
		c.add(q.Line, field+": options", fmt.Sprintf("needs at least %d options", minOptions))
	}
	if q.Type == Scale && len(q.Options) > 7 {
		c.add(q.Line, field+": options", "a scale has at most 7 points")
	}
	seen := map[string]bool{}
	for _, o := range q.Options {
		of := fmt.Sprintf("%s: option `%s`", field, o.ID)
		switch {
		case !idPattern.MatchString(o.ID):
			c.add(o.Line, of, "id must start with a letter and use only a-z, 0-9 and _")
		case o.ID == PreferNotToSay:
			c.add(o.Line, of, "is reserved: set prefer_not_to_say: true on the question instead")
		case seen[o.ID]:
			c.add(o.Line, of, "defined twice")
		}
		seen[o.ID] = true
		c.text(o.Line, of, o.Text, true)
	}
}

func (s *Survey) checkCondition(c *checker, q *Question, field string, index int) {
	ref := q.ShowIf.Question
	target, ok := s.Question(ref)
	switch {
	case !ok:
		c.add(q.Line, field+": show_if", fmt.Sprintf("question `%s` does not exist", ref))
		return
	case slices.IndexFunc(s.Questions, func(o Question) bool { return o.ID == ref }) >= index:
		c.add(q.Line, field+": show_if", fmt.Sprintf("question `%s` must come before this one", ref))
	case !target.IsChoice():
		c.add(q.Line, field+": show_if", fmt.Sprintf("question `%s` is a text question", ref))
	}
	if len(q.ShowIf.AnyOf) == 0 {
		c.add(q.Line, field+": show_if", "any_of needs at least one option")
	}
	for _, id := range q.ShowIf.AnyOf {
		if !target.HasOption(id) {
			c.add(q.Line, field+": show_if", fmt.Sprintf("%q is not an option of question `%s`", id, ref))
		}
	}
}

type checker struct {
	source string
	errs   DefinitionErrors
}

func (c *checker) add(line int, field, reason string) {
	c.errs = append(c.errs, DefinitionError{Source: c.source, Line: line, Field: field, Reason: reason})
}

func (c *checker) text(line int, field string, t Text, required bool) {
	if required && strings.TrimSpace(t[SourceLanguage]) == "" {
		c.add(line, field, "needs English text (en)")
		return
	}
	if len(t) > 0 && t[SourceLanguage] == "" {
		c.add(line, field, "has translations but no English text (en)")
	}
}
