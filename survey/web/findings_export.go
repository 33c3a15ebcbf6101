package web

import (
	"bytes"
	"fmt"
	"io"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/survey"
)

// exportKey names a drawn export in the cache: the summary it drew and the format.
type exportKey struct {
	summaryKey
	format string
}

type cachedExport struct {
	sum  *survey.Summary
	body []byte
}

// serveFindingsPDF sends the findings infographic as A4 pages of PDF.
func (s *Server) serveFindingsPDF(c *fiber.Ctx) error {
	return s.sendFindings(c, "pdf", "application/pdf", s.cfg.Infographics.PDF)
}

// serveFindingsPNG sends the findings infographic as one PNG image as wide as A4.
func (s *Server) serveFindingsPNG(c *fiber.Ctx) error {
	return s.sendFindings(c, "png", "image/png", s.cfg.Infographics.PNG)
}

// sendFindings draws the findings page's summary, which anyone may read who may read the page,
// in the requested language. Drawing takes a while, so a drawing is kept for as long as the
// summary it drew (see summaryOf).
func (s *Server) sendFindings(c *fiber.Ctx, format, contentType string, draw func(io.Writer, *survey.Survey, *survey.Summary) error) error {
	sv, sum, err := s.summary(c)
	if err != nil {
		return err
	}
	key := exportKey{summaryKey{slug: sv.Slug, version: sv.Version, lang: sum.Lang, by: sum.By}, format}
	cached, ok := s.exportCache.Load(key)
	if !ok || cached.(cachedExport).sum != sum {
		// Requests for the same drawing while it is drawn wait for it rather than draw it again.
		cached, err, _ = s.exports.Do(fmt.Sprint(key), func() (any, error) {
			var buf bytes.Buffer
			if err := draw(&buf, sv, sum); err != nil {
				return nil, err
			}
			drawn := cachedExport{sum: sum, body: buf.Bytes()}
			s.exportCache.Store(key, drawn)
			return drawn, nil
		})
		if err != nil {
			return err
		}
	}
	c.Set(fiber.HeaderCacheControl, "no-cache")
	c.Set(fiber.HeaderContentType, contentType)
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+sv.Slug+"-findings-"+sum.Lang+"."+format+`"`)
	return c.Send(cached.(cachedExport).body)
}
