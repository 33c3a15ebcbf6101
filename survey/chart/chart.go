// Package chart draws findings as accessible SVG charts: each has a title and a description for
// screen readers and comes with a table of the same numbers. A suppressed number is never drawn
// or written, only named as suppressed. Charts use presentation attributes only (no style
// attributes or scripts), so pages can inline them under a strict Content-Security-Policy.
package chart

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/findings"
)

// Localizer gives a chart the words and number formats of its language; *i18n.Localizer is one.
type Localizer interface {
	T(id string, args ...any) string
	Number(n int64) string
	Decimal(f float64) string
	Percent(p float64) string
}

// Options place a chart on its page.
type Options struct {
	ID  string // unique on the page; the ids inside the chart start with it
	Dir string // "rtl" mirrors the chart for languages written right to left
	L   Localizer
}

// Figure is one chart with the table of its numbers; pages show them side by side.
type Figure struct {
	ID    string
	Title string
	Desc  string
	SVG   template.HTML
	Table Table
}

// Table holds a chart's numbers as the words a reader sees.
type Table struct {
	Caption string
	Head    []string // column headings, the first over the row headings
	Rows    []Row
}

// Row is one line of a table. A hidden group has a single cell that says it is suppressed.
type Row struct {
	Head   string
	Cells  []string
	Hidden bool
}

// Span is how many columns a hidden group's single cell covers.
func (t Table) Span() int {
	return len(t.Head) - 1
}

// Sizes in SVG user units; charts scale to the width of their container.
const (
	width     = 640.0
	pad       = 8.0
	fontSize  = 17 // about the page's body text when the chart fills a phone or a column
	smallSize = 14 // small multiples
	lineH     = 22.0
	barH      = 20.0
	rowGap    = 10.0
	valueW    = 160.0
	charW     = 9.0 // rough width of a character at fontSize, for wrapping labels without fonts
	smallChar = 7.6 // the same at smallSize
)

// Colours, chosen so that every mark has at least 3:1 contrast with the white background and
// every text at least 4.5:1 (see TestContrast); meaning never rests on colour alone.
const (
	background = "#ffffff"
	Ink        = "#1b1b1b"
	Muted      = "#505a5f"
	BarColour  = "#1d4f91"
)

// Question charts one choice question: bars for single and multiple choice, a stacked bar for a
// scale. Multiple-choice options are ranked, most chosen first.
func Question(q findings.QuestionSummary, o Options) Figure {
	if q.Type == survey.Scale {
		return stackedFigure(q, o)
	}
	return barsFigure(q, o)
}

func barsFigure(q findings.QuestionSummary, o Options) Figure {
	opts := q.Ranked()
	c := newCanvas(o)
	y := c.bars(pad, pad, width-2*pad, opts, charW, fontSize, "")
	f := Figure{ID: o.ID, Title: q.Text, Desc: describeBars(q, opts, o.L)}
	f.SVG = c.finish(f.ID, f.Title, f.Desc, y+pad)
	f.Table = optionTable(q, opts, o.L)
	return f
}

func stackedFigure(q findings.QuestionSummary, o Options) Figure {
	c := newCanvas(o)
	c.defs()
	y := c.stack(pad, pad, width-2*pad, q)
	y = c.legend(pad, y+rowGap, q.Options, true)
	f := Figure{ID: o.ID, Title: q.Text, Desc: describeStack(q, o.L)}
	f.SVG = c.finish(f.ID, f.Title, f.Desc, y+pad)
	f.Table = optionTable(q, q.Options, o.L)
	return f
}

// Value is how a table cell or a label shows an option's number.
func Value(o findings.OptionSummary, l Localizer) string {
	switch {
	case o.Suppressed || o.Count == nil:
		return l.T("chart.suppressed")
	case o.Percent == nil:
		return l.Number(*o.Count)
	}
	return l.T("chart.value", "Percent", l.Percent(*o.Percent), "Number", l.Number(*o.Count))
}

func percentCell(o findings.OptionSummary, l Localizer) string {
	switch {
	case o.Suppressed || o.Count == nil:
		return l.T("chart.suppressed")
	case o.Percent == nil:
		return ""
	}
	return l.Percent(*o.Percent)
}

func countCell(o findings.OptionSummary, l Localizer) string {
	if o.Suppressed || o.Count == nil {
		return l.T("chart.suppressed")
	}
	return l.Number(*o.Count)
}

// Answered says how many answered a question whose base is base, or that it is suppressed.
func Answered(base *int64, l Localizer) string {
	if base == nil {
		return l.T("chart.base_suppressed")
	}
	return l.T("chart.answered", "Number", l.Number(*base))
}

func optionTable(q findings.QuestionSummary, opts []findings.OptionSummary, l Localizer) Table {
	t := Table{
		Caption: q.Text + " (" + Answered(q.Base, l) + ")",
		Head:    []string{l.T("chart.table.answer"), l.T("chart.table.percent"), l.T("chart.table.count")},
	}
	for _, o := range opts {
		t.Rows = append(t.Rows, Row{Head: o.Label, Cells: []string{percentCell(o, l), countCell(o, l)}})
	}
	return t
}

func describeBars(q findings.QuestionSummary, opts []findings.OptionSummary, l Localizer) string {
	parts := []string{Answered(q.Base, l) + "."}
	var top *findings.OptionSummary
	for i, o := range opts {
		if o.Count != nil && *o.Count > 0 && o.ID != survey.PreferNotToSay && (top == nil || *o.Count > *top.Count) {
			top = &opts[i]
		}
	}
	if top != nil {
		parts = append(parts, l.T("chart.desc.top", "Label", top.Label, "Value", Value(*top, l)))
	}
	return strings.Join(append(parts, l.T("chart.desc.table")), " ")
}

func describeStack(q findings.QuestionSummary, l Localizer) string {
	parts := []string{Answered(q.Base, l) + "."}
	if q.SafeShare != nil {
		parts = append(parts, l.T("chart.desc.safe_share", "Percent", l.Percent(*q.SafeShare)))
	}
	return strings.Join(append(parts, l.T("chart.desc.table")), " ")
}

// wrap breaks s into lines of at most max characters, at spaces where it can.
func wrap(s string, max int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		switch {
		case line == "":
			line = word
		case len([]rune(line))+1+len([]rune(word)) <= max:
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
	}
	if line != "" || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}

func num(f float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.1f", f), "0"), ".")
}
