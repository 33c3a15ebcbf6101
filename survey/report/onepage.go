package report

import (
	"fmt"
	"image/color"
	"image/png"
	"io"
	"slices"

	"github.com/tdewolff/canvas"
	"github.com/tdewolff/canvas/renderers/pdf"
	"github.com/tdewolff/canvas/renderers/rasterizer"

	"github.com/safeguarding/safetysurvey/i18n"
	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/chart"
	"github.com/safeguarding/safetysurvey/survey/findings"
)

// One-page styles, in points.
var (
	bandNameStyle  = style{size: 9, bold: true, colour: canvas.White}
	bandTitleStyle = style{size: 22, bold: true, colour: canvas.White}
	bandSubStyle   = style{size: 13, colour: canvas.White}
	sectionStyle   = style{size: 12, bold: true, colour: ink}
	headlineStyle  = style{size: 11, bold: true, colour: ink}
	quoteStyle     = style{size: 9.5, colour: ink}
	footStyle      = style{size: 8, colour: ink}
)

// The one page's measures, in millimetres.
const (
	pagePad    = 12.0
	pageColGap = 8.0
	tilePad    = 3.0
	person     = 4.6
	personGap  = 0.9
	iconSize   = 7.0
	sectionGap = 4.0
)

// design is the partnership's look: the colour behind white text, the accent of marks and a
// pale tint of the accent behind tiles.
type design struct {
	colour, accent, tint color.RGBA
	logo, name           string
}

func designOf(s *survey.Survey, lang string) design {
	colour, accent := s.Partnership.Colours()
	d := design{colour: canvas.Hex(colour), accent: canvas.Hex(accent)}
	d.tint = mix(d.accent, canvas.White, 0.9)
	if p := s.Partnership; p != nil {
		d.logo, d.name = p.Logo, p.Name.In(lang)
	}
	return d
}

// mix is a between b and a, share of the way to b.
func mix(a, b color.RGBA, share float64) color.RGBA {
	m := func(x, y uint8) uint8 { return uint8(float64(x) + (float64(y)-float64(x))*share + 0.5) }
	return color.RGBA{m(a.R, b.R), m(a.G, b.G), m(a.B, b.B), 255}
}

// page builds the one-page infographic: its sections in order, each one block as wide as the page.
type page struct {
	*builder
	s   *survey.Survey
	sum *findings.Summary
	d   design
	ic  icons
	// width is the sheet's; inner is inside its margins and col a column, half of it, or all of
	// it on a narrow sheet.
	width, inner, col float64
	cols              int
}

func (r *Renderer) newPage(s *survey.Survey, sum *findings.Summary, width float64, cols int) *page {
	l := r.messages.Localizer(sum.Lang)
	p := &page{builder: &builder{f: r.fonts, l: l, rtl: i18n.Describe(sum.Lang).Dir == "rtl"}, s: s, sum: sum, d: designOf(s, sum.Lang), ic: r.icons,
		width: width, inner: width - 2*pagePad, cols: cols}
	p.col = (p.inner - float64(cols-1)*pageColGap) / float64(cols)
	return p
}

// x is where column i starts.
func (p *page) x(i int) float64 {
	return pagePad + float64(i)*(p.col+pageColGap)
}

// draw draws blocks down a new sheet of the page's width, height tall, and foot, if any, at
// its foot.
func (p *page) draw(blocks []block, height float64, foot ...block) *canvas.Canvas {
	c := canvas.New(p.width, height)
	sh := newSheet(c, p.rtl, p.f)
	y := 0.0
	for _, b := range blocks {
		b.draw(sh, y)
		y += b.height + b.gap
	}
	for _, f := range foot {
		f.draw(sh, height-pagePad-f.height)
	}
	return c
}

// OnePage writes the findings as one designed A4 page: the partnership's band, the headlines
// with a row of ten people each, how safe children feel (combined answers where the survey
// defines them), what would help, a quote or two, what the partnership will do, and the
// credit to the young scrutineers. Sections that do not fit are left out, the least needed
// first; the full report has everything.
func (r *Renderer) OnePage(w io.Writer, s *survey.Survey, sum *findings.Summary) error {
	p := r.newPage(s, sum, pageWidth, 2)
	doc := pdf.New(w, pageWidth, pageHeight, &pdf.Options{Compress: true, SubsetFonts: true})
	doc.SetInfo(p.l.T("infographic.title")+": "+sum.Title, "", "", "", "safetysurvey")
	doc.SetLang(sum.Lang)
	p.draw(p.fit(pageHeight-pagePad), pageHeight).RenderTo(doc)
	if err := closePDF(doc); err != nil {
		return fmt.Errorf("write findings page of %s: %w", s.Slug, err)
	}
	return nil
}

