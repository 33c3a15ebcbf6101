package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"
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
	c.Set("Content-Security-Policy", strings.Replace(s.assets.csp, "frame-ancestors 'none'", "frame-ancestors 'self'", 1))
	return s.render(c, fiber.StatusOK, "survey", &surveyPage{page: s.newPage(lang, sv, ""), Preview: true})
}

// showPreviewFrame lets an editor page frame the preview, which comes from this site only.
func (s *Server) showPreviewFrame(c *fiber.Ctx) {
	c.Set("Content-Security-Policy", s.assets.csp+"; frame-src 'self'")
}
