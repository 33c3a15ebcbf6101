package report

import (
	"image/color"

	"github.com/tdewolff/canvas"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/chart"
	"github.com/safeguarding/safetysurvey/survey/findings"
)

// Chart text styles, in points.
var (
	chartTitleStyle = style{size: 9.5, bold: true, colour: ink}
	captionStyle    = style{size: 7.5, colour: muted}
	labelStyle      = style{size: 8, colour: ink}
	valueStyle      = style{size: 7.5, colour: ink}
	suppressedStyle = style{size: 7.5, colour: muted}
)

// Chart sizes, in millimetres.
const (
	barHeight   = 3.6
	valueWidth  = 30.0 // room after the longest bar for its number
	rowGap      = 2.2
	stackHeight = 6.0
	swatch      = 3.2
)

// figure is one chart a column wide, drawn with its top-left corner at x, y. Charts are drawn as
// the SVG charts are: the same order (QuestionSummary.Ranked), labels (chart.Value), colours and marks; a
// suppressed number is never drawn, only named as suppressed.
type figure struct {
	height float64
	draw   func(sh *sheet, x, y float64)
}

func (b *builder) chart(q findings.QuestionSummary) figure {
	title := b.wrap(q.Text, chartTitleStyle, columnWidth)
	answered := b.wrap(chart.Answered(q.Base, b.l), captionStyle, columnWidth)
	top := title.height() + answered.height() + 1.5
	body := b.bars(q)
	if q.Type == survey.Scale {
		body = b.stack(q)
	}
	return figure{height: top + body.height, draw: func(sh *sheet, x, y float64) {
		sh.paragraph(x, y, columnWidth, title)
		sh.paragraph(x, y+title.height(), columnWidth, answered)
		body.draw(sh, x, y+top)
	}}
}

// bars draws a bar per option, as long as its percentage, with its number after it; a
// suppressed option is a dashed empty box.
func (b *builder) bars(q findings.QuestionSummary) figure {
	type bar struct {
		label      paragraph
		value      line
		length     float64
		fill       color.RGBA
		suppressed bool
	}
	var bars []bar
	height := 0.0
	for _, o := range q.Ranked() {
		r := bar{label: b.wrap(o.Label, labelStyle, columnWidth), fill: accent}
		switch {
		case o.Suppressed || o.Count == nil:
			r.suppressed, r.value = true, b.f.shape(chart.Value(o, b.l), suppressedStyle, b.rtl)
		case o.Percent != nil:
			r.length, r.value = *o.Percent/100*(columnWidth-valueWidth), b.f.shape(chart.Value(o, b.l), valueStyle, b.rtl)
		default:
			r.value = b.f.shape(chart.Value(o, b.l), valueStyle, b.rtl)
		}
		if o.ID == survey.PreferNotToSay {
			r.fill = muted
		}
		bars = append(bars, r)
		height += r.label.height() + barHeight + rowGap
	}
	return figure{height: height - rowGap, draw: func(sh *sheet, x, y float64) {
		for _, r := range bars {
			sh.paragraph(x, y, columnWidth, r.label)
			y += r.label.height()
			end := r.length
			if r.suppressed {
				sh.dashed(x, y, barHeight, barHeight)
				end = barHeight
			} else if r.length > 0 {
				sh.rect(x, y, r.length, barHeight, r.fill)
			}
			sh.line(x+end+1.5, y+barHeight-0.7, r.value.width, r.value, sh.rtl)
			y += barHeight + rowGap
		}
	}}
}

// stack draws a scale's answers as one bar, in scale order, then a legend with every number.
// Suppressed points are not drawn apart: together they fill the rest of the bar, hatched grey.
func (b *builder) stack(q findings.QuestionSummary) figure {
	type segment struct {
		x, w           float64
		fill           color.RGBA
		negative, dots bool
		label          line
		labelled       bool
	}
	var segments []segment
	pos, hidden := 0.0, false
	for i, o := range q.Options {
		if o.Suppressed || o.Percent == nil {
			hidden = hidden || o.Suppressed
			continue
		}
		w := min(*o.Percent/100*columnWidth, columnWidth-pos)
		if w <= 0 {
			continue
		}
		fill, negative := chart.ScaleColour(q.Options, i)
		s := segment{x: pos, w: w, fill: canvas.Hex(fill), negative: negative, dots: o.ID == survey.PreferNotToSay, label: b.f.shape(b.l.Percent(*o.Percent), valueStyle, b.rtl)}
		s.labelled = s.label.width+2 <= w-0.6
		segments = append(segments, s)
		pos += w
	}
	var legend []paragraph
	height := stackHeight + 3
	for _, o := range q.Options {
		p := b.wrap(b.l.T("chart.legend", "Label", o.Label, "Value", chart.Value(o, b.l)), labelStyle, columnWidth-swatch-2)
		legend = append(legend, p)
		height += max(p.height(), swatch) + 1
	}
	suppressed := b.f.shape(b.l.T("chart.suppressed"), suppressedStyle, b.rtl)
	return figure{height: height - 1, draw: func(sh *sheet, x, y float64) {
		for _, s := range segments {
			sh.rect(x+s.x, y, s.w, stackHeight, s.fill)
			switch {
			case s.negative:
				sh.hatched(x+s.x, y, s.w, stackHeight)
			case s.dots:
				sh.dotted(x+s.x, y, s.w, stackHeight)
			}
			if s.x > 0 {
				sh.rect(x+s.x, y, 0.3, stackHeight, canvas.White)
			}
			if s.labelled {
				lw := s.label.width + 2
				sh.path(x+s.x+(s.w-lw)/2, y+1, lw, stackHeight-2, canvas.RoundedRectangle(lw, stackHeight-2, 0.6), canvas.White)
				sh.line(x+s.x+(s.w-s.label.width)/2, y+stackHeight-1.9, s.label.width, s.label, sh.rtl)
			}
		}
		switch {
		case pos == 0:
			sh.dashed(x, y, columnWidth, stackHeight)
			sh.line(x+(columnWidth-suppressed.width)/2, y+stackHeight-1.9, suppressed.width, suppressed, sh.rtl)
		case hidden && columnWidth-pos >= 0.3:
			sh.striped(x+pos, y, columnWidth-pos, stackHeight)
			sh.dashed(x+pos, y, columnWidth-pos, stackHeight)
		}
		y += stackHeight + 3
		for i, o := range q.Options {
			fill, negative := chart.ScaleColour(q.Options, i)
			sh.rect(x, y+0.3, swatch, swatch, canvas.Hex(fill))
			switch {
			case negative:
				sh.hatched(x, y+0.3, swatch, swatch)
			case o.ID == survey.PreferNotToSay:
				sh.dotted(x, y+0.3, swatch, swatch)
			}
			sh.paragraph(x+swatch+2, y, columnWidth-swatch-2, legend[i])
			y += max(legend[i].height(), swatch) + 1
		}
	}}
}
