package chart

import (
	"math"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/findings"
)

// Compare charts a question beside the same question in the survey's previous wave: for a
// scale, one stacked bar per wave; otherwise two bars per option, this wave's solid and the
// previous wave's hatched, each labelled with its wave. The table adds the change in percentage
// points where both waves show a percentage. prev must have the same options as q.
func Compare(q, prev findings.QuestionSummary, wave, prevWave string, o Options) Figure {
	l := o.L
	f := Figure{ID: o.ID, Title: q.Text}
	f.Table = Table{Caption: l.T("chart.compare.caption", "Question", q.Text, "Wave", wave, "Before", prevWave),
		Head: []string{l.T("chart.table.answer"), wave, prevWave, l.T("chart.table.change")}}
	c := newCanvas(o)
	c.defs()
	y := pad
	opts := q.Ranked()
	if q.Type == survey.Scale {
		opts = q.Options
		for _, w := range []struct {
			name string
			q    findings.QuestionSummary
		}{{wave, q}, {prevWave, prev}} {
			c.text(pad, y+lineH-4, l.T("chart.group", "Group", w.name, "Answered", Answered(w.q.Base, l)), `font-weight="bold"`)
			y = c.stack(pad, y+lineH, width-2*pad, w.q) + rowGap
		}
		y = c.legend(pad, y, q.Options, false)
	}
	for _, o := range opts {
		before := optionOf(prev, o.ID)
		f.Table.Rows = append(f.Table.Rows, Row{Head: o.Label, Cells: []string{Value(o, l), Value(before, l), change(o, before, l)}})
		if q.Type == survey.Scale {
			continue
		}
		y = c.bars(pad, y, width-2*pad, []findings.OptionSummary{o}, charW, fontSize, wave) - rowGap
		y = c.previousBar(pad, y, width-2*pad, before, prevWave) + rowGap
	}
	f.Desc = describeCompare(q, prev, wave, prevWave, l) + " " + l.T("chart.desc.table")
	f.SVG = c.finish(f.ID, f.Title, f.Desc, y+pad)
	return f
}

// previousBar draws the previous wave's bar for an option under this wave's, hatched and named.
func (c *canvas) previousBar(x, y, w float64, o findings.OptionSummary, wave string) float64 {
	top := y + 2
	label := c.l.T("chart.legend", "Label", wave, "Value", Value(o, c.l))
	length := 0.0
	if !o.Suppressed && o.Percent != nil {
		length = *o.Percent / 100 * (w - valueW)
	}
	if length > 0 {
		c.rect(x, top, length, barH, `fill="url(#`+c.id+`-before)" stroke="`+BarColour+`"`)
	}
	c.text(x+length+6, top+barH-4, label, `fill="`+Muted+`"`)
	return top + barH
}

func optionOf(q findings.QuestionSummary, id string) findings.OptionSummary {
	for _, o := range q.Options {
		if o.ID == id {
			return o
		}
	}
	return findings.OptionSummary{ID: id, Suppressed: true}
}

// change is the difference between two waves' percentages in points, in words; empty when
// either is not shown.
func change(now, before findings.OptionSummary, l Localizer) string {
	if now.Percent == nil || before.Percent == nil {
		return ""
	}
	d := math.Round((*now.Percent-*before.Percent)*10) / 10
	switch {
	case d > 0:
		return l.T("chart.change.up", "Points", l.Decimal(d))
	case d < 0:
		return l.T("chart.change.down", "Points", l.Decimal(-d))
	}
	return l.T("chart.change.same")
}

func describeCompare(q, prev findings.QuestionSummary, wave, prevWave string, l Localizer) string {
	if q.SafeShare != nil && prev.SafeShare != nil {
		return l.T("chart.desc.compare_scale", "Wave", wave, "Percent", l.Percent(*q.SafeShare), "Before", prevWave, "BeforePercent", l.Percent(*prev.SafeShare))
	}
	return l.T("chart.desc.compare", "Wave", wave, "Before", prevWave)
}
