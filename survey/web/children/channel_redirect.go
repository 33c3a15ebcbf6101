package children

import (
	"net/url"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/survey"
)

// redirectShortLink sends /j/{code}, the link typed off a poster, to the channel's survey. A code
// that is no channel still reaches a survey, the first one, with no channel; a closed channel is
// explained by the survey page. The page counts the open, so the redirect counts nothing.
func (s *Server) redirectShortLink(c *fiber.Ctx) error {
	code := survey.NormalizeChannel(c.Params("code"))
	c.Set(fiber.HeaderCacheControl, "no-store")
	if code != "" && s.cfg.Service.Channels != nil {
		ch, err := s.cfg.Service.Channels.Channel(c.UserContext(), code)
		switch {
		case err == nil:
			return c.Redirect("/s/"+url.PathEscape(ch.Survey)+"?c="+ch.Code, fiber.StatusFound)
		case survey.ErrorCode(err) == survey.ENOTFOUND:
			code = ""
		default:
			// The store is not answering: keep the code, so the answers can still be counted for
			// the channel if they are sent once it answers again.
			s.Log().Warn("short link: channel lookup failed", "err", err)
		}
	}
	all := s.cfg.Surveys.All()
	if len(all) == 0 {
		return fiber.ErrNotFound
	}
	target := "/s/" + url.PathEscape(all[0].Slug)
	if code != "" {
		target += "?c=" + code
	}
	return c.Redirect(target, fiber.StatusFound)
}
