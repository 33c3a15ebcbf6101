package backoffice

import (
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/staff"
	"github.com/safeguarding/safetysurvey/survey/web"
)

// saveFlagReview records what the safeguarding lead did about a flagged answer (outcome, any of
// survey.Outcomes) and marks it reviewed (reviewed=1) or not yet (reviewed=0), audited with
// what was done. It goes back to the queue the form was on.
func (s *Server) saveFlagReview(c *fiber.Ctx) error {
	sv, err := s.cfg.Surveys.Get(c.Params("slug"))
	if err != nil {
		return err
	}
	outcomes := formValues(c, "outcome")
	answer, st := c.Params("answer"), survey.FlagState{Reviewed: c.FormValue("reviewed") == "1", Outcomes: outcomes}
	if err := s.cfg.Service.SaveFlagState(c.UserContext(), sv.Slug, answer, st); err != nil {
		return err
	}
	action := staff.AuditFlaggedReviewed
	if !st.Reviewed {
		action = staff.AuditFlaggedUnreviewed
	}
	detail := answer
	if len(outcomes) > 0 {
		detail += " " + strings.Join(outcomes, ",")
	}
	if err := s.staff.cfg.Service.RecordTextAction(c.UserContext(), staffUser(c), action, sv.Slug, "", detail); err != nil {
		return err
	}
	back := web.StaffPath + "/surveys/" + url.PathEscape(sv.Slug) + "/flagged?notice=reviewed"
	if c.FormValue("show") == "reviewed" {
		back += "&show=reviewed"
	}
	return c.Redirect(back, fiber.StatusSeeOther)
}