// The share image: 1080 by 1350 pixels, the portrait size phones and social media show whole.
const (
	shareWidth  = 135.0
	shareHeight = 168.75
	shareDPMM   = 8
)

// Share writes the headlines as an image to share on a phone: the partnership's band, a tile
// for each headline that fits, and the credit to the young scrutineers at the foot.
func (r *Renderer) Share(w io.Writer, s *survey.Survey, sum *findings.Summary) error {
	p := r.newPage(s, sum, shareWidth, 1)
	foot := p.footer()
	blocks := []block{p.band()}
	used := blocks[0].height + blocks[0].gap
	for _, t := range p.headlineTiles() {
		if used+t.height > shareHeight-2*pagePad-foot.height {
			break
		}
		blocks, used = append(blocks, t), used+t.height+t.gap
	}
	c := p.draw(blocks, shareHeight, foot)
	img := rasterizer.Draw(c, canvas.DPMM(shareDPMM), canvas.DefaultColorSpace)
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(w, img); err != nil {
		return fmt.Errorf("write share image of %s: %w", s.Slug, err)
	}
	return nil
}

// fit lays the sections out down a page height tall, leaving out optional ones, least needed
// first, until the rest fit.
func (p *page) fit(height float64) []block {
	type section struct {
		blocks []block
		drop   int // 0: always shown; higher: left out sooner
	}
	tiles := p.headlineTiles()
	sections := []section{
		{blocks: []block{p.band()}},
		{blocks: tiles[:min(1, len(tiles))], drop: 1},
		{blocks: tiles[min(1, len(tiles)):], drop: 4},
		{blocks: p.columns(), drop: 3},
		{blocks: p.quoteTiles(), drop: 5},
		{blocks: p.actionList(), drop: 2},
		{blocks: []block{p.footer()}},
	}
	for drop := 6; ; drop-- {
		var out []block
		used := 0.0
		for _, s := range sections {
			if s.drop == 0 || s.drop < drop {
				for _, b := range s.blocks {
					out = append(out, b)
					used += b.height + b.gap
				}
			}
		}
		if used <= height || drop == 1 {
			return out
		}
	}
}

// band is the partnership's coloured band: logo, name, the survey's title and how many took part.
func (p *page) band() block {
	const logoH = 22.0
	textX := pagePad
	if p.d.logo != "" {
		textX += logoH + 5
	}
	width := p.width - pagePad - textX
	var paras []paragraph
	if p.d.name != "" {
		paras = append(paras, p.wrap(p.d.name, bandNameStyle, width))
	}
	paras = append(paras, p.wrap(p.sum.Title, bandTitleStyle, width), p.wrap(p.l.T("infographic.title"), bandSubStyle, width))
	if p.sum.Responses != nil {
		paras = append(paras, p.wrap(p.l.Number(*p.sum.Responses)+" "+p.l.T("findings.headline.responses"), bandNameStyle, width))
	}
	h := 0.0
	for _, para := range paras {
		h += para.height() + 1
	}
	height := max(h, logoH) + 12
	return block{height: height, gap: sectionGap, draw: func(sh *sheet, y float64) {
		sh.rect(0, y, p.width, height, p.d.colour)
		if p.d.logo != "" {
			sh.logo(p.d.logo, pagePad, y+(height-logoH)/2, logoH)
		}
		ty := y + (height-h)/2
		for _, para := range paras {
			sh.paragraph(textX, ty, width, para)
			ty += para.height() + 1
		}
	}}
}

// headlineTiles puts the headlines two to a row, each with ten people, as many filled as the
// headline's count in ten.
func (p *page) headlineTiles() []block {
	if len(p.sum.Headlines) == 0 {
		return nil
	}
	var blocks []block
	hs := p.sum.Headlines[:min(4, len(p.sum.Headlines))]
	for i := 0; i < len(hs); i += p.cols {
		row := hs[i:min(i+p.cols, len(hs))]
		texts := make([]paragraph, len(row))
		height := 0.0
		for j, h := range row {
			texts[j] = p.wrap(h.Text, headlineStyle, p.col-2*tilePad)
			height = max(height, texts[j].height()+2+person*1.6+2*tilePad)
		}
		blocks = append(blocks, block{height: height, gap: sectionGap, draw: func(sh *sheet, y float64) {
			for j, h := range row {
				x := p.x(j)
				sh.path(x, y, p.col, height, canvas.RoundedRectangle(p.col, height, 2), p.d.tint)
				sh.paragraph(x+tilePad, y+tilePad, p.col-2*tilePad, texts[j])
				p.pictogram(sh, x+tilePad, y+tilePad+texts[j].height()+2, h)
			}
		}})
	}
	return blocks
}

