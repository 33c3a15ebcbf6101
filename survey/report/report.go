// Package report draws a survey's published findings as an infographic to download: A4 pages of
// PDF, or one PNG image as wide as A4. It draws with github.com/tdewolff/canvas, whose text
// shaping (go-text's HarfBuzz port and a Go FriBidi) sets Arabic, Urdu and Bengali properly,
// in the Go fonts and, for those scripts, Noto Sans Arabic and Noto Sans Bengali embedded here.
package report

import (
	"fmt"
	"image/png"
	"io"
	"math"
	"sync"

	"github.com/tdewolff/canvas"
	"github.com/tdewolff/canvas/renderers/pdf"
	"github.com/tdewolff/canvas/renderers/rasterizer"

	"github.com/safeguarding/safetysurvey/i18n"
	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/chart"
	"github.com/safeguarding/safetysurvey/survey/findings"
)

// PNGDPI is the resolution of PNG exports: 1240 pixels across A4, enough to print or to zoom
// into on a phone.
const PNGDPI = 150

// The charts' colours, so paper and screen match.
var (
	ink    = canvas.Hex(chart.Ink)
	muted  = canvas.Hex(chart.Muted)
	accent = canvas.Hex(chart.BarColour)
	tint   = canvas.Hex("#eef3f9") // behind headline numbers: ink and accent keep over 4.5:1 on it
)

// Renderer draws findings infographics, worded in the summary's language.
type Renderer struct {
	messages *i18n.Catalog
	fonts    *fonts
	icons    icons
}

var _ findings.Infographics = (*Renderer)(nil)

// New returns a Renderer that words infographics with messages.
func New(messages *i18n.Catalog) (*Renderer, error) {
	f, err := loadFonts()
	if err != nil {
		return nil, err
	}
	ic, err := loadIcons()
	if err != nil {
		return nil, err
	}
	return &Renderer{messages: messages, fonts: f, icons: ic}, nil
}

// PDF writes the findings as A4 pages, their text searchable and in the document's language.
func (r *Renderer) PDF(w io.Writer, s *survey.Survey, sum *findings.Summary) error {
	l := r.messages.Localizer(sum.Lang)
	rtl := i18n.Describe(sum.Lang).Dir == "rtl"
	doc := pdf.New(w, pageWidth, pageHeight, &pdf.Options{Compress: true, SubsetFonts: true})
	doc.SetInfo(l.T("findings.title")+": "+sum.Title, "", "", "", "safetysurvey")
	doc.SetLang(sum.Lang)
	for i, page := range paginate(r.blocks(s, sum, l, rtl), pageHeight-margin) {
		if i > 0 {
			doc.NewPage(pageWidth, pageHeight)
		}
		c := canvas.New(pageWidth, pageHeight)
		draw(newSheet(c, rtl, r.fonts), page)
		c.RenderTo(doc)
	}
	if err := closePDF(doc); err != nil {
		return fmt.Errorf("write findings pdf of %s: %w", s.Slug, err)
	}
	return nil
}

// PNG writes the findings as one image, A4 wide at PNGDPI and as long as they need.
func (r *Renderer) PNG(w io.Writer, s *survey.Survey, sum *findings.Summary) error {
	rtl := i18n.Describe(sum.Lang).Dir == "rtl"
	page := paginate(r.blocks(s, sum, r.messages.Localizer(sum.Lang), rtl), math.Inf(1))[0]
	c := canvas.New(pageWidth, end(page)+margin)
	draw(newSheet(c, rtl, r.fonts), page)
	img := rasterizer.Draw(c, canvas.DPI(PNGDPI), canvas.DefaultColorSpace)
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(w, img); err != nil {
		return fmt.Errorf("write findings png of %s: %w", s.Slug, err)
	}
	return nil
}

func draw(s *sheet, page []placed) {
	for _, p := range page {
		p.draw(s, p.y)
	}
}

// subsetting lets one PDF at a time cut its fonts down to the glyphs it uses: the library writes
// into the shared font while it does, so two documents closing at once raced on it.
var subsetting sync.Mutex

// closePDF finishes a document, subsetting its fonts under subsetting.
func closePDF(doc *pdf.PDF) error {
	subsetting.Lock()
	defer subsetting.Unlock()
	return doc.Close()
}
