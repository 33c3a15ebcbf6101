package children

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/web"
)

// showSurveyPage renders the whole survey as one form that works without JavaScript.
func (s *Server) showSurveyPage(c *fiber.Ctx) error {
	sv, err := s.cfg.Surveys.Get(c.Params("slug"))
	if err != nil {
		return err
	}
	lang := s.Negotiate(c, sv.LanguageCodes(), sv.DefaultLanguage)
	if c.Query("lang") == lang {
		web.RememberLanguage(c, lang)
	}
	if !sv.AcceptsOn(s.cfg.Service.Now()) {
		if sv.Published {
			return s.renderResults(c, lang, sv)
		}
		return s.renderClosed(c, lang, sv)
	}
	channel, err := s.openChannel(c, sv)
	if survey.ErrorCode(err) == survey.ECLOSED {
		return s.renderClosed(c, lang, sv)
	}
	return s.renderFreshSurvey(c, lang, sv, channel)
}

// Marks stand in a fresh survey page for what differs between views: plain words that HTML
// escaping leaves as they are, and the values put in their place need no escaping either (a
// base64url key, a token of digits, '.' and base64url, a channel code of capitals and digits).
const (
	keyMark     = "key-mark-4f9c1e"
	startedMark = "started-mark-4f9c1e"
	channelMark = "CHANNELMARK4F9C1E"
)

// freshPageKey names a kept survey page.
type freshPageKey struct {
	survey  *survey.Survey
	lang    string
	channel bool
}

// renderFreshSurvey shows the survey's empty form. Rendering the questions is most of a page
// view's cost, and only the submission key, the start token and the channel differ from one view
// to the next, so each survey's page is rendered once per language, with and without a channel,
// and kept with marks where those go.
func (s *Server) renderFreshSurvey(c *fiber.Ctx, lang string, sv *survey.Survey, channel string) error {
	// Keyed by the definition itself: the catalog replaces it whole when a survey is republished.
	cacheKey := freshPageKey{survey: sv, lang: lang, channel: channel != ""}
	cached, ok := s.pageCache.Load(cacheKey)
	if !ok {
		data := &web.SurveyPage{Page: s.NewPage(lang, sv, ""), Key: keyMark, Started: startedMark}
		if channel != "" {
			data.Channel = channelMark
		}
		html, err := s.RenderPage("survey", data)
		if err != nil {
			return err
		}
		cached, _ = s.pageCache.LoadOrStore(cacheKey, html)
	}
	html := bytes.Replace(cached.([]byte), []byte(keyMark), []byte(newKey()), 1)
	html = bytes.Replace(html, []byte(startedMark), []byte(s.startToken(c.UserContext(), sv.Slug, s.cfg.Service.Now())), 1)
	html = bytes.Replace(html, []byte(channelMark), []byte(channel), 1)
	return s.Send(c, fiber.StatusOK, html)
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
		s.Log().Warn("survey Page: counting the channel open failed", "err", err)
		return code, nil
	case ch == nil:
		return "", nil
	}
	return ch.Code, nil
}

func (s *Server) renderClosed(c *fiber.Ctx, lang string, sv *survey.Survey) error {
	p := s.NewPage(lang, sv, "")
	return s.Render(c, fiber.StatusGone, "message", &web.MessagePage{Page: p, Heading: p.T("survey.closed.title"), Message: p.T("survey.closed.body")})
}

// newKey makes the random submission key that lets a resent form be stored once.
func newKey() string {
	b := make([]byte, 18)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return base64.RawURLEncoding.EncodeToString(b)
}
