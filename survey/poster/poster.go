// Package poster prints a channel's A4 poster as a web page with print CSS and, for a whole
// survey at once, as a PDF made in pure Go with github.com/go-pdf/fpdf and the Go fonts.
package poster

import (
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"

	"github.com/safeguarding/safetysurvey/i18n"
	"github.com/safeguarding/safetysurvey/survey"
)

// Printer prints posters with the links under one public base URL.
type Printer struct {
	codes    survey.QRCodes
	messages *i18n.Catalog
	base     string
	page     *template.Template
	css      template.CSS
	font     *sfnt.Font // the PDF's font, to tell which text it can print
}

var _ survey.Posters = (*Printer)(nil)

// New returns a Printer whose links and QR codes start with base, the service's public URL, with
// the poster template and stylesheet read from files (templates/poster.html, static/poster.css).
func New(files fs.FS, codes survey.QRCodes, messages *i18n.Catalog, base string) (*Printer, error) {
	page, err := template.ParseFS(files, "templates/poster.html")
	if err != nil {
		return nil, fmt.Errorf("parse poster template: %w", err)
	}
	css, err := fs.ReadFile(files, "static/poster.css")
	if err != nil {
		return nil, fmt.Errorf("read poster stylesheet: %w", err)
	}
	font, err := sfnt.Parse(goregular.TTF)
	if err != nil {
		return nil, fmt.Errorf("parse the Go font: %w", err)
	}
	return &Printer{codes: codes, messages: messages, base: base, page: page, css: template.CSS(css), font: font}, nil
}

// content is what a poster says, translated, whatever it is printed on.
type content struct {
	Lang      i18n.Language
	Title     string
	Headline  string
	Subhead   string
	Scan      string
	Link      string // encoded in the QR code
	ShortLink string // typed out, without https://
	Setting   string
	Closes    string
	Calls     []call // the call to action in the survey's other languages
	Footnote  string
	Omitted   string // the languages a PDF cannot print, when there are any
	Strip     string
	Strips    bool
	Note      string        // shown on screen only (survey.PosterOptions.ScreenNote)
	NoteLang  i18n.Language // the note's language, which may differ from the poster's
}

type call struct {
	Lang i18n.Language
	Text string
}

// content builds a channel's poster text in opts.Lang, or the survey's default language, keeping
// only what printable can print: a language that fails it is named in Omitted instead.
func (p *Printer) content(s *survey.Survey, ch *survey.Channel, opts survey.PosterOptions, printable func(lang, text string) bool) content {
	lang := opts.Lang
	if !s.Offers(lang) {
		lang = s.DefaultLanguage
	}
	var omitted []string
	if !printable(lang, p.messages.Localizer(lang).T("poster.headline")) {
		omitted, lang = append(omitted, lang), i18n.Source
	}
	l := p.messages.Localizer(lang)
	c := content{
		Lang:      i18n.Describe(lang),
		Title:     l.T("poster.title", "Setting", ch.Name),
		Headline:  l.T("poster.headline"),
		Subhead:   l.T("poster.subhead"),
		Scan:      l.T("poster.scan"),
		Link:      ch.Link(p.base),
		ShortLink: strings.TrimPrefix(ch.ShortLink(p.base), "https://"),
		Setting:   ch.Name,
		Footnote:  l.T("poster.footnote"),
		Strip:     l.T("poster.strip"),
		Strips:    opts.Strips,
		Note:      opts.ScreenNote,
		NoteLang:  i18n.Describe(opts.ScreenNoteLang),
	}
	if day, err := time.Parse(time.DateOnly, ch.LastDay(s)); err == nil {
		date := l.T("poster.date", "Day", day.Day(), "Month", l.T("month."+strconv.Itoa(int(day.Month()))), "Year", day.Year())
		c.Closes = l.T("poster.closes", "Date", date)
	}
	for _, other := range s.LanguageCodes() {
		if other == lang || other == opts.Lang || !p.messages.Has(other, "poster.call") {
			continue
		}
		text := p.messages.Localizer(other).T("poster.call")
		if text == l.T("poster.call") || slices.ContainsFunc(c.Calls, func(c call) bool { return c.Text == text }) {
			continue // a regional variant that words the call as its base language does
		}
		if !printable(other, text) {
			omitted = append(omitted, other)
			continue
		}
		c.Calls = append(c.Calls, call{Lang: i18n.Describe(other), Text: text})
	}
	if len(omitted) > 0 {
		c.Omitted = l.T("poster.omitted", "Languages", strings.Join(omitted, ", "))
	}
	return c
}

// inPDF reports whether the PDF can print text in lang: fpdf neither shapes joined scripts nor
// lays out right-to-left text, and the Go font has Latin, Greek and Cyrillic letters only, so
// Arabic, Urdu and Bengali are left to the web poster, where the browser shapes them.
func (p *Printer) inPDF(lang, text string) bool {
	if i18n.Describe(lang).Dir == "rtl" {
		return false
	}
	var buf sfnt.Buffer
	for _, r := range text {
		if unicode.IsSpace(r) || !unicode.IsGraphic(r) {
			continue
		}
		if i, err := p.font.GlyphIndex(&buf, r); err != nil || i == 0 {
			return false
		}
	}
	return true
}

// HTML writes one channel's poster as a web page that prints on A4. It shows the call to action in
// every language the survey offers, since the browser shapes every script.
func (p *Printer) HTML(w io.Writer, s *survey.Survey, ch *survey.Channel, opts survey.PosterOptions) error {
	svg, err := p.codes.SVG(ch.Link(p.base))
	if err != nil {
		return err
	}
	data := struct {
		content
		CSS template.CSS
		QR  template.HTML
	}{p.content(s, ch, opts, func(string, string) bool { return true }), p.css, template.HTML(svg)}
	if err := p.page.Execute(w, data); err != nil {
		return fmt.Errorf("write poster of %s: %w", ch.Code, err)
	}
	return nil
}

// stripCount is how many tear-off strips run along the bottom of a poster.
const stripCount = 8

// StripCount lets the page template draw one strip per element.
func (c content) StripCount() []int {
	return make([]int, stripCount)
}
