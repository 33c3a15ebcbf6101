package backoffice

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/staff"
	"github.com/safeguarding/safetysurvey/survey/web"
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

// Outcomes lists what may be recorded about an answer.
func (p *flaggedPage) Outcomes() []string {
	return survey.Outcomes
}

// OutcomeNames lists what was done about an answer, in the page's language.
func (p *flaggedPage) OutcomeNames(outcomes []string) string {
	names := make([]string, len(outcomes))
	for i, o := range outcomes {
		names[i] = p.T("flagged.outcome." + o)
	}
	return strings.Join(names, p.T("list.separator"))
}

// FilterURL is the queue of open answers, or of reviewed ones, at a page.
func (p *flaggedPage) FilterURL(reviewed bool, page int) string {
	q := url.Values{}
	if reviewed {
		q.Set("show", "reviewed")
	}
	if page > 1 {
		q.Set("page", strconv.Itoa(page))
	}
	u := web.StaffPath + "/surveys/" + url.PathEscape(p.Survey.Slug) + "/flagged"
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u
}

// PageURL is the page step pages away from this one in the same queue, or "" past either end.
func (p *flaggedPage) PageURL(step int) string {
	page := p.Review.Query.Page + step
	if page < 1 || page > p.Review.Pages {
		return ""
	}
	return p.FilterURL(p.Review.Query.Reviewed, page)
}

// Chose reports whether outcome was recorded in st.
func (p *flaggedPage) Chose(st survey.FlagState, outcome string) bool {
	return slices.Contains(st.Outcomes, outcome)
}

// PlaceName names where an answer came from: setting type and area, or that it came without a channel.
func (p *flaggedPage) PlaceName(setting, area string) string {
	if setting == "" {
		return p.T("flagged.place.none")
	}
	if area == "" {
		return p.SettingLabel(setting)
	}
	return p.T("flagged.place", "Setting", p.SettingLabel(setting), "Area", area)
}

// showFlaggedPage shows the safeguarding lead's triage queue of a survey's flagged answers: those
// not reviewed yet unless ?show=reviewed, a page at a time (?page=). Every viewing is audited,
// since the page shows what children wrote about harm.
func (s *Server) showFlaggedPage(c *fiber.Ctx) error {
	sv, err := s.cfg.Surveys.Get(c.Params("slug"))
	if err != nil {
		return err
	}
	q := survey.FlagQuery{Reviewed: c.Query("show") == "reviewed", Page: c.QueryInt("page", 1)}
	review, err := s.cfg.Service.FlagReview(c.UserContext(), sv.Slug, q)
	if err != nil {
		return err
	}
	if err := s.staff.cfg.Service.RecordTextAction(c.UserContext(), staffUser(c), staff.AuditFlaggedViewed, sv.Slug, "", ""); err != nil {
		return err
	}
	p := &flaggedPage{staffPage: s.newStaffPage(c, "flagged.title", ""), Review: review}
	p.Survey = sv
	switch c.Query("notice") {
	case "reviewed":
		p.Notice = p.T("flagged.notice.saved")
	case "gloss":
		p.Notice = p.T("gloss.notice.saved")
	}
	return s.Render(c, fiber.StatusOK, "staff/flagged", p)
}
