package chart

import (
	"fmt"
	"html/template"
	"slices"
	"strings"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/findings"
)

// Scale colours, from the most negative point to the most positive. The negative side is also
// hatched and "prefer not to say" dotted, so the two halves differ without colour.
var (
	negative = []string{"#6b2c06", "#9e4a06", "#c05a0c"} // strongest first
	neutral  = "#6b7780"
	positive = []string{"#2f69b3", "#1d4f91", "#0b3470"} // weakest first
)

// canvas collects the marks of one chart, laid out left to right and mirrored for right to left.
type canvas struct {
	b   strings.Builder
	rtl bool
	id  string
	l   Localizer
}

func newCanvas(o Options) *canvas {
	return &canvas{rtl: o.Dir == "rtl", id: o.ID, l: o.L}
}

func (c *canvas) rect(x, y, w, h float64, attrs string) {
	if c.rtl {
		x = width - x - w
	}
	fmt.Fprintf(&c.b, `<rect x="%s" y="%s" width="%s" height="%s" %s/>`+"\n", num(x), num(y), num(w), num(h), attrs)
}

// text writes s starting at x; the root's direction makes "start" the right end when mirrored.
func (c *canvas) text(x, y float64, s, attrs string) {
	if c.rtl {
		x = width - x
	}
	if attrs != "" {
		attrs = " " + attrs
	}
	fmt.Fprintf(&c.b, `<text x="%s" y="%s"%s>%s</text>`+"\n", num(x), num(y), attrs, template.HTMLEscapeString(s))
}

// defs adds the patterns the stacked bars use.
func (c *canvas) defs() {
	fmt.Fprintf(&c.b, `<defs>
<pattern id="%[1]s-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="2" height="6" fill="%[2]s" fill-opacity="0.45"/></pattern>
<pattern id="%[1]s-dots" width="6" height="6" patternUnits="userSpaceOnUse"><circle cx="3" cy="3" r="1.2" fill="%[2]s" fill-opacity="0.6"/></pattern>
<pattern id="%[1]s-gap" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="%[2]s"/><rect width="1" height="6" fill="%[3]s"/></pattern>
<pattern id="%[1]s-before" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="%[2]s"/><rect width="2.5" height="6" fill="%[4]s"/></pattern>
</defs>
`, c.id, background, Muted, BarColour)
}

