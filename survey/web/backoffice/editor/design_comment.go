package editor

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/web/backoffice"
)

// addComment leaves a comment or suggested wording on a question of a draft.
func (s *Server) addComment(c *fiber.Ctx) error {
	id, q := c.Params("id"), c.Params("q")
	_, err := s.cfg.Design.AddComment(c.UserContext(), backoffice.StaffUser(c), id, q, c.FormValue("comment"), c.FormValue("suggestion"))
	if survey.ErrorCode(err) == survey.EINVALID {
		d, derr := s.cfg.Design.Draft(c.UserContext(), id)
		if derr != nil {
			return derr
		}
		return s.renderDraft(c, fiber.StatusUnprocessableEntity, d, err)
	}
	if err != nil {
		return err
	}
	return c.Redirect(draftPath(id)+"?notice=commented"+questionAnchor(q), fiber.StatusSeeOther)
}

// resolveComment marks a comment dealt with; it stays on the page, folded away.
func (s *Server) resolveComment(c *fiber.Ctx) error {
	id := c.Params("id")
	if err := s.cfg.Design.ResolveComment(c.UserContext(), backoffice.StaffUser(c), id, c.Params("c")); err != nil {
		return err
	}
	return c.Redirect(draftPath(id)+"?notice=resolved"+questionAnchor(c.FormValue("question")), fiber.StatusSeeOther)
}

// useSuggestion makes a comment's suggested wording the question's English text.
func (s *Server) useSuggestion(c *fiber.Ctx) error {
	rev, _ := strconv.Atoi(c.FormValue("rev"))
	d, err := s.cfg.Design.UseSuggestion(c.UserContext(), backoffice.StaffUser(c), c.Params("id"), c.Params("c"), rev)
	if err != nil {
		return err
	}
	return c.Redirect(draftURL(d)+"?notice=saved"+questionAnchor(c.FormValue("question")), fiber.StatusSeeOther)
}
