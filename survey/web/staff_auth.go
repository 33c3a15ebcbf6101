package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/survey"
)

// Staff sign-in, until staff accounts exist: one admin token, sent as "Authorization: Bearer" to
// the API or typed once into the sign-in form, which sets a session cookie. The cookie holds an
// expiry and an HMAC keyed by the token, never the token, so changing the token signs everyone out.

const (
	sessionCookie = "staff_session"
	sessionLength = 8 * time.Hour
	staffLocal    = "staff" // Fiber local holding the signed-in *survey.Staff
)

// tokenMatches compares a presented token with the admin token in constant time; with no admin
// token configured nothing matches, so the staff area stays shut.
func (s *Server) tokenMatches(presented string) bool {
	if s.cfg.AdminToken == "" {
		return false
	}
	a, b := sha256.Sum256([]byte(presented)), sha256.Sum256([]byte(s.cfg.AdminToken))
	return subtle.ConstantTimeCompare(a[:], b[:]) == 1
}

// sessionMAC signs a session's expiry with the admin token.
func (s *Server) sessionMAC(expires string) string {
	mac := hmac.New(sha256.New, []byte(s.cfg.AdminToken))
	mac.Write([]byte("staff-session\x00" + expires))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// startSession sets the session cookie after a sign-in with the admin token.
func (s *Server) startSession(c *fiber.Ctx) {
	expires := strconv.FormatInt(s.cfg.Service.Now().Add(sessionLength).Unix(), 10)
	c.Cookie(&fiber.Cookie{Name: sessionCookie, Value: expires + "." + s.sessionMAC(expires), Path: "/staff",
		MaxAge: int(sessionLength.Seconds()), HTTPOnly: true, Secure: c.Protocol() == "https", SameSite: fiber.CookieSameSiteStrictMode})
}

// endSession clears the session cookie.
func endSession(c *fiber.Ctx) {
	c.Cookie(&fiber.Cookie{Name: sessionCookie, Value: "", Path: "/staff", Expires: time.Unix(1, 0), HTTPOnly: true, SameSite: fiber.CookieSameSiteStrictMode})
}

// sessionStaff returns who the session cookie signs in, or nil.
func (s *Server) sessionStaff(c *fiber.Ctx) *survey.Staff {
	expires, mac, ok := strings.Cut(c.Cookies(sessionCookie), ".")
	if !ok || s.cfg.AdminToken == "" || !hmac.Equal([]byte(mac), []byte(s.sessionMAC(expires))) {
		return nil
	}
	if unix, err := strconv.ParseInt(expires, 10, 64); err != nil || s.cfg.Service.Now().Unix() > unix {
		return nil
	}
	return &survey.Staff{Role: survey.RoleAdmin}
}

// bearerStaff returns who the Authorization header signs in, or nil.
func (s *Server) bearerStaff(c *fiber.Ctx) *survey.Staff {
	token, ok := strings.CutPrefix(c.Get(fiber.HeaderAuthorization), "Bearer ")
	if !ok || !s.tokenMatches(strings.TrimSpace(token)) {
		return nil
	}
	return &survey.Staff{Role: survey.RoleAdmin}
}

// staffPages lets signed-in staff allowed action through. Anyone else gets the sign-in form with
// 401; a form posted from another site gets 403.
func (s *Server) staffPages(action string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if c.Method() == fiber.MethodPost && !sameOrigin(c) {
			return fiber.ErrForbidden
		}
		staff := s.sessionStaff(c)
		if staff == nil {
			return s.renderSignIn(c, fiber.StatusUnauthorized, c.OriginalURL(), "")
		}
		return s.allow(c, staff, action)
	}
}

// staffAPI lets requests whose bearer token signs in staff allowed action through; 401 otherwise.
func (s *Server) staffAPI(action string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		staff := s.bearerStaff(c)
		if staff == nil {
			challenge := `Bearer realm="safetysurvey staff"`
			if c.Get(fiber.HeaderAuthorization) != "" {
				challenge += `, error="invalid_token"`
			}
			c.Set(fiber.HeaderWWWAuthenticate, challenge)
			return &requestError{status: fiber.StatusUnauthorized, message: "error.unauthorized", field: fiber.HeaderAuthorization}
		}
		return s.allow(c, staff, action)
	}
}

// allow is where roles are checked: staff whose role may not do action get 403.
func (s *Server) allow(c *fiber.Ctx, staff *survey.Staff, action string) error {
	if !staff.Can(action) {
		return &requestError{status: fiber.StatusForbidden, message: "error.forbidden"}
	}
	c.Locals(staffLocal, staff)
	return c.Next()
}

// sameOrigin refuses form posts another site made a browser send. Browsers say where a request
// came from in Sec-Fetch-Site; older ones only in Origin, which must then name this host. Pages
// here are sent with Referrer-Policy: no-referrer, under which a browser's own form posts carry
// "Origin: null", so Sec-Fetch-Site is trusted first.
func sameOrigin(c *fiber.Ctx) bool {
	if site := c.Get("Sec-Fetch-Site"); site != "" {
		return site == "same-origin" || site == "none"
	}
	origin := c.Get(fiber.HeaderOrigin)
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	return err == nil && u.Host == string(c.Request().Host())
}