// finish wraps the marks in an svg element named by its title and described by desc.
func (c *canvas) finish(id, title, desc string, height float64) template.HTML {
	dir := ""
	if c.rtl {
		dir = ` direction="rtl"`
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %[1]s %[2]s" width="%[1]s" height="%[2]s" role="img" aria-labelledby="%[3]s-title %[3]s-desc" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif" font-size="%[6]d" fill="%[4]s"%[5]s>`+"\n",
		num(width), num(height), id, Ink, dir, fontSize)
	fmt.Fprintf(&b, "<title id=\"%s-title\">%s</title>\n<desc id=\"%s-desc\">%s</desc>\n", id, template.HTMLEscapeString(title), id, template.HTMLEscapeString(desc))
	fmt.Fprintf(&b, `<rect width="%s" height="%s" fill="%s"/>`+"\n", num(width), num(height), background)
	b.WriteString(c.b.String())
	b.WriteString("</svg>\n")
	return template.HTML(b.String()) // every string in it was escaped above
}

// bars draws one labelled bar per option in a column w wide at x, from y down, and returns the y
// it ends at. Bars are as long as their percentage; suppressed ones are a dashed empty box. A
// wave, when given, names whose numbers they are.
func (c *canvas) bars(x, y, w float64, opts []findings.OptionSummary, cw float64, size int, wave string) float64 {
	font := fmt.Sprintf(`font-size="%d"`, size)
	track := w - valueW
	for _, o := range opts {
		for _, line := range wrap(o.Label, int(w/cw)) {
			y += lineH
			c.text(x, y-4, line, font)
		}
		top := y + 2
		if o.Suppressed || o.Count == nil {
			c.rect(x, top, barH, barH, `fill="none" stroke="`+Muted+`" stroke-dasharray="3 2"`)
			c.text(x+barH+6, top+barH-4, c.l.T("chart.suppressed"), font+` font-style="italic" fill="`+Muted+`"`)
		} else {
			length := 0.0
			if o.Percent != nil {
				length = *o.Percent / 100 * track
			}
			fill := BarColour
			if o.ID == survey.PreferNotToSay {
				fill = Muted
			}
			if length > 0 {
				c.rect(x, top, length, barH, `fill="`+fill+`"`)
			}
			label := Value(o, c.l)
			if wave != "" {
				label = c.l.T("chart.legend", "Label", wave, "Value", label)
			}
			c.text(x+length+6, top+barH-4, label, font)
		}
		y = top + barH + rowGap
	}
	return y
}

// scaleFill is the fill of scale point i and the pattern laid over it, if any.
func scaleFill(opts []findings.OptionSummary, i int, id string) (fill, overlay string) {
	fill, hatched := ScaleColour(opts, i)
	switch {
	case opts[i].ID == survey.PreferNotToSay:
		return fill, "url(#" + id + "-dots)"
	case hatched:
		return fill, "url(#" + id + "-hatch)"
	}
	return fill, ""
}

// ScaleColour is the colour of point i of a scale whose options are opts, and whether it is on
// the negative side, which charts also hatch so that the two halves differ without colour.
func ScaleColour(opts []findings.OptionSummary, i int) (fill string, negativeSide bool) {
	if opts[i].ID == survey.PreferNotToSay {
		return Muted, false
	}
	points := slices.IndexFunc(opts, func(o findings.OptionSummary) bool { return o.ID == survey.PreferNotToSay })
	if points < 0 {
		points = len(opts)
	}
	k := points / 2
	colours := slices.Clone(negative[len(negative)-k:])
	if points%2 == 1 {
		colours = append(colours, neutral)
	}
	colours = append(colours, positive[:k]...)
	return colours[i], i < k
}

// stack draws a scale's answers as one bar w wide, in scale order. Suppressed points are not
// drawn apart: together they fill the rest of the bar, hatched grey, which is no more than a
// reader can work out from the base and the shown counts anyway.
func (c *canvas) stack(x, y, w float64, q findings.QuestionSummary) float64 {
	top := y + 2
	pos, hidden := x, false
	for i, o := range q.Options {
		if o.Suppressed || o.Percent == nil {
			hidden = hidden || o.Suppressed
			continue
		}
		sw := min(*o.Percent/100*w, x+w-pos)
		if sw <= 0 {
			continue
		}
		fill, overlay := scaleFill(q.Options, i, c.id)
		c.rect(pos, top, sw, barH+6, `fill="`+fill+`" stroke="`+background+`" stroke-width="1.5"`)
		if overlay != "" {
			c.rect(pos, top, sw, barH+6, `fill="`+overlay+`"`)
		}
		if label := c.l.Percent(*o.Percent); sw >= float64(len([]rune(label)))*smallChar+12 {
			lw := float64(len([]rune(label)))*smallChar + 6
			c.rect(pos+(sw-lw)/2, top+3, lw, barH, `fill="`+background+`" rx="3"`)
			c.text(pos+sw/2, top+barH-2, label, fmt.Sprintf(`font-size="%d" text-anchor="middle"`, smallSize))
		}
		pos += sw
	}
	switch {
	case pos == x:
		c.rect(x, top, w, barH+6, `fill="none" stroke="`+Muted+`" stroke-dasharray="3 2"`)
		c.text(x+w/2, top+barH, c.l.T("chart.suppressed"), `text-anchor="middle" font-style="italic" fill="`+Muted+`"`)
	case hidden && x+w-pos >= 1:
		c.rect(pos, top, x+w-pos, barH+6, `fill="url(#`+c.id+`-gap)" stroke="`+Muted+`" stroke-dasharray="3 2"`)
	}
	return top + barH + 6
}

// legend names each point of a scale beside a swatch like its part of the bar, with its number
// when the chart has one bar.
func (c *canvas) legend(x, y float64, opts []findings.OptionSummary, numbers bool) float64 {
	for i, o := range opts {
		fill, overlay := scaleFill(opts, i, c.id)
		c.rect(x, y+4, 16, 16, `fill="`+fill+`"`)
		if overlay != "" {
			c.rect(x, y+4, 16, 16, `fill="`+overlay+`"`)
		}
		label := o.Label
		if numbers {
			label = c.l.T("chart.legend", "Label", o.Label, "Value", Value(o, c.l))
		}
		c.text(x+22, y+18, label, "")
		y += lineH + 4
	}
	return y
}
