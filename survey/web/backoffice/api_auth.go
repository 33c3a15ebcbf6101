package backoffice

import (
	"crypto/sha256"
	"crypto/subtle"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/survey/staff"
	"github.com/safeguarding/safetysurvey/survey/web"
)

// Scripts use the channels API with the admin token, sent as "Authorization: Bearer"; it acts
// as the admin role, so what it may do is read from the same permission table as people's roles.
// People sign in to the staff pages with their own accounts (staff_session.go); the token is
// never accepted there.

// tokenRoles are the roles a request with the admin token acts with.
var tokenRoles = []staff.Role{staff.Admin}

// tokenMatches compares a presented token with the admin token in constant time; with no admin
// token configured nothing matches, so the API stays shut.
func (s *Server) tokenMatches(presented string) bool {
	if s.cfg.AdminToken == "" {
		return false
	}
	a, b := sha256.Sum256([]byte(presented)), sha256.Sum256([]byte(s.cfg.AdminToken))
	return subtle.ConstantTimeCompare(a[:], b[:]) == 1
}

// requireToken lets API requests through whose bearer token is the admin token, if the admin
// role may do action; 401 without the token, 403 if the table does not allow it.
func (s *Server) requireToken(action staff.Action) fiber.Handler {
	return func(c *fiber.Ctx) error {
		token, ok := strings.CutPrefix(c.Get(fiber.HeaderAuthorization), "Bearer ")
		if !ok || !s.tokenMatches(strings.TrimSpace(token)) {
			challenge := `Bearer realm="safetysurvey staff"`
			if c.Get(fiber.HeaderAuthorization) != "" {
				challenge += `, error="invalid_token"`
			}
			c.Set(fiber.HeaderWWWAuthenticate, challenge)
			return &web.RequestError{Status: fiber.StatusUnauthorized, Message: "error.unauthorized", Field: fiber.HeaderAuthorization}
		}
		if !staff.Allowed(tokenRoles, action) {
			return &web.RequestError{Status: fiber.StatusForbidden, Message: "error.forbidden"}
		}
		return c.Next()
	}
}
