package web

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/survey"
)

// showSurveyPage renders the whole survey as one form that works without JavaScript.
func (s *Server) showSurveyPage(c *fiber.Ctx) error {
	sv, err := s.cfg.Surveys.Get(c.Params("slug"))
	if err != nil {
		return err
	}
	lang := s.negotiate(c, sv.LanguageCodes(), sv.DefaultLanguage)
	if c.Query("lang") == lang {
		rememberLanguage(c, lang)
	}
	if !sv.AcceptsOn(s.cfg.Service.Now()) {
		return s.renderClosed(c, lang, sv)
	}
	channel, err := s.openChannel(c, sv)
	if survey.ErrorCode(err) == survey.ECLOSED {
		return s.renderClosed(c, lang, sv)
	}
	return s.render(c, fiber.StatusOK, "survey", &surveyPage{
		page:    s.newPage(lang, sv, ""),
		Key:     newKey(),
		Started: s.startToken(sv.Slug, s.cfg.Service.Now()),
		Channel: channel,
	})
}

// openChannelTimeout bounds how long counting an open may hold up the page.
const openChannelTimeout = 2 * time.Second

// openChannel counts this view of the page for the channel in ?c= and returns the code the form
// carries: "" for a code that is no open channel of the survey. If the store does not answer the
// page is still shown, keeping the code so the answers can be counted for the channel.
func (s *Server) openChannel(c *fiber.Ctx, sv *survey.Survey) (string, error) {
	code := survey.NormalizeChannel(c.Query("c"))
	if code == "" {
		return "", nil
	}
	ctx, cancel := context.WithTimeout(c.UserContext(), openChannelTimeout)
	defer cancel()
	ch, err := s.cfg.Service.OpenChannel(ctx, sv, code)
	switch {
	case survey.ErrorCode(err) == survey.ECLOSED:
		return "", err
	case err != nil:
		s.cfg.Log.Warn("survey page: counting the channel open failed", "err", err)
		return code, nil
	case ch == nil:
		return "", nil
	}
	return ch.Code, nil
}

func (s *Server) renderClosed(c *fiber.Ctx, lang string, sv *survey.Survey) error {
	p := s.newPage(lang, sv, "")
	return s.render(c, fiber.StatusGone, "message", &messagePage{page: p, Heading: p.T("survey.closed.title"), Message: p.T("survey.closed.body")})
}

// newKey makes the random submission key that lets a resent form be stored once.
func newKey() string {
	b := make([]byte, 18)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return base64.RawURLEncoding.EncodeToString(b)
}
