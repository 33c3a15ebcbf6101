package backoffice

import (
	"net/url"
	"slices"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/staff"
	"github.com/safeguarding/safetysurvey/survey/web"
)

// textsPage is one free-text question's answers as scrutineers work on them: themes, theme
// counts and quotes. It shows nothing while the question has too few answers.
type textsPage struct {
	staffPage
	Review *survey.TextReview
}

// textsNotices are the notices a redirect to the texts page may ask for.
var textsNotices = map[string]string{
	"themes":    "texts.notice.themes",
	"proposed":  "texts.notice.proposed",
	"approved":  "texts.notice.approved",
	"withdrawn": "texts.notice.withdrawn",
	"gloss":     "gloss.notice.saved",
}

// TextsURL is the page of the question's answers; an answer's forms post under it.
func (p *textsPage) TextsURL() string {
	return textsURL(p.Survey.Slug, p.Review.Question.ID)
}

func textsURL(slug, question string) string {
	return web.StaffPath + "/surveys/" + url.PathEscape(slug) + "/texts/" + url.PathEscape(question)
}

// textsPageURL is the page of the question's answers starting from from ("" for the first),
// with a notice to show ("" for none).
func textsPageURL(slug, question, from, notice string) string {
	q := url.Values{}
	if from != "" {
		q.Set("from", from)
	}
	if notice != "" {
		q.Set("notice", notice)
	}
	if len(q) == 0 {
		return textsURL(slug, question)
	}
	return textsURL(slug, question) + "?" + q.Encode()
}

// Here is what an answer's form adds to its address so that the page it was on comes back after
// it is sent: where the page starts, or nothing on the first.
func (p *textsPage) Here() string {
	if p.Review.From == "" {
		return ""
	}
	return "?" + url.Values{"from": {p.Review.From}}.Encode()
}

// NextURL is the next page of answers, or "" on the last.
func (p *textsPage) NextURL() string {
	if p.Review.Next == "" {
		return ""
	}
	return textsPageURL(p.Survey.Slug, p.Review.Question.ID, p.Review.Next, "")
}

// FirstURL is the first page of answers, or "" on it.
func (p *textsPage) FirstURL() string {
	if p.Review.From == "" {
		return ""
	}
	return textsURL(p.Survey.Slug, p.Review.Question.ID)
}

// ThemeName is a theme's label in the page's language.
func (p *textsPage) ThemeName(id string) string {
	for _, th := range p.Survey.Themes {
		if th.ID == id {
			return p.Text(th.Label)
		}
	}
	return id
}

// Has reports whether an answer has a theme, for ticking its box.
func (p *textsPage) Has(a survey.ReviewedText, theme string) bool {
	return slices.Contains(a.Themes, theme)
}

// CanApprove reports whether the signed-in person may approve an answer's proposed quote: not
// the person who proposed it.
func (p *textsPage) CanApprove(a survey.ReviewedText) bool {
	return a.Quote == survey.QuoteProposed && p.Can(string(staff.ApproveQuotes)) && a.ProposedBy != p.User.ID
}

// Count shows a theme count, or that it is too small to show.
func (p *textsPage) Count(tc survey.ThemeCount) string {
	if tc.Count == nil {
		return p.T("chart.suppressed")
	}
	return p.L.Number(*tc.Count)
}

// showTextsPage shows a page of a free-text question's answers to scrutineers, once there are
// enough: the first, or those from ?from=.
func (s *Server) showTextsPage(c *fiber.Ctx) error {
	sv, err := s.cfg.Surveys.Get(c.Params("slug"))
	if err != nil {
		return err
	}
	p := &textsPage{staffPage: s.newStaffPage(c, "texts.title", "")}
	p.Survey = sv
	if p.Review, err = s.cfg.Service.TextReview(c.UserContext(), sv.Slug, c.Params("question"), p.Lang.Code, c.Query("from")); err != nil {
		return err
	}
	if id, ok := textsNotices[c.Query("notice")]; ok {
		p.Notice = p.T(id)
	}
	return s.Render(c, fiber.StatusOK, "staff/texts", p)
}
