package report

import (
	"fmt"
	"html/template"
	"image/color"
	"io"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/tdewolff/canvas"
	"github.com/tdewolff/canvas/renderers/pdf"

	"github.com/safeguarding/safetysurvey/i18n"
	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/channels"
)

// Printer prints channels' posters for a school wall, with the links under one public base URL:
// as a web page with print CSS, and as PDF drawn with the same fonts and shaping as the findings,
// so every script prints.
type Printer struct {
	codes    channels.QRCodes
	messages *i18n.Catalog
	base     string
	page     *template.Template
	css      template.CSS
	fonts    *fonts
}

var _ channels.Posters = (*Printer)(nil)

// NewPrinter returns a Printer whose links and QR codes start with base, the service's public URL,
// with the poster template and stylesheet read from files (templates/poster.html, static/poster.css).
func NewPrinter(files fs.FS, codes channels.QRCodes, messages *i18n.Catalog, base string) (*Printer, error) {
	page, err := template.ParseFS(files, "templates/poster.html")
	if err != nil {
		return nil, fmt.Errorf("parse poster template: %w", err)
	}
	css, err := fs.ReadFile(files, "static/poster.css")
	if err != nil {
		return nil, fmt.Errorf("read poster stylesheet: %w", err)
	}
	f, err := loadFonts()
	if err != nil {
		return nil, err
	}
	return &Printer{codes: codes, messages: messages, base: base, page: page, css: template.CSS(css), fonts: f}, nil
}

// content is what a poster says, translated, whatever it is printed on.
type content struct {
	Lang      i18n.Language
	Title     string
	Headline  string
	Subhead   string
	Minutes   string
	Scan      string
	Link      string // encoded in the QR code
	ShortLink string // typed out, without https://
	Setting   string
	Closes    string
	Calls     []call // the call to action in the survey's other languages
	Childline string
	Footnote  string
	Strip     string
	StripHost string // the short link before its path, on a line of its own on each strip
	StripPath string // "/j/" and the channel's code, printed large on each strip
	Strips    bool
	Colour    string        // the partnership's colour, behind white text
	Note      string        // shown on screen only (channels.PosterOptions.ScreenNote)
	NoteLang  i18n.Language // the note's language, which may differ from the poster's
}

type call struct {
	Lang i18n.Language
	Text string
}

// content builds a channel's poster text in opts.Lang, or the survey's default language.
func (p *Printer) content(s *survey.Survey, ch *survey.Channel, opts channels.PosterOptions) content {
	lang := opts.Lang
	if !s.Offers(lang) {
		lang = s.DefaultLanguage
	}
	l := p.messages.Localizer(lang)
	colour, _ := s.Partnership.Colours()
	c := content{
		Lang:      i18n.Describe(lang),
		Title:     l.T("poster.title", "Setting", ch.Name),
		Headline:  l.T("poster.headline"),
		Subhead:   l.T("poster.subhead"),
		Minutes:   l.T("poster.minutes"),
		Scan:      l.T("poster.scan"),
		Link:      ch.Link(p.base),
		ShortLink: strings.TrimPrefix(ch.ShortLink(p.base), "https://"),
		Setting:   ch.Name,
		Childline: l.T("poster.childline"),
		Footnote:  l.T("poster.footnote"),
		Strip:     l.T("poster.strip"),
		Strips:    opts.Strips,
		Colour:    colour,
		Note:      opts.ScreenNote,
		NoteLang:  i18n.Describe(opts.ScreenNoteLang),
	}
	c.StripHost, c.StripPath = splitLink(c.ShortLink)
	if day, err := time.Parse(time.DateOnly, ch.LastDay(s)); err == nil {
		c.Closes = l.T("poster.closes", "Date", l.Date(day))
	}
	for _, other := range s.LanguageCodes() {
		if other == lang || !p.messages.Has(other, "poster.call") {
			continue
		}
		text := p.messages.Localizer(other).T("poster.call")
		if text == l.T("poster.call") || slices.ContainsFunc(c.Calls, func(c call) bool { return c.Text == text }) {
			continue // a regional variant that words the call as its base language does
		}
		c.Calls = append(c.Calls, call{Lang: i18n.Describe(other), Text: text})
	}
	return c
}

// HTML writes one channel's poster as a web page that prints on A4.
func (p *Printer) HTML(w io.Writer, s *survey.Survey, ch *survey.Channel, opts channels.PosterOptions) error {
	svg, err := p.codes.SVG(ch.Link(p.base))
	if err != nil {
		return err
	}
	data := struct {
		content
		CSS template.CSS
		QR  template.HTML
	}{p.content(s, ch, opts), p.css, template.HTML(svg)}
	if err := p.page.Execute(w, data); err != nil {
		return fmt.Errorf("write poster of %s: %w", ch.Code, err)
	}
	return nil
}

