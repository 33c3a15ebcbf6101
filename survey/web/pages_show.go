package web

import (
	"github.com/gofiber/fiber/v2"
)

// showThanksPage is where the script goes once the answers are stored: the same address for
// every child. It always shows where to get help; the script brings the calm message up when
// the API said to offer help.
func (s *Server) showThanksPage(c *fiber.Ctx) error {
	sv, err := s.cfg.Surveys.Get(c.Params("slug"))
	if err != nil {
		return err
	}
	return s.renderThanks(c, s.newPage(s.negotiate(c, sv.LanguageCodes(), sv.DefaultLanguage), sv, ""), false)
}

// renderThanks thanks the child; concern shows the calm help message at the top. Nothing records it.
func (s *Server) renderThanks(c *fiber.Ctx, p page, concern bool) error {
	p.title = p.T("thanks.title")
	return s.render(c, fiber.StatusOK, "thanks", &thanksPage{page: p, Concern: concern})
}

// showHelpPage lists the national and the survey's local places to get help.
func (s *Server) showHelpPage(c *fiber.Ctx) error {
	sv, err := s.cfg.Surveys.Get(c.Params("slug"))
	if err != nil {
		return err
	}
	lang := s.negotiate(c, sv.LanguageCodes(), sv.DefaultLanguage)
	p := s.newPage(lang, sv, "")
	p.title = p.T("help.title")
	return s.render(c, fiber.StatusOK, "help", &p)
}

// redirectHome sends visitors of the bare address to the first survey.
func (s *Server) redirectHome(c *fiber.Ctx) error {
	all := s.cfg.Surveys.All()
	if len(all) == 0 {
		return fiber.ErrNotFound
	}
	return c.Redirect("/s/"+all[0].Slug, fiber.StatusFound)
}
