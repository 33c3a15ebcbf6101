package children

import (
	"html/template"
	"io/fs"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/findings"
	"github.com/safeguarding/safetysurvey/survey/web"
)

// ShowFindingsPage renders a survey's published findings as a printable infographic, laid out
// like the partnership's annual report: headline numbers, a chart and table per question (small
// multiples with ?by=), approved quotes, the partnership's actions and the suppression rules in
// plain words. Every number comes from the same suppressed summary as the API.
func (s *Server) ShowFindingsPage(c *fiber.Ctx) error {
	sv, sum, err := s.summary(c)
	if err != nil {
		return err
	}
	p := s.NewPage(sum.Lang, sv, "")
	p.SetTitle(p.T("findings.title"))
	p.Script = ""
	fp := &findingsPage{Page: p, published: newPublished(&p, sv, sum), Base: findingsBase(c, sv), files: s.Files()}
	group := func(id string) string { return findings.GroupLabel(sv, sum.By, id, sum.Lang, web.SummaryLabels(p.L)) }
	fp.Figures, fp.Comparisons = s.cfg.Charts.Findings(sum, dimensionLabel(&p, sv, sum.By), group, p.Lang.Dir, p.L)
	for _, d := range breakdownDimensions(sv) {
		fp.Dimensions = append(fp.Dimensions, choice{Value: d, Label: dimensionLabel(&p, sv, d), Selected: d == sum.By})
	}
	return s.Render(c, fiber.StatusOK, "findings", fp)
}

// findingsPage is the infographic of one survey's findings.
type findingsPage struct {
	web.Page
	published
	Figures     []any // drawn by Charts, shown by the "figure" template
	Comparisons []any // with the previous wave, for the questions both asked the same way
	Dimensions  []choice
	Base        string // the path findings are served under: the public one, or the staff area's
	files       fs.FS  // the service's files, whose static/icons the page draws
}

// findingsBase is the path a request found the findings under: staff read a survey's findings
// under /staff, where their session is, before the findings are published.
func findingsBase(c *fiber.Ctx, sv *survey.Survey) string {
	if strings.HasPrefix(c.Path(), web.StaffPath+"/") {
		return web.StaffPath + "/surveys/" + sv.Slug
	}
	return "/s/" + sv.Slug
}

// published is what every page of published findings shows; each page's template words it.
type published struct {
	Summary   *findings.Summary
	Responses string // how many answered, in the page's digits, or that it is suppressed
	Scales    []scaleFinding
}

// scaleFinding is the share of a scale's answers on its safe side: how many feel safe, or
// comfortable getting around. Answers lists the answers that counts, quoted and joined; Before
// is the share in the previous wave, when it asked the same question and shows the share.
type scaleFinding struct {
	Percent, Answers, Question, Before string
}

// choice is one entry of a drop-down.
type choice struct {
	Value, Label string
	Selected     bool
}

// LanguageURL is the current findings page in another language, keeping the breakdown.
func (p *findingsPage) LanguageURL(code string) string {
	q := url.Values{"lang": {code}}
	if p.Summary.By != "" {
		q.Set("by", p.Summary.By)
	}
	return p.Base + "/findings?" + q.Encode()
}

// DownloadURL is a drawing of the findings to download, file being "findings.pdf" (the one-page
// infographic), "findings-report.pdf" (every chart and number) or "findings/share.png" (the
// image to share), in the page's language.
func (p *findingsPage) DownloadURL(file string) string {
	return p.Base + "/" + file + "?lang=" + url.QueryEscape(p.Lang.Code)
}

// Icon is one of the section icons the infographic draws (public/static/icons), inline and
// hidden from screen readers: the words beside it say what it shows.
func (p *findingsPage) Icon(name string) template.HTML {
	svg, err := fs.ReadFile(p.files, "static/icons/"+name+".svg")
	if err != nil {
		return ""
	}
	return template.HTML(strings.Replace(string(svg), "<svg ", `<svg aria-hidden="true" focusable="false" class="icon" `, 1)) // the project's own files
}

// Logo is the partnership's logo as the shapes it is drawn with, or nil when there is none
// that can be drawn; the template writes each path, so nothing else in the file reaches the page.
func (p *findingsPage) Logo() *survey.Logo {
	if p.Survey.Partnership == nil || p.Survey.Partnership.Logo == "" {
		return nil
	}
	logo, err := survey.ParseLogo(p.Survey.Partnership.Logo)
	if err != nil {
		return nil
	}
	return logo
}

// People says, for each of ten people drawn beside a headline, whether it is one of those the
// headline counts, as the infographic draws them.
func (p *published) People(h findings.Headline) []bool {
	filled := int((h.Value*10 + int64(h.Per)/2) / int64(h.Per))
	people := make([]bool, 10)
	for i := range filled {
		people[i] = true
	}
	return people
}

// TablesURL is the findings shown, as the summary's CSV tables in the page's language: from the
// API for published findings, from the staff area before they are published.
func (p *findingsPage) TablesURL() string {
	q := url.Values{"format": {"csv"}, "lang": {p.Lang.Code}}
	if p.Summary.By != "" {
		q.Set("by", p.Summary.By)
	}
	if strings.HasPrefix(p.Base, web.StaffPath+"/") {
		return p.Base + "/summary?" + q.Encode()
	}
	return "/api/v1/surveys/" + p.Survey.Slug + "/summary?" + q.Encode()
}

// TaggedThemes are the themes scrutineers gave any answer, or whose count is too small to show.
func (pb *published) TaggedThemes() []survey.ThemeCount {
	return pb.Summary.TaggedThemes()
}

// ThemeCount shows a theme's count in the page's digits, or that it is suppressed.
func (p *findingsPage) ThemeCount(tc survey.ThemeCount) string {
	if tc.Count == nil {
		return p.T("chart.suppressed")
	}
	return p.L.Number(*tc.Count)
}

// RuleBelow is the largest count that is never shown.
func (pb *published) RuleBelow() int {
	return pb.Summary.Rules.MinCount - 1
}

// newPublished picks the big numbers of a summary: how many answered, and for each scale the
// share who chose an answer on its safe side.
func newPublished(p *web.Page, sv *survey.Survey, sum *findings.Summary) published {
	pb := published{Summary: sum, Responses: p.T("chart.suppressed")}
	if sum.Responses != nil {
		pb.Responses = p.L.Number(*sum.Responses)
	}
	for _, side := range findings.SafeSides(sv, sum) {
		f := scaleFinding{Percent: p.L.Percent(side.Share), Answers: strings.Join(side.Answers, "” "+p.T("survey.or")+" “"), Question: side.Question}
		if side.Before != nil {
			f.Before = p.L.Percent(*side.Before)
		}
		pb.Scales = append(pb.Scales, f)
	}
	return pb
}

// breakdownDimensions lists what findings can be broken down by: each single-choice or scale
// question, the language of answer, and the type and area of the place the poster was in.
func breakdownDimensions(sv *survey.Survey) []string {
	var dims []string
	for _, q := range sv.BreakdownQuestions() {
		dims = append(dims, q.ID)
	}
	return append(dims, survey.DimLanguage, survey.DimSetting, survey.DimSettingArea)
}

// dimensionLabel names a breakdown dimension in the page's language.
func dimensionLabel(p *web.Page, sv *survey.Survey, dim string) string {
	if q, ok := sv.Question(dim); ok {
		return p.Text(q.Text)
	}
	return p.T("findings.by" + dim)
}