// pictogram draws ten people, the first as many as the headline counts in ten in the accent.
func (p *page) pictogram(sh *sheet, x, y float64, h findings.Headline) {
	filled := int((h.Value*10 + int64(h.Per)/2) / int64(h.Per))
	pale := mix(p.d.accent, canvas.White, 0.7)
	for k := range 10 {
		fill := pale
		if k < filled {
			fill = p.d.accent
		}
		sh.icon(p.ic, "person", x+float64(k)*(person+personGap), y, person*1.6, fill)
	}
}

// sectionTitle is an icon and a heading, a column wide.
func (p *page) sectionTitle(icon, title string, width float64) figure {
	t := p.wrap(title, sectionStyle, width-iconSize-2)
	h := max(t.height(), iconSize)
	return figure{height: h + 2, draw: func(sh *sheet, x, y float64) {
		sh.icon(p.ic, icon, x, y, iconSize, p.d.accent)
		sh.paragraph(x+iconSize+2, y+(h-t.height())/2, width-iconSize-2, t)
	}}
}

// columns sets how safe children feel (the single-choice and scale questions that combine
// answers, as the groups) beside what would help (the multiple-choice questions, top four
// answers each).
func (p *page) columns() []block {
	left := []figure{p.sectionTitle("shield", p.l.T("infographic.how_safe"), p.col)}
	var right []figure
	icons := []string{"bulb", "speech"}
	for _, q := range p.sum.Questions {
		switch {
		case len(q.Combined) > 0:
			left = append(left, p.meter(q.WithCombined()))
		case q.Type == survey.Multiple && len(right) < 2*len(icons):
			right = append(right, p.sectionTitle(icons[len(right)/2], q.Text, p.col), p.bars(topAnswers(q, 3)))
		}
	}
	if len(left) == 1 && len(right) == 0 {
		return nil
	}
	stackHeight := func(fs []figure) float64 {
		h := 0.0
		for _, f := range fs {
			h += f.height + 3
		}
		return h
	}
	height := max(stackHeight(left), stackHeight(right))
	return []block{{height: height, gap: sectionGap, draw: func(sh *sheet, y float64) {
		for col, fs := range [][]figure{left, right} {
			x, fy := p.x(col), y
			for _, f := range fs {
				f.draw(sh, x, fy)
				fy += f.height + 3
			}
		}
	}}}
}

// meter is a question's answers as one bar a column wide, in the definition's order, coloured
// as the charts colour a scale, with each answer's words and percentage in a row beneath.
// Suppressed answers are not drawn apart; together they leave the rest of the bar striped.
func (p *page) meter(q findings.QuestionSummary) figure {
	const barH, sw = 6.0, 3.0
	title := p.wrap(q.Text, chartTitleStyle, p.col)
	type seg struct {
		x, w     float64
		fill     color.RGBA
		negative bool
	}
	var segs []seg
	pos := 0.0
	n := len(q.Options)
	keys := make([]paragraph, n)
	keyH := 0.0
	colours := make([]color.RGBA, n)
	hatch := make([]bool, n)
	for i, o := range q.Options {
		fill, negative := chart.ScaleColour(q.Options, i)
		colours[i], hatch[i] = canvas.Hex(fill), negative
		if q.Type != survey.Scale { // answers in no order: shades of the accent
			colours[i], hatch[i] = mix(p.d.accent, canvas.White, min(0.45, 0.25*float64(i))), false
			if o.ID == survey.PreferNotToSay {
				colours[i] = muted
			}
		}
	}
	for i, o := range q.Options {
		if o.Percent != nil && !o.Suppressed {
			w := min(*o.Percent/100*p.col, p.col-pos)
			segs = append(segs, seg{pos, w, colours[i], hatch[i]})
			pos += w
		}
		keys[i] = p.wrap(o.Label+": "+chart.Value(o, p.l), labelStyle, p.col/float64(n)-sw-2)
		keyH = max(keyH, keys[i].height())
	}
	return figure{height: title.height() + 1 + barH + 2 + max(keyH, sw), draw: func(sh *sheet, x, y float64) {
		sh.paragraph(x, y, p.col, title)
		y += title.height() + 1
		for _, sg := range segs {
			sh.rect(x+sg.x, y, sg.w, barH, sg.fill)
			if sg.negative {
				sh.hatched(x+sg.x, y, sg.w, barH)
			}
			if sg.x > 0 {
				sh.rect(x+sg.x, y, 0.3, barH, canvas.White)
			}
		}
		if pos < p.col-0.3 {
			sh.striped(x+pos, y, p.col-pos, barH)
			sh.dashed(x+pos, y, p.col-pos, barH)
		}
		y += barH + 2
		for i := range q.Options {
			kx := x + float64(i)*p.col/float64(n)
			sh.rect(kx, y+0.4, sw, sw, colours[i])
			if hatch[i] {
				sh.hatched(kx, y+0.4, sw, sw)
			}
			sh.paragraph(kx+sw+1.5, y, p.col/float64(n)-sw-2, keys[i])
		}
	}}
}

