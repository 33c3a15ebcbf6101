package children

import (
	"github.com/gofiber/fiber/v2"
	"github.com/safeguarding/safetysurvey/survey/web"
)

// showThanksPage is where the script goes once the answers are stored: the same address for
// every child. It always shows where to get help; the script brings the calm message up when
// the API said to offer help.
func (s *Server) showThanksPage(c *fiber.Ctx) error {
	sv, err := s.cfg.Surveys.Get(c.Params("slug"))
	if err != nil {
		return err
	}
	return s.renderThanks(c, s.NewPage(s.Negotiate(c, sv.LanguageCodes(), sv.DefaultLanguage), sv, ""), false)
}

// renderThanks thanks the child; concern shows the calm help message at the top. Nothing records it.
func (s *Server) renderThanks(c *fiber.Ctx, p web.Page, concern bool) error {
	p.SetTitle(p.T("thanks.title"))
	return s.Render(c, fiber.StatusOK, "thanks", &web.ThanksPage{Page: p, Concern: concern})
}

// showHelpPage lists the national and the survey's local places to get help.
func (s *Server) showHelpPage(c *fiber.Ctx) error {
	sv, err := s.cfg.Surveys.Get(c.Params("slug"))
	if err != nil {
		return err
	}
	lang := s.Negotiate(c, sv.LanguageCodes(), sv.DefaultLanguage)
	p := s.NewPage(lang, sv, "")
	p.SetTitle(p.T("help.title"))
	return s.Render(c, fiber.StatusOK, "help", &p)
}

// redirectHome sends visitors of the bare address to the first survey.
func (s *Server) redirectHome(c *fiber.Ctx) error {
	all := s.cfg.Surveys.All()
	if len(all) == 0 {
		return fiber.ErrNotFound
	}
	return c.Redirect("/s/"+all[0].Slug, fiber.StatusFound)
}
