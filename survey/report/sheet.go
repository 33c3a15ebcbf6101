package report

import (
	"image/color"
	"math"

	"github.com/tdewolff/canvas"
)

// A4 in millimetres, the margin around the content and the gap between two columns of charts.
const (
	pageWidth    = 210.0
	pageHeight   = 297.0
	margin       = 15.0
	contentWidth = pageWidth - 2*margin
	columnGap    = 8.0
	columnWidth  = (contentWidth - columnGap) / 2
)

// sheet is one canvas drawn on from the top down in millimetres, laid out from the left and
// mirrored for languages written right to left, as the SVG charts are.
type sheet struct {
	ctx  *canvas.Context
	w, h float64
	rtl  bool
	f    *fonts
}

func newSheet(c *canvas.Canvas, rtl bool, f *fonts) *sheet {
	s := &sheet{ctx: canvas.NewContext(c), w: c.W, h: c.H, rtl: rtl, f: f}
	s.rect(0, 0, c.W, c.H, canvas.White)
	return s
}

// left is where a box at x, w wide, starts on the page.
func (s *sheet) left(x, w float64) float64 {
	if s.rtl {
		return s.w - x - w
	}
	return x
}

// path draws p with its top-left corner at x, y, filled with fill, which is a colour or a pattern.
func (s *sheet) path(x, y, w, h float64, p *canvas.Path, fill any) {
	s.ctx.SetFill(fill)
	s.ctx.SetStrokeColor(canvas.Transparent)
	s.ctx.DrawPath(s.left(x, w), s.h-y-h, p)
}

func (s *sheet) rect(x, y, w, h float64, fill any) {
	s.path(x, y, w, h, canvas.Rectangle(w, h), fill)
}

// hatched covers a box with thin pale stripes, as the charts mark the negative side of a scale.
func (s *sheet) hatched(x, y, w, h float64) {
	s.tiled(x, y, w, h, canvas.NewLineHatch(color.RGBA{255, 255, 255, 115}, 45, 1.2, 0.35))
}

// dotted covers a box with pale dots, as the charts mark "prefer not to say".
func (s *sheet) dotted(x, y, w, h float64) {
	s.tiled(x, y, w, h, canvas.NewShapeHatch(color.RGBA{255, 255, 255, 150}, canvas.Circle(0.3), 1.2, 0))
}

// striped covers a box with thin grey stripes, as the charts mark what suppressed answers fill.
func (s *sheet) striped(x, y, w, h float64) {
	s.tiled(x, y, w, h, canvas.NewLineHatch(muted, 45, 1.2, 0.2))
}

// tiled draws a hatch's marks over a box as shapes, which every renderer draws the same way
// (the PDF renderer does not draw pattern fills).
func (s *sheet) tiled(x, y, w, h float64, hatch *canvas.HatchPattern) {
	s.path(x, y, w, h, hatch.Tile(canvas.Rectangle(w, h)), hatch.Fill.Color)
}

// dashed outlines a box with a dashed line, as the charts mark what is suppressed.
func (s *sheet) dashed(x, y, w, h float64) {
	s.ctx.SetFillColor(canvas.Transparent)
	s.ctx.SetStrokeColor(muted)
	s.ctx.SetStrokeWidth(0.25)
	s.ctx.SetDashes(0, 0.8, 0.5)
	s.ctx.DrawPath(s.left(x, w), s.h-y-h, canvas.Rectangle(w, h))
	s.ctx.SetDashes(0)
	s.ctx.SetStrokeColor(canvas.Transparent)
}

// line draws l with its baseline at y in the box at x, w wide, against the end of the box
// when the text is written right to left.
func (s *sheet) line(x, y, w float64, l line, rtl bool) {
	at := s.left(x, w)
	if rtl {
		at += w - l.width
	}
	for _, t := range l.runs {
		s.ctx.DrawText(at, s.h-y, t)
		at += t.Width
	}
}

// paragraph draws p from y down in the box at x, w wide.
func (s *sheet) paragraph(x, y, w float64, p paragraph) {
	lh := p.st.lineHeight()
	for i, l := range p.lines {
		s.line(x, y+float64(i)*lh+baseline(p.st), w, l, p.rtl)
	}
}

// baseline is how far below the top of a line its baseline is.
func baseline(st style) float64 {
	return st.size * 0.3528 * 1.05
}

// block is a part of the infographic as wide as the page's content, drawn with its top at y.
// Headings keep with the block after them, so a page never ends on one.
type block struct {
	height, gap float64 // gap is the space below it
	keep        bool
	draw        func(s *sheet, y float64)
}

// placed is a block where it goes on its page.
type placed struct {
	block
	y float64
}

// paginate places blocks down pages whose content ends at bottom (+Inf for one long sheet).
// A block taller than a page gets a page of its own and is cut at its foot.
func paginate(blocks []block, bottom float64) [][]placed {
	pages := [][]placed{nil}
	y := margin
	for i, b := range blocks {
		need := b.height
		if b.keep && i+1 < len(blocks) {
			need += b.gap + blocks[i+1].height
		}
		if y+need > bottom && y > margin {
			pages, y = append(pages, nil), margin
		}
		pages[len(pages)-1] = append(pages[len(pages)-1], placed{block: b, y: y})
		y += b.height + b.gap
	}
	return pages
}

// end is how far down a page its last block reaches.
func end(page []placed) float64 {
	bottom := margin
	for _, p := range page {
		bottom = math.Max(bottom, p.y+p.height)
	}
	return bottom
}