// topAnswers keeps a multiple-choice question's n most chosen answers that are shown.
func topAnswers(q findings.QuestionSummary, n int) findings.QuestionSummary {
	q.Options = slices.DeleteFunc(slices.Clone(q.Options), func(o findings.OptionSummary) bool {
		return o.Count == nil || o.ID == survey.PreferNotToSay
	})
	slices.SortStableFunc(q.Options, func(a, b findings.OptionSummary) int { return int(*b.Count - *a.Count) })
	q.Options = q.Options[:min(n, len(q.Options))]
	return q
}

// quoteTiles sets up to two approved quotes side by side, each marked with the quote icon and
// in the direction it is written.
func (p *page) quoteTiles() []block {
	if len(p.sum.Quotes) == 0 {
		return nil
	}
	const mark = 5.0
	qs := p.sum.Quotes[:min(2, len(p.sum.Quotes))]
	width := p.col - 3*tilePad - mark
	texts := make([]paragraph, len(qs))
	height := 0.0
	for i, q := range qs {
		texts[i] = p.f.wrap(q.Text, quoteStyle, width, i18n.Describe(q.Lang).Dir == "rtl")
		height = max(height, texts[i].height()+2*tilePad, mark+2*tilePad)
	}
	return []block{{height: height, gap: sectionGap, draw: func(sh *sheet, y float64) {
		for i := range qs {
			x := p.x(i)
			sh.path(x, y, p.col, height, canvas.RoundedRectangle(p.col, height, 2), p.d.tint)
			sh.icon(p.ic, "quote", x+tilePad, y+tilePad, mark, p.d.accent)
			sh.paragraph(x+2*tilePad+mark, y+tilePad, width, texts[i])
		}
	}}}
}

// actionList lists what the partnership will do, numbered, two columns, with how far each got.
func (p *page) actionList() []block {
	if len(p.s.Actions) == 0 {
		return nil
	}
	title := p.sectionTitle("actions", p.l.T("findings.actions.title"), p.inner)
	const num = 7.0
	acts := p.s.Actions[:min(6, len(p.s.Actions))]
	var items []figure
	for i, a := range acts {
		n := p.f.shape(p.l.Number(int64(i+1)), style{size: 11, bold: true, colour: canvas.White}, p.rtl)
		// An action not yet in the page's language is shown in English, written left to right,
		// and marked as such.
		text := p.wrap(a.Text.In(p.sum.Lang), bodyStyle, p.col-num-2)
		if !a.Text.Has(p.sum.Lang) {
			text = p.f.wrap(a.Text.In(p.sum.Lang)+" "+p.l.T("findings.in_english"), bodyStyle, p.col-num-2, false)
		}
		status := p.wrap(p.l.T("action."+a.Status), statusStyle, p.col-num-2)
		h := max(text.height()+status.height(), num)
		items = append(items, figure{height: h, draw: func(sh *sheet, x, y float64) {
			sh.path(x, y, num, num, canvas.Circle(num/2).Translate(num/2, num/2), p.d.accent)
			sh.line(x+(num-n.width)/2, y+num/2+1.3, n.width, n, p.rtl)
			sh.paragraph(x+num+2, y, p.col-num-2, text)
			sh.paragraph(x+num+2, y+text.height(), p.col-num-2, status)
		}})
	}
	var blocks []block
	blocks = append(blocks, block{height: title.height, draw: func(sh *sheet, y float64) { title.draw(sh, pagePad, y) }})
	for i := 0; i < len(items); i += 2 {
		row := items[i:min(i+2, len(items))]
		h := 0.0
		for _, it := range row {
			h = max(h, it.height)
		}
		blocks = append(blocks, block{height: h, gap: 2.5, draw: func(sh *sheet, y float64) {
			for j, it := range row {
				it.draw(sh, p.x(j), y)
			}
		}})
	}
	blocks[len(blocks)-1].gap = sectionGap
	return blocks
}

// footer credits the young scrutineers and says how numbers are kept anonymous.
func (p *page) footer() block {
	credit := p.wrap(p.l.T("infographic.credit"), style{size: 9.5, bold: true, colour: ink}, p.inner-iconSize-2)
	note := p.wrap(p.l.T("infographic.anonymous", "MinCount", p.l.Number(int64(p.sum.Rules.MinCount))), footStyle, p.inner-iconSize-2)
	h := credit.height() + note.height() + 1
	return block{height: h, draw: func(sh *sheet, y float64) {
		sh.icon(p.ic, "star", pagePad, y, iconSize, p.d.accent)
		sh.paragraph(pagePad+iconSize+2, y, p.inner-iconSize-2, credit)
		sh.paragraph(pagePad+iconSize+2, y+credit.height()+1, p.inner-iconSize-2, note)
	}}
}
