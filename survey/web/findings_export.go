package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/survey"
)

// exportKey names a drawn export in the cache: the findings it drew and the format.
type exportKey struct {
	summaryKey
	format string
}

type cachedExport struct {
	digest [sha256.Size]byte
	body   []byte
	drawn  time.Time
}

// serveFindingsPDF sends the findings infographic: one designed A4 page of PDF.
func (s *Server) serveFindingsPDF(c *fiber.Ctx) error {
	return s.sendFindings(c, "findings", "pdf", "application/pdf", s.cfg.Infographics.OnePage)
}

// serveFindingsReport sends the full findings, every chart with its numbers, as A4 pages of PDF.
func (s *Server) serveFindingsReport(c *fiber.Ctx) error {
	return s.sendFindings(c, "findings-report", "pdf", "application/pdf", s.cfg.Infographics.PDF)
}

// serveFindingsShare sends the headlines as a 1080x1350 image to share on phones.
func (s *Server) serveFindingsShare(c *fiber.Ctx) error {
	return s.sendFindings(c, "findings-share", "png", "image/png", s.cfg.Infographics.Share)
}

// serveFindingsPNG sends the findings infographic as one PNG image as wide as A4.
func (s *Server) serveFindingsPNG(c *fiber.Ctx) error {
	return s.sendFindings(c, "findings", "png", "image/png", s.cfg.Infographics.PNG)
}

// sendFindings draws the findings page's summary, which anyone may read who may read the page,
// in the requested language. Drawing takes a while, so a drawing is kept for as long as what it
// draws stays the same (and for Config.RedrawAfter once it changed), and requests for one
// drawing while it is drawn wait for it.
func (s *Server) sendFindings(c *fiber.Ctx, name, format, contentType string, draw func(io.Writer, *survey.Survey, *survey.Summary) error) error {
	sv, sum, err := s.summary(c)
	if err != nil {
		return err
	}
	digest, err := exportDigest(sv, sum)
	if err != nil {
		return err
	}
	key := exportKey{newSummaryKey(sv, sum.Lang, sum.By), name + "." + format}
	cached, ok := s.exportCache.Load(key)
	if !ok || cached.(cachedExport).digest != digest && time.Since(cached.(cachedExport).drawn) >= s.cfg.RedrawAfter {
		cached, err, _ = s.exports.Do(fmt.Sprintf("%v %x", key, digest), func() (any, error) {
			var buf bytes.Buffer
			if err := draw(&buf, sv, sum); err != nil {
				return nil, err
			}
			drawn := cachedExport{digest: digest, body: buf.Bytes(), drawn: time.Now()}
			s.exportCache.Store(key, drawn)
			return drawn, nil
		})
		if err != nil {
			return err
		}
	}
	setFindingsCaching(c)
	c.Set(fiber.HeaderContentType, contentType)
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+sv.Slug+"-"+name+"-"+sum.Lang+"."+format+`"`)
	return c.Send(cached.(cachedExport).body)
}

// exportDigest identifies everything an export draws: the published findings, with their
// quotes and themes, and the partnership's actions.
func exportDigest(sv *survey.Survey, sum *survey.Summary) ([sha256.Size]byte, error) {
	b, err := json.Marshal(struct {
		Summary *survey.Summary
		Actions []survey.Action
	}{sum, sv.Actions})
	if err != nil {
		return [sha256.Size]byte{}, fmt.Errorf("digest findings of %s: %w", sv.Slug, err)
	}
	return sha256.Sum256(b), nil
}
