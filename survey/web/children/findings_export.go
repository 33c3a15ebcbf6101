package children

import (
	"bytes"
	"io"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/web"
)

// ServeFindingsPDF sends the findings infographic as A4 pages of PDF.
func (s *Server) ServeFindingsPDF(c *fiber.Ctx) error {
	return s.sendFindings(c, "pdf", "application/pdf", s.cfg.Infographics.PDF)
}

// ServeFindingsPNG sends the findings infographic as one PNG image as wide as A4.
func (s *Server) ServeFindingsPNG(c *fiber.Ctx) error {
	return s.sendFindings(c, "png", "image/png", s.cfg.Infographics.PNG)
}

// sendFindings draws the findings page's summary, which anyone may read who may read the page,
// in the requested language (Config.Infographics keeps drawings while the findings stay the same).
func (s *Server) sendFindings(c *fiber.Ctx, format, contentType string, draw func(io.Writer, *survey.Survey, *survey.Summary) error) error {
	sv, sum, err := s.summary(c)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := draw(&buf, sv, sum); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, contentType)
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+sv.Slug+"-findings-"+sum.Lang+"."+format+`"`)
	if err := c.Send(buf.Bytes()); err != nil {
		return err
	}
	return web.Revalidate(c, findingsCaching(c))
}
