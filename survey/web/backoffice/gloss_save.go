package backoffice

import (
	"net/url"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/survey/staff"
	"github.com/safeguarding/safetysurvey/survey/web"
)

// saveTextGloss stores an admin's English gloss of an answer on the scrutineers' page, audited.
func (s *Server) saveTextGloss(c *fiber.Ctx) error {
	slug, question, answer := c.Params("slug"), c.Params("question"), c.Params("answer")
	if err := s.cfg.Service.GlossText(c.UserContext(), slug, question, answer, c.FormValue("gloss")); err != nil {
		return err
	}
	if err := s.auditGloss(c, slug, question, answer); err != nil {
		return err
	}
	return c.Redirect(textsPageURL(slug, question, c.Query("from"), "gloss")+"#answer-"+answer, fiber.StatusSeeOther)
}

// saveFlaggedGloss stores the safeguarding lead's English gloss of a flagged answer, audited.
func (s *Server) saveFlaggedGloss(c *fiber.Ctx) error {
	slug, answer := c.Params("slug"), c.Params("answer")
	question := c.FormValue("question")
	if err := s.cfg.Service.GlossFlagged(c.UserContext(), slug, question, answer, c.FormValue("gloss")); err != nil {
		return err
	}
	if err := s.auditGloss(c, slug, question, answer); err != nil {
		return err
	}
	back := web.StaffPath + "/surveys/" + url.PathEscape(slug) + "/flagged?notice=gloss"
	if c.FormValue("show") == "reviewed" {
		back += "&show=reviewed"
	}
	return c.Redirect(back, fiber.StatusSeeOther)
}

// auditGloss records that a gloss was saved, naming the answer but not the gloss.
func (s *Server) auditGloss(c *fiber.Ctx, slug, question, answer string) error {
	return s.staff.cfg.Service.RecordTextAction(c.UserContext(), staffUser(c), staff.AuditGlossSaved, slug, question, answer)
}
