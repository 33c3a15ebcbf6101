package children

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/findings"
	"github.com/safeguarding/safetysurvey/survey/web"
)

// summaryVersion is the version of the summary JSON's shape, for designers' tools; see docs/api.md.
const summaryVersion = 2

type summaryBody struct {
	Format int `json:"format"`
	*findings.Summary
	Actions []survey.Action `json:"actions,omitempty"` // what the partnership does about the findings
}

// ShowSummary returns a survey's findings as JSON, or as CSV with ?format=csv, broken down by
// ?by= and labelled in ?lang=. Every number has been through suppression.
func (s *Server) ShowSummary(c *fiber.Ctx) error {
	sv, sum, err := s.summary(c)
	if err != nil {
		return err
	}
	if c.Query("format") == "csv" {
		c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
		c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s-findings.csv"`, sum.Survey))
		err = writeSummaryCSV(c, sum)
	} else {
		err = c.JSON(summaryBody{Format: summaryVersion, Summary: sum, Actions: sv.Actions})
	}
	if err != nil {
		return err
	}
	return web.Revalidate(c, findingsCaching(c))
}

// findingsCaching lets caches keep published findings only if they check back each time (a 304
// when they have not changed); findings read on the staff area may not be published yet, so
// nothing keeps those.
func findingsCaching(c *fiber.Ctx) string {
	if web.ReadsUnpublished(c) {
		return "no-store"
	}
	return "no-cache"
}

// summary builds the findings a request asks for, with the survey they are of and its actions
// (survey.ActionsOf): published findings for anyone, unpublished ones only on the staff area's
// routes to those who may read them.
func (s *Server) summary(c *fiber.Ctx) (*survey.Survey, *findings.Summary, error) {
	sv, err := s.cfg.Surveys.Get(c.Params("slug"))
	if err != nil {
		return nil, nil, err
	}
	lang := s.Negotiate(c, sv.LanguageCodes(), sv.DefaultLanguage)
	sum, err := s.cfg.Findings.SummaryFor(c.UserContext(), sv.Slug, lang, c.Query("by"), web.ReadsUnpublished(c))
	if survey.ErrorMessage(err) == findings.MsgBadBreakdown {
		return nil, nil, &web.RequestError{Status: fiber.StatusBadRequest, Message: findings.MsgBadBreakdown, Field: "by"}
	}
	if err != nil {
		return nil, nil, err
	}
	sv, err = survey.ActionsOf(c.UserContext(), s.cfg.Actions, sv)
	return sv, sum, err
}

// writeSummaryCSV writes one row per published number: suppressed numbers are left empty and marked.
// A question's combined answers follow its options, each naming the options it joins in combines
// ("very_unsafe+unsafe"), which is empty for an option.
func writeSummaryCSV(c *fiber.Ctx, sum *findings.Summary) error {
	w := survey.NewCSVWriter(c.Response().BodyWriter())
	rows := [][]string{{"group", "group_label", "question", "question_text", "base", "option", "option_label", "count", "percent", "suppressed", "combines"}}
	add := func(group, label string, qs []findings.QuestionSummary) {
		for _, q := range qs {
			for _, o := range q.Options {
				rows = append(rows, []string{group, label, q.ID, q.Text, number(q.Base), o.ID, o.Label, number(o.Count), decimal(o.Percent), strconv.FormatBool(o.Suppressed), ""})
			}
			for _, cc := range q.Combined {
				rows = append(rows, []string{group, label, q.ID, q.Text, number(q.Base), cc.ID, cc.Label, number(cc.Count), decimal(cc.Percent), strconv.FormatBool(cc.Suppressed), strings.Join(cc.Options, "+")})
			}
		}
	}
	add(survey.GroupAll, "", sum.Questions)
	for _, g := range sum.Groups {
		if g.Suppressed {
			rows = append(rows, []string{sum.By + "=" + g.ID, "", "", "", "", "", "", "", "", "true", ""})
			continue
		}
		add(sum.By+"="+g.ID, g.Label, g.Questions)
	}
	for _, row := range rows {
		_ = w.Write(row) // an error stays in the writer, and Flush reports it
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("write findings csv: %w", err)
	}
	return nil
}

func number(n *int64) string {
	if n == nil {
		return ""
	}
	return strconv.FormatInt(*n, 10)
}

func decimal(f *float64) string {
	if f == nil {
		return ""
	}
	return strconv.FormatFloat(*f, 'f', 1, 64)
}
