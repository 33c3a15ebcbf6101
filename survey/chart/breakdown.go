package chart

import (
	"fmt"
	"slices"
	"strings"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/findings"
)

// Dimension names a breakdown ("Area", "Language") and its groups in the chart's language; the
// summary leaves hidden groups unnamed.
type Dimension struct {
	Label string
	Group func(id string) string
}

// Breakdown charts one question for every group of a broken-down summary as small multiples:
// a stacked bar per group for a scale, a panel of bars per group (two abreast) otherwise, all on
// the same scale and in the same option order. A hidden group says so and shows nothing else.
// ok is false when the summary has no such choice question.
func Breakdown(sum *findings.Summary, questionID string, by Dimension, o Options) (f Figure, ok bool) {
	overall, ok := findings.FindQuestion(sum.Questions, questionID)
	if !ok || overall.Type == survey.FreeText {
		return Figure{}, false
	}
	// Combined answers stand in for the options they join: in a group, those are often each
	// too few to show where together they are not.
	overall = overall.WithCombined()
	order := overall.Ranked()
	l := o.L
	f = Figure{ID: o.ID, Title: l.T("chart.title.by", "Question", overall.Text, "By", by.Label)}
	f.Table = Table{Caption: f.Title, Head: []string{by.Label, l.T("chart.table.answered")}}
	for _, opt := range order {
		f.Table.Head = append(f.Table.Head, opt.Label)
	}
	c := newCanvas(o)
	y := pad
	if overall.Type == survey.Scale {
		c.defs()
	}
	var hidden []string
	col, rowBottom := 0, y
	panelW := (width - 3*pad) / 2
	for _, g := range sum.Groups {
		q, visible := findings.FindQuestion(g.Questions, questionID)
		q = q.WithCombined()
		if !visible || g.Suppressed {
			name := by.Group(g.ID)
			hidden = append(hidden, name)
			f.Table.Rows = append(f.Table.Rows, Row{Head: name, Cells: []string{l.T("chart.suppressed")}, Hidden: true})
			continue
		}
		opts := inOrder(q.Options, order)
		row := Row{Head: g.Label, Cells: []string{answeredCell(q.Base, l)}}
		for _, opt := range opts {
			row.Cells = append(row.Cells, Value(opt, l))
		}
		f.Table.Rows = append(f.Table.Rows, row)
		heading := l.T("chart.group", "Group", g.Label, "Answered", Answered(q.Base, l))
		if overall.Type == survey.Scale {
			c.text(pad, y+lineH-4, heading, `font-weight="bold"`)
			y = c.stack(pad, y+lineH, width-2*pad, q) + rowGap
			continue
		}
		x := pad + float64(col)*(panelW+pad)
		c.text(x, y+lineH-4, heading, fmt.Sprintf(`font-size="%d" font-weight="bold"`, smallSize))
		rowBottom = max(rowBottom, c.bars(x, y+lineH, panelW, opts, smallChar, smallSize, ""))
		if col++; col == 2 {
			col, y = 0, rowBottom+rowGap
		}
	}
	if col == 1 {
		y = rowBottom + rowGap
	}
	if overall.Type == survey.Scale {
		y = c.legend(pad, y, overall.Options, false) + rowGap
	}
	// Hidden groups are named once, together, after the charts: a chart for each would be empty.
	if len(hidden) > 0 {
		lineChars := (width - 2*pad) / charW
		for _, line := range wrap(l.T("chart.groups_hidden", "Groups", strings.Join(hidden, ", ")), int(lineChars)) {
			y += lineH
			c.text(pad, y-4, line, `font-style="italic" fill="`+Muted+`"`)
		}
		y += rowGap
	}
	f.Desc = l.T("chart.desc.groups", "Shown", l.Number(int64(len(sum.Groups)-len(hidden))), "Hidden", l.Number(int64(len(hidden)))) + " " + l.T("chart.desc.table")
	f.SVG = c.finish(f.ID, f.Title, f.Desc, y+pad)
	return f, true
}

// inOrder puts a group's options in the order of the overall chart, so panels line up.
func inOrder(opts, order []findings.OptionSummary) []findings.OptionSummary {
	out := make([]findings.OptionSummary, 0, len(order))
	for _, o := range order {
		if i := slices.IndexFunc(opts, func(x findings.OptionSummary) bool { return x.ID == o.ID }); i >= 0 {
			out = append(out, opts[i])
		}
	}
	return out
}

func answeredCell(base *int64, l Localizer) string {
	if base == nil {
		return l.T("chart.suppressed")
	}
	return l.Number(*base)
}
