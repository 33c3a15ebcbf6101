package editor

import (
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/safeguarding/safetysurvey/survey/web"
)

// showDraftPreview renders a draft as a child would see it, with the children's own survey page
// template and view code, in ?lang=. It takes no answers: the form posts nowhere, its buttons are
// off and the page says it is a preview. Unlike every other page it may be framed, by the editor
// on this site only.
func (s *Server) showDraftPreview(c *fiber.Ctx) error {
	d, err := s.cfg.Design.Draft(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	sv := d.Survey
	lang := c.Query("lang")
	if !sv.Offers(lang) {
		lang = sv.DefaultLanguage
	}
	c.Set("X-Frame-Options", "SAMEORIGIN")
	c.Set("Content-Security-Policy", strings.Replace(s.CSP(), "frame-ancestors 'none'", "frame-ancestors 'self'", 1))
	return s.Render(c, fiber.StatusOK, "survey", &web.SurveyPage{Page: s.NewPage(lang, sv, ""), Preview: true})
}

// showPreviewFrame lets an editor page frame the preview, which comes from this site only.
func (s *Server) showPreviewFrame(c *fiber.Ctx) {
	c.Set("Content-Security-Policy", s.CSP()+"; frame-src 'self'")
}
