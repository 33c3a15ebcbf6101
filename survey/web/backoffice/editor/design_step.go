package editor

import (
	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/survey/design"
	"github.com/safeguarding/safetysurvey/survey/web/backoffice"
)

// takeStep moves a draft one step through the workflow: the route names the step, and Require
// has checked the step's action in the permission table.
func (s *Server) takeStep(step design.Step) fiber.Handler {
	return func(c *fiber.Ctx) error {
		d, err := s.cfg.Design.Take(c.UserContext(), backoffice.StaffUser(c), c.Params("id"), step)
		if err != nil {
			return err
		}
		return c.Redirect(draftURL(d)+"?notice=step_"+string(step), fiber.StatusSeeOther)
	}
}
