package backoffice

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/staff"
)

// flaggedPage is the designated safeguarding lead's list of a survey's answers that may disclose
// harm, with the partnership's guidance and the patterns in them.
type flaggedPage struct {
	staffPage
	Review *survey.FlagReview
}

// ReasonName is a kind of harm in the page's language.
func (p *flaggedPage) ReasonName(reason string) string {
	return p.T("flagged.reason." + reason)
}

// ReasonNames lists the kinds of harm an answer was flagged for, in the page's language.
func (p *flaggedPage) ReasonNames(reasons []string) string {
	names := make([]string, len(reasons))
	for i, r := range reasons {
		names[i] = p.ReasonName(r)
	}
	return strings.Join(names, p.T("list.separator"))
}

// Number shows a count in the page's digits.
func (p *flaggedPage) Number(n int) string {
	return p.L.Number(int64(n))
}

// Day shows a day stored as 2006-01-02 in the page's language, or as stored if it is not one.
func (p *flaggedPage) Day(day string) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return p.Date(t)
}

// Reviewed reports whether the answer named answer was marked reviewed.
func (p *flaggedPage) Reviewed(answer string) bool {
	return p.Review.Reviewed[answer]
}

// ToReview is how many flagged answers nobody has marked reviewed yet.
func (p *flaggedPage) ToReview() int {
	n := 0
	for _, t := range p.Review.Texts {
		if !p.Review.Reviewed[t.ID] {
			n++
		}
	}
	return n
}

// showFlaggedPage lists a survey's flagged answers for the safeguarding lead. Every viewing is
// audited, since the page shows what children wrote about harm.
func (s *Server) showFlaggedPage(c *fiber.Ctx) error {
	sv, err := s.cfg.Surveys.Get(c.Params("slug"))
	if err != nil {
		return err
	}
	review, err := s.cfg.Service.FlagReview(c.UserContext(), sv.Slug)
	if err != nil {
		return err
	}
	if err := s.staff.cfg.Service.RecordTextAction(c.UserContext(), staffUser(c), staff.AuditFlaggedViewed, sv.Slug, "", ""); err != nil {
		return err
	}
	p := &flaggedPage{staffPage: s.newStaffPage(c, "flagged.title", ""), Review: review}
	p.Survey = sv
	if c.Query("notice") == "reviewed" {
		p.Notice = p.T("flagged.notice.saved")
	}
	return s.Render(c, fiber.StatusOK, "staff/flagged", p)
}
