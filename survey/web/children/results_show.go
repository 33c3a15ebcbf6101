package children

import (
	"net/url"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/web"
)

// topAnswers is how many of a multiple-choice question's answers the results page lists.
const topAnswers = 3

// renderResults is what the survey's link shows once the survey has closed and its findings are
// published: for the young people who answered, in their language and in plain words, the main
// findings and what the partnership is doing about them ("you said, we did").
func (s *Server) renderResults(c *fiber.Ctx, lang string, sv *survey.Survey) error {
	sum, err := s.cfg.Findings.SummaryFor(c.UserContext(), sv.Slug, lang, "", false)
	if err != nil {
		return err
	}
	if sv, err = survey.ActionsOf(c.UserContext(), s.cfg.Actions, sv); err != nil {
		return err
	}
	p := s.NewPage(lang, sv, "")
	p.SetTitle(p.T("results.title"))
	p.Script = ""
	rp := &resultsPage{Page: p, published: newPublished(&p, sv, sum)}
	for _, q := range sum.Questions {
		if q.Type != survey.Multiple {
			continue
		}
		top := topFinding{Question: q.Text}
		for _, o := range q.Ranked() {
			if len(top.Answers) < topAnswers && o.Percent != nil && *o.Count > 0 && o.ID != survey.PreferNotToSay {
				top.Answers = append(top.Answers, topAnswer{Label: o.Label, Percent: p.L.Percent(*o.Percent)})
			}
		}
		if len(top.Answers) > 0 {
			rp.Top = append(rp.Top, top)
		}
	}
	return s.Render(c, fiber.StatusOK, "results", rp)
}

// resultsPage is "you said, we did" for young people.
type resultsPage struct {
	web.Page
	published
	Top []topFinding
}

// topFinding is the answers chosen most to a multiple-choice question.
type topFinding struct {
	Question string
	Answers  []topAnswer
}

// topAnswer is one of the answers chosen most, with the share who chose it.
type topAnswer struct {
	Label, Percent string
}

// LanguageURL is the results page (the survey's own link) in another language.
func (p *resultsPage) LanguageURL(code string) string {
	return "/s/" + p.Survey.Slug + "?lang=" + url.QueryEscape(code)
}
