package report

import (
	"strings"

	"github.com/safeguarding/safetysurvey/i18n"
	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/findings"
)

// Text styles, in points.
var (
	kickerStyle  = style{size: 10, bold: true, colour: muted}
	titleStyle   = style{size: 20, bold: true, colour: ink}
	headingStyle = style{size: 14, bold: true, colour: ink}
	bodyStyle    = style{size: 10, colour: ink}
	smallStyle   = style{size: 8.5, colour: ink}
	bigStyle     = style{size: 22, bold: true, colour: accent}
	statusStyle  = style{size: 8, bold: true, colour: muted}
)

// builder words the findings in one language and stacks them into blocks, in the order of the
// findings page.
type builder struct {
	f      *fonts
	l      *i18n.Localizer
	rtl    bool
	blocks []block
}

func (r *Renderer) blocks(s *survey.Survey, sum *findings.Summary, l *i18n.Localizer, rtl bool) []block {
	b := &builder{f: r.fonts, l: l, rtl: rtl}
	b.text(sum.Title, kickerStyle, 1)
	b.text(l.T("findings.title"), titleStyle, 2)
	b.text(l.T("findings.intro"), bodyStyle, 6)
	b.headlines(s, sum)
	b.heading(l.T("findings.answers"))
	b.charts(sum)
	b.heading(l.T("findings.quotes.title"))
	b.quotes(sum.Quotes)
	if themes := sum.TaggedThemes(); len(themes) > 0 {
		b.heading(l.T("findings.themes.title"))
		b.text(l.T("findings.themes.note"), bodyStyle, 2)
		for _, tc := range themes {
			count := l.T("chart.suppressed")
			if tc.Count != nil {
				count = l.Number(*tc.Count)
			}
			b.text(tc.Label+": "+count, bodyStyle, 1)
		}
	}
	b.heading(l.T("findings.actions.title"))
	b.actions(s, sum.Lang)
	b.heading(l.T("findings.rules.title"))
	b.text(l.T("findings.rules.percent"), smallStyle, 2)
	b.text(l.T("findings.rules.count", "Below", sum.Rules.MinCount-1, "MinCount", sum.Rules.MinCount), smallStyle, 2)
	b.text(l.T("findings.rules.groups", "MinBase", sum.Rules.MinBase), smallStyle, 2)
	b.text(l.T("findings.rules.secondary"), smallStyle, 0)
	return b.blocks
}

func (b *builder) wrap(s string, st style, width float64) paragraph {
	return b.f.wrap(s, st, width, b.rtl)
}

// text adds a paragraph as wide as the content.
func (b *builder) text(s string, st style, gap float64) {
	p := b.wrap(s, st, contentWidth)
	b.blocks = append(b.blocks, block{height: p.height(), gap: gap, draw: func(sh *sheet, y float64) {
		sh.paragraph(margin, y, contentWidth, p)
	}})
}

// heading adds a section heading, with room above it, kept with what follows it.
func (b *builder) heading(s string) {
	const above = 4.0
	p := b.wrap(s, headingStyle, contentWidth)
	b.blocks = append(b.blocks, block{height: above + p.height(), gap: 2, keep: true, draw: func(sh *sheet, y float64) {
		sh.paragraph(margin, y+above, contentWidth, p)
	}})
}

// headlines adds the big numbers, three to a row: how many answered, and for each scale the
// share on its safe side.
func (b *builder) headlines(s *survey.Survey, sum *findings.Summary) {
	responses := b.l.T("chart.suppressed")
	if sum.Responses != nil {
		responses = b.l.Number(*sum.Responses)
	}
	type headline struct{ number, words string }
	all := []headline{{responses, b.l.T("findings.headline.responses")}}
	for _, side := range findings.SafeSides(s, sum) {
		words := b.l.T("findings.headline.scale", "Answers", strings.Join(side.Answers, "” "+b.l.T("survey.or")+" “"), "Question", side.Question)
		if side.Before != nil {
			words += " " + b.l.T("findings.before", "Wave", sum.Previous.Wave, "Percent", b.l.Percent(*side.Before))
		}
		all = append(all, headline{b.l.Percent(side.Share), words})
	}
	const perRow, gap, pad = 3, 5.0, 3.0
	width := (contentWidth - (perRow-1)*gap) / perRow
	for start := 0; start < len(all); start += perRow {
		row := all[start:min(start+perRow, len(all))]
		numbers, words := make([]paragraph, len(row)), make([]paragraph, len(row))
		height := 0.0
		for i, h := range row {
			numbers[i], words[i] = b.wrap(h.number, bigStyle, width-2*pad), b.wrap(h.words, smallStyle, width-2*pad)
			height = max(height, numbers[i].height()+1+words[i].height()+2*pad)
		}
		b.blocks = append(b.blocks, block{height: height, gap: gap, draw: func(sh *sheet, y float64) {
			for i := range row {
				x := margin + float64(i)*(width+gap)
				sh.rect(x, y, width, height, tint)
				sh.paragraph(x+pad, y+pad, width-2*pad, numbers[i])
				sh.paragraph(x+pad, y+pad+numbers[i].height()+1, width-2*pad, words[i])
			}
		}})
	}
}

// charts adds a chart for each choice question, two side by side.
func (b *builder) charts(sum *findings.Summary) {
	var figures []figure
	for _, q := range sum.Questions {
		if q.Type != survey.FreeText {
			figures = append(figures, b.chart(q))
		}
	}
	for i := 0; i < len(figures); i += 2 {
		row := figures[i:min(i+2, len(figures))]
		height := 0.0
		for _, f := range row {
			height = max(height, f.height)
		}
		b.blocks = append(b.blocks, block{height: height, gap: 7, draw: func(sh *sheet, y float64) {
			for j, f := range row {
				f.draw(sh, margin+float64(j)*(columnWidth+columnGap), y)
			}
		}})
	}
}

// quotes adds the approved quotes, each in the direction its language is written, or says
// there are none yet.
func (b *builder) quotes(quotes []survey.Quote) {
	if len(quotes) == 0 {
		b.text(b.l.T("findings.quotes.none"), bodyStyle, 2)
		return
	}
	const indent = 5.0
	for _, q := range quotes {
		p := b.f.wrap(q.Text, style{size: 10.5, colour: ink}, contentWidth-indent, i18n.Describe(q.Lang).Dir == "rtl")
		b.blocks = append(b.blocks, block{height: p.height(), gap: 3, draw: func(sh *sheet, y float64) {
			sh.rect(margin, y, 1.2, p.height(), accent)
			sh.paragraph(margin+indent, y, contentWidth-indent, p)
		}})
	}
}

// actions adds what the partnership does about the findings, each with how far it has got.
func (b *builder) actions(s *survey.Survey, lang string) {
	if len(s.Actions) == 0 {
		b.text(b.l.T("findings.actions.none"), bodyStyle, 2)
		return
	}
	const indent = 5.0
	for _, a := range s.Actions {
		text := b.wrap(a.Text.In(lang), bodyStyle, contentWidth-indent)
		status := b.wrap(b.l.T("action."+a.Status), statusStyle, contentWidth-indent)
		b.blocks = append(b.blocks, block{height: text.height() + status.height(), gap: 2.5, draw: func(sh *sheet, y float64) {
			sh.rect(margin+0.5, y+baseline(bodyStyle)-1.8, 1.6, 1.6, accent)
			sh.paragraph(margin+indent, y, contentWidth-indent, text)
			sh.paragraph(margin+indent, y+text.height(), contentWidth-indent, status)
		}})
	}
}
