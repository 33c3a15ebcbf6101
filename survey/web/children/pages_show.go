package children

import (
	"github.com/gofiber/fiber/v2"
	"github.com/safeguarding/safetysurvey/survey/web"
)

// showThanksPage thanks the child and always shows where to get help; help=1 (set after an
// answer the survey marks as a concern) brings a calm message to the top. Nothing records it.
func (s *Server) showThanksPage(c *fiber.Ctx) error {
	sv, err := s.cfg.Surveys.Get(c.Params("slug"))
	if err != nil {
		return err
	}
	lang := s.Negotiate(c, sv.LanguageCodes(), sv.DefaultLanguage)
	p := s.NewPage(lang, sv, "")
	p.SetTitle(p.T("thanks.title"))
	return s.Render(c, fiber.StatusOK, "thanks", &web.ThanksPage{Page: p, Concern: c.Query("help") == "1"})
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
