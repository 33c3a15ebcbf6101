package web

import (
	"crypto/rand"
	"encoding/base64"

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
		if sv.Published {
			return s.renderResults(c, lang, sv)
		}
		return s.renderClosed(c, lang, sv)
	}
	return s.render(c, fiber.StatusOK, "survey", &surveyPage{
		page:    s.newPage(lang, sv, ""),
		Key:     newKey(),
		Channel: survey.NormalizeChannel(c.Query("c")),
	})
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
