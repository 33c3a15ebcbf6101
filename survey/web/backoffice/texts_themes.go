package backoffice

import (
	"github.com/gofiber/fiber/v2"
)

// saveThemes stores the themes a scrutineer ticked for one answer, replacing the suggested ones.
func (s *Server) saveThemes(c *fiber.Ctx) error {
	slug, question, answer := c.Params("slug"), c.Params("question"), c.Params("answer")
	var themes []string
	for _, v := range c.Request().PostArgs().PeekMulti("theme") {
		themes = append(themes, string(v))
	}
	if err := s.cfg.Service.SetThemes(c.UserContext(), slug, question, answer, themes); err != nil {
		return err
	}
	return c.Redirect(textsPageURL(slug, question, c.Query("from"), "themes")+"#answer-"+answer, fiber.StatusSeeOther)
}
