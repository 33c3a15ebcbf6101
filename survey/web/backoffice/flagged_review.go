package backoffice

import (
	"net/url"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/survey/staff"
	"github.com/safeguarding/safetysurvey/survey/web"
)

// saveFlagReview marks a flagged answer reviewed (reviewed=1) or not yet (reviewed=0), audited.
func (s *Server) saveFlagReview(c *fiber.Ctx) error {
	sv, err := s.cfg.Surveys.Get(c.Params("slug"))
	if err != nil {
		return err
	}
	answer, reviewed := c.Params("answer"), c.FormValue("reviewed") == "1"
	if err := s.cfg.Service.MarkFlagReviewed(c.UserContext(), sv.Slug, answer, reviewed); err != nil {
		return err
	}
	action := staff.AuditFlaggedReviewed
	if !reviewed {
		action = staff.AuditFlaggedUnreviewed
	}
	if err := s.staff.cfg.Service.RecordTextAction(c.UserContext(), staffUser(c), action, sv.Slug, "", answer); err != nil {
		return err
	}
	return c.Redirect(web.StaffPath+"/surveys/"+url.PathEscape(sv.Slug)+"/flagged?notice=reviewed#answer-"+answer, fiber.StatusSeeOther)
}
