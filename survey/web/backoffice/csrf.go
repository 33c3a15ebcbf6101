package backoffice

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/web"
)

// csrfProtection guards every state-changing request to /staff with a signed double-submit token
// (OWASP CSRF guidance): the staff_csrf cookie holds a random value signed with the form keys
// and bound to the session cookie, if there is one, and each form sends the same token in its
// body. Nothing is stored, so anonymous pages (sign-in, code, invitation) cost the store nothing,
// and signing in, which changes the session cookie, makes every earlier token worthless. The
// Fetch Metadata and Origin headers are checked first, as defence in depth.
func (s *Server) csrfProtection() fiber.Handler {
	return func(c *fiber.Ctx) error {
		binding := c.Cookies(sessionCookie)
		token := c.Cookies(csrfCookie)
		valid := s.validCSRFToken(c, token, binding)
		switch c.Method() {
		case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions, fiber.MethodTrace:
		default:
			sent := formToken(c)
			if !sameOrigin(c) || !valid || sent == "" || subtle.ConstantTimeCompare([]byte(sent), []byte(token)) != 1 {
				return survey.Errorf(survey.EFORBIDDEN, "staff.error.csrf")
			}
		}
		if !valid {
			token = s.newCSRFToken(c, binding)
			c.Cookie(&fiber.Cookie{Name: csrfCookie, Value: token, Path: web.StaffPath, Secure: s.staff.cfg.SecureCookies,
				HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode, SessionOnly: true})
		}
		c.Vary(fiber.HeaderCookie)
		c.Locals(csrfLocal, token)
		return c.Next()
	}
}

// newCSRFToken is a random value and its signature, bound to the session cookie binding.
func (s *Server) newCSRFToken(c *fiber.Ctx, binding string) string {
	nonce := rand.Text()
	return nonce + "." + base64.RawURLEncoding.EncodeToString(s.FormKeys().Sign(c.UserContext(), csrfSigned(nonce, binding)))
}

// validCSRFToken reports whether token was made by newCSRFToken, here or on a replica, for binding.
func (s *Server) validCSRFToken(c *fiber.Ctx, token, binding string) bool {
	nonce, sig, ok := strings.Cut(token, ".")
	mac, err := base64.RawURLEncoding.DecodeString(sig)
	return ok && nonce != "" && err == nil && s.FormKeys().Verify(c.UserContext(), csrfSigned(nonce, binding), mac)
}

func csrfSigned(nonce, binding string) string {
	return "csrf\x00" + nonce + "\x00" + binding
}

// formToken is the CSRF token from the request body only: a token in a URL leaks through logs,
// history and Referer headers, so the query string is never read.
func formToken(c *fiber.Ctx) string {
	if v := c.Request().PostArgs().Peek(csrfField); len(v) > 0 {
		return string(v)
	}
	if form, err := c.Request().MultipartForm(); err == nil && len(form.Value[csrfField]) > 0 {
		return form.Value[csrfField][0]
	}
	return ""
}

// sameOrigin refuses a request a browser says came from another site: Sec-Fetch-Site when the
// browser sends it, else Origin, which must name this host. A request with neither (an old
// browser, a script) still needs the token.
func sameOrigin(c *fiber.Ctx) bool {
	switch c.Get("Sec-Fetch-Site") {
	case "same-origin", "none":
		return true
	case "":
	default: // same-site, cross-site
		return false
	}
	origin := c.Get(fiber.HeaderOrigin)
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	return err == nil && u.Host != "" && strings.EqualFold(u.Host, string(c.Request().Host()))
}
