package survey

import (
	"fmt"
	"maps"
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

// In returns the text in lang, falling back, for this string only, from a regional variant
// (pt-PT) to its base language (pt), and then to English.
func (t Text) In(lang string) string {
	for _, code := range []string{lang, BaseLanguage(lang)} {
		if s := t[code]; s != "" {
			return s
		}
	}
	return t[SourceLanguage]
}

// Has reports whether the text has a translation in lang: its own or, for a regional variant,
// its base language's, which the variant shows for every string it does not change.
func (t Text) Has(lang string) bool {
	return t[lang] != "" || t[BaseLanguage(lang)] != ""
}

// Survey is one version of a survey definition; it is immutable once responses exist for it.
type Survey struct {
	Slug            string           `json:"slug"`
	Version         int              `json:"version"`
	Status          string           `json:"status"`
	Closes          string           `json:"closes,omitempty"`   // last day answers are taken, YYYY-MM-DD
	Published       bool             `json:"published"`          // findings may be shown to anyone
	Wave            string           `json:"wave,omitempty"`     // names this run of the survey in comparisons, e.g. "2025"
	Previous        string           `json:"previous,omitempty"` // slug of the survey's previous wave, whose findings it is compared with
	Suppression     SuppressionRules `json:"suppression"`        // small-number rules for this survey's findings
	DefaultLanguage string           `json:"default_language"`
	Languages       []Language       `json:"languages"`
	Title           Text             `json:"title"`
	Intro           Text             `json:"intro"`
	Thanks          Text             `json:"thanks,omitempty"`
	Support         []SupportLine    `json:"support,omitempty"`
	Questions       []Question       `json:"questions"`
	Themes          []Theme          `json:"themes,omitempty"`           // what scrutineers look for in free text
	Actions         []Action         `json:"actions,omitempty"`          // what the partnership does about the findings
	ActionsReviewed []string         `json:"actions_reviewed,omitempty"` // languages whose actions text a native speaker reviewed
	Headlines       []HeadlineRule   `json:"headlines,omitempty"`        // sentences the findings make, when their numbers are shown
	Partnership     *Partnership     `json:"partnership,omitempty"`      // who publishes the findings, for the infographic
	Source          string           `json:"-"`                          // file the definition came from, for error messages
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
	Combine        []Combined `json:"combine,omitempty"` // groups of options findings also count together
	Line           int        `json:"-"`                 // line in the definition file, for error messages
}

// Combined is a group of a single-choice or scale question's options that findings also count
// together ("unsafe or very unsafe"), so a signal too small to show option by option can still
// be shown. A question's groups never share an option.
type Combined struct {
	ID      string   `json:"id"`
	Label   Text     `json:"label"`
	Options []string `json:"options"`
	Line    int      `json:"-"`
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

// OnSafeSide reports whether option j of a scale is above its middle point: the answers a
// summary's safe share counts.
func (q *Question) OnSafeSide(j int) bool {
	return q.Type == Scale && j < len(q.Options) && 2*j > len(q.Options)-1
}

// AskedLike reports whether other asks the question the same way, so their answers can be
// compared: same id, type and options (prefer-not-to-say included).
func (q *Question) AskedLike(other *Question) bool {
	return q.ID == other.ID && q.Type == other.Type && q.IsChoice() &&
		slices.EqualFunc(q.AllOptions(), other.AllOptions(), func(a, b Option) bool { return a.ID == b.ID })
}

// Combination returns the group of options id among the question's combined answers.
func (q *Question) Combination(id string) (*Combined, bool) {
	for i := range q.Combine {
		if q.Combine[i].ID == id {
			return &q.Combine[i], true
		}
	}
	return nil, false
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

// DefinitionError is one problem in a survey definition, located by file, line and field. Message
// is an i18n message id ("definition.defined_twice") and Data its placeholders, so the editor can
// show the problem in the reader's language and the CLI in English.
type DefinitionError struct {
	Source  string
	Line    int
	Field   string // e.g. "question `safe_home`: option `yes`"
	Message string // one of DefinitionMessages
	Data    map[string]any
}

// Translate gives the words for a message id with its placeholders as name/value pairs, as the
// i18n package's T does.
type Translate func(id string, args ...any) string

// Error formats the problem as "file:line: field: id Name=value", for logs and tests that have no
// UI strings at hand.
func (e DefinitionError) Error() string {
	return e.Describe(compact)
}

// Describe formats the problem as "file:line: field: reason", with the reason in t's words.
func (e DefinitionError) Describe(t Translate) string {
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
	b.WriteString(e.Reason(t))
	return b.String()
}

// Reason is what is wrong, in t's words, without where.
func (e DefinitionError) Reason(t Translate) string {
	return t(e.Message, e.args()...)
}

// args lists Data as name/value pairs, sorted by name.
func (e DefinitionError) args() []any {
	var args []any
	for _, name := range slices.Sorted(maps.Keys(e.Data)) {
		args = append(args, name, e.Data[name])
	}
	return args
}

// compact writes a message id and its placeholders without looking up any words.
func compact(id string, args ...any) string {
	var b strings.Builder
	b.WriteString(id)
	for i := 0; i+1 < len(args); i += 2 {
		if s, ok := args[i+1].(string); ok {
			fmt.Fprintf(&b, " %v=%q", args[i], s)
		} else {
			fmt.Fprintf(&b, " %v=%v", args[i], args[i+1])
		}
	}
	return b.String()
}

// DefinitionErrors is every problem found in one definition, reported together so authors can fix them in one pass.
type DefinitionErrors []DefinitionError

// Error joins the problems one per line.
func (es DefinitionErrors) Error() string {
	return es.Describe(compact)
}

// Describe joins the problems one per line, each in t's words.
func (es DefinitionErrors) Describe(t Translate) string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Describe(t)
	}
	return strings.Join(lines, "\n")
}

// DescribeProblems writes err one problem a line, with every definition problem in it, also
// inside errors.Join, in t's words; other errors keep their own text.
func DescribeProblems(err error, t Translate) string {
	switch e := err.(type) {
	case DefinitionErrors:
		return e.Describe(t)
	case DefinitionError:
		return e.Describe(t)
	case interface{ Unwrap() []error }:
		var lines []string
		for _, inner := range e.Unwrap() {
			lines = append(lines, DescribeProblems(inner, t))
		}
		return strings.Join(lines, "\n")
	default:
		return err.Error()
	}
}

// DefinitionMessages lists the message id of every problem the survey package reports in a
// definition, so the i18n check can make sure each one has words.
var DefinitionMessages []string

// definitionMessage records id in DefinitionMessages.
func definitionMessage(id string) string {
	DefinitionMessages = append(DefinitionMessages, id)
	return id
}

// NewDefinitionError makes the problem message at source, line and field; args are name/value
// pairs for the message's placeholders.
func NewDefinitionError(source string, line int, field, message string, args ...any) DefinitionError {
	e := DefinitionError{Source: source, Line: line, Field: field, Message: message}
	if len(args) > 0 {
		e.Data = make(map[string]any, len(args)/2)
		for i := 0; i+1 < len(args); i += 2 {
			e.Data[fmt.Sprint(args[i])] = args[i+1]
		}
	}
	return e
}

// The problems Check and the catalog report.
var (
	msgSlugFormat        = definitionMessage("definition.slug_format")
	msgVersion           = definitionMessage("definition.version")
	msgStatus            = definitionMessage("definition.status")
	msgPreviousSelf      = definitionMessage("definition.previous_self")
	msgClosesDate        = definitionMessage("definition.closes_date")
	msgSuppression       = definitionMessage("definition.suppression")
	msgSupportContact    = definitionMessage("definition.support_contact")
	msgNoQuestions       = definitionMessage("definition.no_questions")
	msgDefinedTwiceAt    = definitionMessage("definition.defined_twice_at")
	msgDefinedTwice      = definitionMessage("definition.defined_twice")
	msgNoEnglishLanguage = definitionMessage("definition.no_english_language")
	msgLanguageCode      = definitionMessage("definition.language_code")
	msgLanguageTwice     = definitionMessage("definition.language_twice")
	msgDefaultLanguage   = definitionMessage("definition.default_language")
	msgIDFormat          = definitionMessage("definition.id_format")
	msgTextNoOptions     = definitionMessage("definition.text_no_options")
	msgMaxLengthRange    = definitionMessage("definition.max_length_range")
	msgTextPreferNot     = definitionMessage("definition.text_prefer_not")
	msgQuestionType      = definitionMessage("definition.question_type")
	msgMaxOnlyMultiple   = definitionMessage("definition.max_only_multiple")
	msgMaxLengthOnlyText = definitionMessage("definition.max_length_only_text")
	msgTooFewOptions     = definitionMessage("definition.too_few_options")
	msgScaleTooLong      = definitionMessage("definition.scale_too_long")
	msgOptionReserved    = definitionMessage("definition.option_reserved")
	msgShowIfMissing     = definitionMessage("definition.show_if_missing")
	msgShowIfLater       = definitionMessage("definition.show_if_later")
	msgShowIfText        = definitionMessage("definition.show_if_text")
	msgShowIfNoOptions   = definitionMessage("definition.show_if_no_options")
	msgShowIfOption      = definitionMessage("definition.show_if_option")
	msgSlugTaken         = definitionMessage("definition.slug_taken")
	msgNoPrevious        = definitionMessage("definition.no_previous")
	msgNoEnglishKeyword  = definitionMessage("definition.no_english_keyword")
	msgCombineType       = definitionMessage("definition.combine_type")
	msgCombineTooFew     = definitionMessage("definition.combine_too_few")
	msgCombineOverlap    = definitionMessage("definition.combine_overlap")

	// MsgNotAnOption, MsgNoLetters, MsgNeedsEnglish and MsgEnglishMissing are shared with the
	// parsers of translation and actions files.
	MsgNotAnOption    = definitionMessage("definition.not_an_option")
	MsgNoLetters      = definitionMessage("definition.no_letters")
	MsgNeedsEnglish   = definitionMessage("definition.needs_english")
	MsgEnglishMissing = definitionMessage("definition.english_missing")
	// MsgVariantWithoutBase is shared with the parser of translation files.
	MsgVariantWithoutBase = definitionMessage("definition.variant_without_base")
)

var idPattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)
var slugPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,62}$`)
var langPattern = regexp.MustCompile(`^[a-z]{2,3}(-[A-Z]{2})?$`)

// Check validates the definition as a whole and returns DefinitionErrors, or nil when it is sound.
func (s *Survey) Check() error {
	c := checker{source: s.Source}
	if !slugPattern.MatchString(s.Slug) {
		c.add(0, "slug", msgSlugFormat, "Slug", s.Slug)
	}
	if s.Version < 1 {
		c.add(0, "version", msgVersion)
	}
	if !slices.Contains([]string{StatusDraft, StatusOpen, StatusClosed}, s.Status) {
		c.add(0, "status", msgStatus, "Status", s.Status)
	}
	if s.Previous == s.Slug {
		c.add(0, "previous", msgPreviousSelf)
	}
	if s.Closes != "" {
		if _, err := time.Parse(time.DateOnly, s.Closes); err != nil {
			c.add(0, "closes", msgClosesDate, "Date", s.Closes)
		}
	}
	if err := s.Rules().Check(); err != nil {
		c.add(0, "suppression", msgSuppression, "Min", FloorMinCount)
	}
	s.checkLanguages(&c)
	c.text(0, "title", s.Title, true)
	c.text(0, "intro", s.Intro, false)
	c.text(0, "thanks", s.Thanks, false)
	for i, l := range s.Support {
		c.text(0, fmt.Sprintf("support %d: name", i+1), l.Name, true)
		if l.Phone == "" && l.URL == "" {
			c.add(0, fmt.Sprintf("support %d", i+1), msgSupportContact)
		}
	}
	if len(s.Questions) == 0 {
		c.add(0, "questions", msgNoQuestions)
	}
	seen := map[string]int{}
	for i := range s.Questions {
		q := &s.Questions[i]
		if first, dup := seen[q.ID]; dup {
			c.add(q.Line, fmt.Sprintf("question `%s`", q.ID), msgDefinedTwiceAt, "First", first)
			continue
		}
		seen[q.ID] = q.Line
		s.checkQuestion(&c, q, i)
	}
	s.checkThemes(&c)
	s.checkHeadlines(&c)
	s.checkPartnership(&c)
	if len(c.errs) == 0 {
		return nil
	}
	return c.errs
}

func (s *Survey) checkLanguages(c *checker) {
	if !slices.ContainsFunc(s.Languages, func(l Language) bool { return l.Code == SourceLanguage }) {
		c.add(0, "languages", msgNoEnglishLanguage)
	}
	seen := map[string]bool{}
	for _, l := range s.Languages {
		switch {
		case !langPattern.MatchString(l.Code):
			c.add(0, "languages", msgLanguageCode, "Code", l.Code)
		case seen[l.Code]:
			c.add(0, "languages", msgLanguageTwice, "Code", l.Code)
		}
		seen[l.Code] = true
	}
	for _, l := range s.Languages {
		if base := BaseLanguage(l.Code); base != l.Code && !seen[base] {
			c.add(0, "languages", MsgVariantWithoutBase, "Code", l.Code, "Base", base)
		}
	}
	if !seen[s.DefaultLanguage] {
		c.add(0, "default_language", msgDefaultLanguage, "Code", s.DefaultLanguage)
	}
}

func (s *Survey) checkQuestion(c *checker, q *Question, index int) {
	field := fmt.Sprintf("question `%s`", q.ID)
	if !idPattern.MatchString(q.ID) {
		c.add(q.Line, fmt.Sprintf("question %d", index+1), msgIDFormat, "ID", q.ID)
	}
	c.text(q.Line, field+": text", q.Text, true)
	c.text(q.Line, field+": hint", q.Hint, false)
	switch q.Type {
	case Single, Multiple, Scale:
		s.checkOptions(c, q, field)
	case FreeText:
		if len(q.Options) > 0 {
			c.add(q.Line, field, msgTextNoOptions)
		}
		if q.MaxLength < 0 || q.MaxLength > 5000 {
			c.add(q.Line, field+": max_length", msgMaxLengthRange)
		}
		if q.PreferNotToSay {
			c.add(q.Line, field+": prefer_not_to_say", msgTextPreferNot)
		}
	default:
		c.add(q.Line, field+": type", msgQuestionType, "Type", q.Type)
	}
	if q.Max != 0 && (q.Type != Multiple || q.Max < 1 || q.Max > len(q.Options)) {
		c.add(q.Line, field+": max", msgMaxOnlyMultiple)
	}
	if q.MaxLength != 0 && q.Type != FreeText {
		c.add(q.Line, field+": max_length", msgMaxLengthOnlyText)
	}
	for _, id := range q.Concern {
		if !q.HasOption(id) {
			c.add(q.Line, field+": concern", MsgNotAnOption, "Option", id)
		}
	}
	if q.ShowIf != nil {
		s.checkCondition(c, q, field, index)
	}
	checkCombined(c, q, field)
}

// checkCombined makes sure each group of combined answers has an id and an English label and
// joins two or more of the question's own options, none of them in another group: a total that
// counted an answer twice could not be checked against the question's base.
func checkCombined(c *checker, q *Question, field string) {
	if len(q.Combine) > 0 && q.Type != Single && q.Type != Scale {
		c.add(q.Line, field+": combine", msgCombineType)
		return
	}
	ids, in := map[string]bool{}, map[string]string{}
	for _, g := range q.Combine {
		gf := fmt.Sprintf("%s: combine `%s`", field, g.ID)
		switch {
		case !idPattern.MatchString(g.ID):
			c.add(g.Line, gf, msgIDFormat, "ID", g.ID)
		case ids[g.ID]:
			c.add(g.Line, gf, msgDefinedTwice)
		}
		ids[g.ID] = true
		c.text(g.Line, gf+": label", g.Label, true)
		if len(g.Options) < 2 {
			c.add(g.Line, gf+": options", msgCombineTooFew, "Min", 2)
		}
		for _, o := range g.Options {
			switch other, taken := in[o]; {
			case !slices.ContainsFunc(q.Options, func(opt Option) bool { return opt.ID == o }):
				c.add(g.Line, gf+": options", MsgNotAnOption, "Option", o)
			case taken:
				c.add(g.Line, gf+": options", msgCombineOverlap, "Option", o, "Other", other)
			default:
				in[o] = g.ID
			}
		}
	}
}

func (s *Survey) checkOptions(c *checker, q *Question, field string) {
	minOptions := 2
	if q.Type == Scale {
		minOptions = 3
	}
	if len(q.Options) < minOptions {
		c.add(q.Line, field+": options", msgTooFewOptions, "Min", minOptions)
	}
	if q.Type == Scale && len(q.Options) > 7 {
		c.add(q.Line, field+": options", msgScaleTooLong)
	}
	seen := map[string]bool{}
	for _, o := range q.Options {
		of := fmt.Sprintf("%s: option `%s`", field, o.ID)
		switch {
		case !idPattern.MatchString(o.ID):
			c.add(o.Line, of, msgIDFormat, "ID", o.ID)
		case o.ID == PreferNotToSay:
			c.add(o.Line, of, msgOptionReserved)
		case seen[o.ID]:
			c.add(o.Line, of, msgDefinedTwice)
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
		c.add(q.Line, field+": show_if", msgShowIfMissing, "Question", ref)
		return
	case slices.IndexFunc(s.Questions, func(o Question) bool { return o.ID == ref }) >= index:
		c.add(q.Line, field+": show_if", msgShowIfLater, "Question", ref)
	case !target.IsChoice():
		c.add(q.Line, field+": show_if", msgShowIfText, "Question", ref)
	}
	if len(q.ShowIf.AnyOf) == 0 {
		c.add(q.Line, field+": show_if", msgShowIfNoOptions)
	}
	for _, id := range q.ShowIf.AnyOf {
		if !target.HasOption(id) {
			c.add(q.Line, field+": show_if", msgShowIfOption, "Option", id, "Question", ref)
		}
	}
}

type checker struct {
	source string
	errs   DefinitionErrors
}

func (c *checker) add(line int, field, message string, args ...any) {
	c.errs = append(c.errs, NewDefinitionError(c.source, line, field, message, args...))
}

func (c *checker) text(line int, field string, t Text, required bool) {
	if required && strings.TrimSpace(t[SourceLanguage]) == "" {
		c.add(line, field, MsgNeedsEnglish)
		return
	}
	if len(t) > 0 && t[SourceLanguage] == "" {
		c.add(line, field, MsgEnglishMissing)
	}
}
