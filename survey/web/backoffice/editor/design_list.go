package editor

import (
	"github.com/gofiber/fiber/v2"
	"github.com/safeguarding/safetysurvey/survey/web/backoffice"
)

// showDraftsPage lists the surveys children answer now and every draft with its status.
func (s *Server) showDraftsPage(c *fiber.Ctx) error {
	drafts, err := s.cfg.Design.Drafts(c.UserContext())
	if err != nil {
		return err
	}
	p := &draftsPage{page: s.newPage(c, "design.list.title"), Live: s.cfg.Surveys.All(), Drafts: drafts}
	return s.Render(c, fiber.StatusOK, "staff/design_list", p)
}

// startDraft begins a draft of the next version of the survey in the form and opens it.
func (s *Server) startDraft(c *fiber.Ctx) error {
	d, err := s.cfg.Design.Start(c.UserContext(), backoffice.StaffUser(c), c.FormValue("slug"))
	if err != nil {
		return err
	}
	return c.Redirect(draftURL(d), fiber.StatusSeeOther)
}