// stripCount is how many tear-off strips run along the bottom of a poster: six, each 35 mm
// wide, so the code on it reads from arm's length on a school wall.
const stripCount = 6

// StripCount lets the page template draw one strip per element.
func (c content) StripCount() []int {
	return make([]int, stripCount)
}

// Poster measures, in millimetres.
const (
	stripHeight = 55.0
	stripPad    = 3.0 // between a strip's text and its cut lines
)

// Poster text styles, in points.
var (
	posterHeadline = style{size: 30, bold: true, colour: canvas.White}
	posterSubhead  = style{size: 18, colour: canvas.White}
	posterPill     = style{size: 14, bold: true, colour: ink}
	posterBody     = style{size: 13, colour: ink}
	posterStrong   = style{size: 15, bold: true, colour: ink}
	posterCall     = style{size: 11, colour: ink}
	posterFoot     = style{size: 8.5, colour: muted}
)

// PDF writes the channels' posters as one PDF, a page each, in the order given, in every script.
func (p *Printer) PDF(w io.Writer, s *survey.Survey, channels []*survey.Channel, opts channels.PosterOptions) error {
	doc := pdf.New(w, pageWidth, pageHeight, &pdf.Options{Compress: true, SubsetFonts: true})
	doc.SetInfo(s.Title.In(s.DefaultLanguage), "", "", "", "safetysurvey")
	for i, ch := range channels {
		modules, err := p.codes.Modules(ch.Link(p.base))
		if err != nil {
			return err
		}
		c := p.content(s, ch, opts)
		if i == 0 {
			doc.SetLang(c.Lang.Code)
		} else {
			doc.NewPage(pageWidth, pageHeight)
		}
		cv := canvas.New(pageWidth, pageHeight)
		p.drawPoster(newSheet(cv, c.Lang.Dir == "rtl", p.fonts), c, modules)
		cv.RenderTo(doc)
	}
	if err := closePDF(doc); err != nil {
		return fmt.Errorf("write posters of %s: %w", s.Slug, err)
	}
	return nil
}

// drawPoster lays out one poster, top to bottom: the coloured band with the headline, "takes
// about 5 minutes" and that it is anonymous; the QR code and the short link, large; the setting
// and closing date; the call in the other languages; Childline; the footnote; and the strips.
func (p *Printer) drawPoster(sh *sheet, c content, modules [][]bool) {
	rtl := c.Lang.Dir == "rtl"
	wrap := func(s string, st style, width float64) paragraph { return p.fonts.wrap(s, st, width, rtl) }
	centred := func(y float64, para paragraph) float64 {
		lh := para.st.lineHeight()
		for i, l := range para.lines {
			sh.line((pageWidth-l.width)/2, y+float64(i)*lh+baseline(para.st), l.width, l, false)
		}
		return y + para.height()
	}
	colour := canvas.Hex(c.Colour)
	bottom := pageHeight - margin
	qrSize := 78.0
	if c.Strips {
		bottom, qrSize = pageHeight-stripHeight-4, 56
	}
	// The band.
	headline, subhead := wrap(c.Headline, posterHeadline, contentWidth), wrap(c.Subhead, posterSubhead, contentWidth)
	band := 12 + headline.height() + 2 + subhead.height() + 10
	sh.rect(0, 0, pageWidth, band, colour)
	y := centred(12, headline) + 2
	centred(y, subhead)
	// "Takes about 5 minutes", in a pill across the band's foot.
	minutes := p.fonts.shape(c.Minutes, posterPill, rtl)
	pw := minutes.width + 10
	sh.path((pageWidth-pw)/2, band-5, pw, 10, canvas.RoundedRectangle(pw, 10, 5), mix(colour, canvas.White, 0.85))
	sh.line((pageWidth-minutes.width)/2, band-5+6.8, minutes.width, minutes, false)
	y = band + 9
	// The code and the link to type, large, always left to right.
	drawQR(sh, modules, (pageWidth-qrSize)/2, y, qrSize)
	y = centred(y+qrSize+2, wrap(c.Scan, posterBody, contentWidth))
	link := p.fonts.shape(c.ShortLink, style{size: fitSize(p.fonts, c.ShortLink, 30, contentWidth), bold: true, colour: colour}, false)
	sh.line((pageWidth-link.width)/2, y+baseline(style{size: 30}), link.width, link, false)
	y += style{size: 30}.lineHeight() + 1
	y = centred(y, wrap(c.Setting, posterStrong, contentWidth))
	if c.Closes != "" {
		y = centred(y, wrap(c.Closes, posterStrong, contentWidth))
	}
	y += 2
	for _, call := range c.Calls {
		para := p.fonts.wrap(call.Text, posterCall, contentWidth, call.Lang.Dir == "rtl")
		if y+para.height() > bottom-30 {
			break // the band, code and Childline come first on a crowded poster
		}
		y = centred(y, para)
	}
	// Childline and the footnote, from the bottom up.
	foot := wrap(c.Footnote, posterFoot, contentWidth)
	childline := wrap(c.Childline, style{size: 12, bold: true, colour: ink}, contentWidth-10)
	fy := bottom - foot.height()
	centred(fy, foot)
	by := fy - 3 - childline.height() - 6
	sh.path(margin, by, contentWidth, childline.height()+6, canvas.RoundedRectangle(contentWidth, childline.height()+6, 3), tint)
	centred(by+3, childline)
	if c.Strips {
		p.drawStrips(sh, c)
	}
}

