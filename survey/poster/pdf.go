package poster

import (
	"fmt"
	"io"

	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"

	"github.com/safeguarding/safetysurvey/survey"
)

// A4 in millimetres, the page's margin and the height the tear-off strips take.
const (
	pageWidth   = 210.0
	pageHeight  = 297.0
	margin      = 15.0
	stripHeight = 45.0
	textWidth   = pageWidth - 2*margin
)

// font is the family name the Go fonts are registered under in every PDF.
const font = "go"

// PDF writes the channels' posters as one PDF, a page each, in the order given. Languages the
// PDF cannot print (see inPDF) are named in each page's footnote instead.
func (p *Printer) PDF(w io.Writer, s *survey.Survey, channels []*survey.Channel, opts survey.PosterOptions) error {
	doc := fpdf.New("P", "mm", "A4", "")
	doc.SetAutoPageBreak(false, 0)
	doc.SetMargins(margin, margin, margin)
	doc.AddUTF8FontFromBytes(font, "", goregular.TTF)
	doc.AddUTF8FontFromBytes(font, "B", gobold.TTF)
	doc.SetTitle(s.Title.In(s.DefaultLanguage), true)
	doc.SetCreator("safetysurvey", true)
	for _, ch := range channels {
		modules, err := p.codes.Modules(ch.Link(p.base))
		if err != nil {
			return err
		}
		drawPage(doc, p.content(s, ch, opts, p.inPDF), modules)
	}
	if err := doc.Output(w); err != nil {
		return fmt.Errorf("write posters of %s: %w", s.Slug, err)
	}
	return nil
}

// drawPage lays out one poster, top to bottom: headline, QR code, the link to type, the setting
// and closing date, the other languages, the footnote and the strips.
func drawPage(doc *fpdf.Fpdf, c content, modules [][]bool) {
	doc.AddPage()
	bottom := pageHeight - 10
	qrSize := 90.0
	if c.Strips {
		bottom, qrSize = pageHeight-stripHeight-4, 76
	}
	doc.SetXY(margin, 18)
	text := func(style string, size, lineHeight float64, s string) {
		doc.SetFont(font, style, size)
		doc.SetX(margin)
		doc.MultiCell(textWidth, lineHeight, s, "", "C", false)
	}
	text("B", 27, 12, c.Headline)
	text("B", 22, 10, c.Subhead)
	y := doc.GetY() + 5
	drawQR(doc, modules, (pageWidth-qrSize)/2, y, qrSize)
	doc.SetY(y + qrSize + 3)
	text("", 13, 6, c.Scan)
	text("B", 24, 11, c.ShortLink)
	doc.SetY(doc.GetY() + 2)
	text("B", 16, 8, c.Setting)
	if c.Closes != "" {
		text("", 14, 7, c.Closes)
	}
	doc.SetY(doc.GetY() + 3)
	for _, call := range c.Calls {
		text("", 10.5, 5, call.Text)
	}
	doc.SetFont(font, "", 8)
	footnote := c.Footnote
	if c.Omitted != "" {
		footnote += " " + c.Omitted
	}
	lines := doc.SplitText(footnote, textWidth)
	doc.SetTextColor(68, 68, 68)
	doc.SetY(bottom - 4*float64(len(lines)))
	text("", 8, 4, footnote)
	doc.SetTextColor(0, 0, 0)
	if c.Strips {
		drawStrips(doc, c)
	}
}

// drawQR draws the modules as filled rectangles, one per run of dark modules in a row, so the
// code is vector and prints sharp at any size.
func drawQR(doc *fpdf.Fpdf, modules [][]bool, x, y, size float64) {
	unit := size / float64(len(modules))
	doc.SetFillColor(0, 0, 0)
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
			doc.Rect(x+float64(col)*unit, y+float64(row)*unit, float64(run)*unit, unit, "F")
			col += run
		}
	}
}

// drawStrips draws tear-off strips along the bottom, dashed where to cut, each with the short
// link running up it.
func drawStrips(doc *fpdf.Fpdf, c content) {
	top := pageHeight - stripHeight
	width := pageWidth / stripCount
	doc.SetDrawColor(85, 85, 85)
	doc.SetLineWidth(0.2)
	doc.SetDashPattern([]float64{2, 1.5}, 0)
	doc.Line(0, top, pageWidth, top)
	for i := 1; i < stripCount; i++ {
		doc.Line(float64(i)*width, top, float64(i)*width, pageHeight)
	}
	doc.SetDashPattern(nil, 0)
	for i := range stripCount {
		x := float64(i)*width + width/2
		doc.TransformBegin()
		doc.TransformRotate(90, x, pageHeight-4)
		doc.SetFont(font, "", 8)
		doc.Text(x, pageHeight-4-2, c.Strip)
		doc.SetFont(font, "B", 9)
		doc.Text(x, pageHeight-4+2.5, c.ShortLink)
		doc.TransformEnd()
	}
}
