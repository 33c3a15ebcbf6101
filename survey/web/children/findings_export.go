package children

import (
	"bytes"
	"io"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/findings"
	"github.com/safeguarding/safetysurvey/survey/web"
)

// ServeFindingsPDF sends the findings infographic: one designed A4 page of PDF.
func (s *Server) ServeFindingsPDF(c *fiber.Ctx) error {
	return s.sendFindings(c, "findings", "pdf", "application/pdf", s.cfg.Infographics.OnePage)
}

// ServeFindingsReport sends the full findings, every chart with its numbers, as A4 pages of PDF.
func (s *Server) ServeFindingsReport(c *fiber.Ctx) error {
	return s.sendFindings(c, "findings-report", "pdf", "application/pdf", s.cfg.Infographics.PDF)
}

// ServeFindingsShare sends the headlines as a 1080x1350 image to share on phones.
func (s *Server) ServeFindingsShare(c *fiber.Ctx) error {
	return s.sendFindings(c, "findings-share", "png", "image/png", s.cfg.Infographics.Share)
}

// ServeFindingsPNG sends the findings infographic as one PNG image as wide as A4.
func (s *Server) ServeFindingsPNG(c *fiber.Ctx) error {
	return s.sendFindings(c, "findings", "png", "image/png", s.cfg.Infographics.PNG)
}

// sendFindings draws the findings page's summary, which anyone may read who may read the page,
// in the requested language (Config.Infographics keeps drawings while the findings stay the same).
func (s *Server) sendFindings(c *fiber.Ctx, name, format, contentType string, draw func(io.Writer, *survey.Survey, *findings.Summary) error) error {
	sv, sum, err := s.summary(c)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := draw(&buf, sv, sum); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, contentType)
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+sv.Slug+"-"+name+"-"+sum.Lang+"."+format+`"`)
	if err := c.Send(buf.Bytes()); err != nil {
		return err
	}
	return web.Revalidate(c, findingsCaching(c))
}