// fitSize is the largest size up to size points at which s, bold, is at most width wide.
func fitSize(f *fonts, s string, size, width float64) float64 {
	w := f.shape(s, style{size: size, bold: true}, false).width
	if w <= width {
		return size
	}
	return size * width / w
}

// drawQR draws the modules as filled rectangles, one per run of dark modules in a row, so the
// code is vector and prints sharp at any size. It is never mirrored.
func drawQR(sh *sheet, modules [][]bool, x, y, size float64) {
	unit := size / float64(len(modules))
	rtl := sh.rtl
	sh.rtl = false
	defer func() { sh.rtl = rtl }()
	for row, cells := range modules {
		for col := 0; col < len(cells); {
			if !cells[col] {
				col++
				continue
			}
			run := 1
			for col+run < len(cells) && cells[col+run] {
				run++
			}
			sh.rect(x+float64(col)*unit, y+float64(row)*unit, float64(run)*unit+0.01, unit+0.01, canvas.Black)
			col += run
		}
	}
}

// drawStrips draws tear-off strips along the bottom, dashed where to cut, each with the survey's
// name and the short link running up it: the host on one line and the path with the channel's
// code, the part a child must get right, large and bold on the next. Each line is sized to stay
// inside its cut lines.
func (p *Printer) drawStrips(sh *sheet, c content) {
	width := pageWidth / stripCount
	sh.ctx.SetFillColor(canvas.Transparent)
	sh.ctx.SetStrokeColor(color.RGBA{85, 85, 85, 255})
	sh.ctx.SetStrokeWidth(0.25)
	sh.ctx.SetDashes(0, 2, 1.5)
	sh.ctx.DrawPath(0, stripHeight, canvas.Line(pageWidth, 0))
	for i := 1; i < stripCount; i++ {
		sh.ctx.DrawPath(float64(i)*width, 0, canvas.Line(0, stripHeight))
	}
	sh.ctx.SetDashes(0)
	sh.ctx.SetStrokeColor(canvas.Transparent)
	room := stripHeight - 2*stripPad
	rtl := c.Lang.Dir == "rtl"
	label := p.fonts.shape(c.Strip, style{size: fitSize(p.fonts, c.Strip, 10, room), colour: ink}, rtl)
	host := p.fonts.shape(c.StripHost, style{size: fitSize(p.fonts, c.StripHost, 12, room), colour: ink}, false)
	path := p.fonts.shape(c.StripPath, style{size: fitSize(p.fonts, c.StripPath, 18, room), bold: true, colour: ink}, false)
	for i := range stripCount {
		x := float64(i)*width + width/2
		// Canvas coordinates, y up: the strip runs from 0 to stripHeight; text reads upwards, its
		// glyphs rising to the left of the baseline at x+dx.
		for _, l := range []struct {
			line
			dx float64
		}{{label, -6}, {host, 0}, {path, 7.5}} {
			sh.ctx.Push()
			sh.ctx.RotateAbout(90, x+l.dx, stripPad)
			at := x + l.dx + (room-l.width)/2
			for _, t := range l.runs {
				sh.ctx.DrawText(at, stripPad, t)
				at += t.Width
			}
			sh.ctx.Pop()
		}
	}
}

// splitLink splits a short link before its path, "survey.example.org" and "/j/K7P3QX", so a
// strip can print the code large.
func splitLink(link string) (host, path string) {
	i := strings.LastIndex(link, "/j/")
	if i < 0 {
		return "", link
	}
	return link[:i], link[i:]
}
