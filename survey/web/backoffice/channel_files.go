package backoffice

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/channels"
	"github.com/safeguarding/safetysurvey/survey/web"
)

// defaultQRSize is the PNG size, in pixels, when none is asked for.
const defaultQRSize = 1024

// surveyChannel finds the channel in the route, which must belong to the route's survey.
func (s *Server) surveyChannel(c *fiber.Ctx) (*survey.Survey, *survey.Channel, error) {
	sv, err := s.cfg.Surveys.Get(c.Params("slug"))
	if err != nil {
		return nil, nil, err
	}
	ch, err := s.cfg.Service.Channels.Channel(c.UserContext(), survey.NormalizeChannel(c.Params("code")))
	if err != nil {
		return nil, nil, err
	}
	if ch.Survey != sv.Slug {
		return nil, nil, survey.Errorf(survey.ENOTFOUND, "error.no_channel")
	}
	return sv, ch, nil
}

// serveQRPNG sends the channel's QR code as a PNG ?size= pixels square.
func (s *Server) serveQRPNG(c *fiber.Ctx) error {
	_, ch, err := s.surveyChannel(c)
	if err != nil {
		return err
	}
	size := defaultQRSize
	if q := c.Query("size"); q != "" {
		if size, err = strconv.Atoi(q); err != nil {
			return &web.RequestError{Status: fiber.StatusBadRequest, Message: "error.qr_size", Field: "size"}
		}
	}
	img, err := s.cfg.QR.PNG(ch.Link(s.cfg.PublicURL), size)
	if err != nil {
		return err
	}
	return sendImage(c, img, "image/png", fmt.Sprintf("%s-%d.png", ch.Code, size))
}

// serveQRSVG sends the channel's QR code as an SVG.
func (s *Server) serveQRSVG(c *fiber.Ctx) error {
	_, ch, err := s.surveyChannel(c)
	if err != nil {
		return err
	}
	img, err := s.cfg.QR.SVG(ch.Link(s.cfg.PublicURL))
	if err != nil {
		return err
	}
	return sendImage(c, img, "image/svg+xml", ch.Code+".svg")
}

// sendImage sends a QR image that never changes for its URL: cached by the browser for a day,
// with an ETag so a check after that costs a 304.
func sendImage(c *fiber.Ctx, img []byte, contentType, filename string) error {
	c.Set(fiber.HeaderContentType, contentType)
	c.Set(fiber.HeaderContentDisposition, `inline; filename="`+filename+`"`)
	if err := c.Send(img); err != nil {
		return err
	}
	return web.Revalidate(c, "private, max-age=86400")
}

// posterOptions reads ?lang= and ?strips=1.
func posterOptions(c *fiber.Ctx) channels.PosterOptions {
	return channels.PosterOptions{Lang: c.Query("lang"), Strips: c.Query("strips") == "1"}
}

// showPoster sends the channel's poster as a page that prints on A4.
func (s *Server) showPoster(c *fiber.Ctx) error {
	sv, ch, err := s.surveyChannel(c)
	if err != nil {
		return err
	}
	opts := posterOptions(c)
	opts.ScreenNoteLang = s.StaffLanguage(c)
	opts.ScreenNote = s.localLinksWarning(s.Messages().Localizer(opts.ScreenNoteLang))
	var buf bytes.Buffer
	if err := s.cfg.Posters.HTML(&buf, sv, ch, opts); err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return c.Send(buf.Bytes())
}

// servePosterPDF sends the channel's poster as a one-page PDF.
func (s *Server) servePosterPDF(c *fiber.Ctx) error {
	sv, ch, err := s.surveyChannel(c)
	if err != nil {
		return err
	}
	return s.sendPosters(c, sv, []*survey.Channel{ch}, ch.Code+"-poster.pdf")
}

// servePack sends every channel of the survey as one PDF, a poster a page.
func (s *Server) servePack(c *fiber.Ctx) error {
	sv, channels, err := s.surveyChannels(c)
	if err != nil {
		return err
	}
	return s.sendPosters(c, sv, channels, sv.Slug+"-posters.pdf")
}

func (s *Server) sendPosters(c *fiber.Ctx, sv *survey.Survey, channels []*survey.Channel, filename string) error {
	var buf bytes.Buffer
	if err := s.cfg.Posters.PDF(&buf, sv, channels, posterOptions(c)); err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(fiber.HeaderContentType, "application/pdf")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+filename+`"`)
	return c.Send(buf.Bytes())
}

// serveChannelsCSV sends the survey's channels with their links as CSV.
func (s *Server) serveChannelsCSV(c *fiber.Ctx) error {
	sv, chs, err := s.surveyChannels(c)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+sv.Slug+`-channels.csv"`)
	return channels.WriteCSV(c.Response().BodyWriter(), s.cfg.PublicURL, chs)
}

// surveyChannels is the survey the request names and every channel it has.
func (s *Server) surveyChannels(c *fiber.Ctx) (*survey.Survey, []*survey.Channel, error) {
	sv, err := s.cfg.Surveys.Get(c.Params("slug"))
	if err != nil {
		return nil, nil, err
	}
	channels, err := s.cfg.Service.Channels.Channels(c.UserContext(), sv.Slug)
	return sv, channels, err
}
