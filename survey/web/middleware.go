package web

import (
	"errors"
	"log/slog"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// ObserveRequests logs and counts each request by its route pattern, status and duration: never
// the path, address, user agent, query or body, so nothing can tie an answer to a person or a
// device. Requests are logged at debug level (a line per request costs a write per request at
// thousands a second); server errors are logged by the error handler.
func (s *Base) ObserveRequests(c *fiber.Ctx) error {
	debug := s.cfg.Log.Enabled(c.UserContext(), slog.LevelDebug)
	if !debug && s.cfg.Metrics == nil {
		return c.Next()
	}
	start := s.cfg.Now()
	err := c.Next()
	elapsed := s.cfg.Now().Sub(start)
	status := c.Response().StatusCode()
	if err != nil {
		// The error handler has not run yet; it will set the status from err.
		status = StatusOf(err)
	}
	route := routeOf(c)
	if s.cfg.Metrics != nil {
		// Fiber's strings share its request buffers; a label outlives the request.
		s.cfg.Metrics.ObserveRequest(strings.Clone(c.Method()), route, status, elapsed)
	}
	if debug {
		s.cfg.Log.Debug("request", "method", c.Method(), "route", route, "status", status, "ms", elapsed.Milliseconds())
	}
	return err
}

// routeOf is the pattern of the route that answered, so a label or a log line never holds a path
// someone typed: "unmatched" for a path no route has.
func routeOf(c *fiber.Ctx) string {
	if c.Locals(unmatchedKey{}) != nil {
		return "unmatched"
	}
	return c.Route().Path
}

type unmatchedKey struct{}

// ShowNotFound answers every request no route takes. A middleware route carries no sign of being
// one, so it marks the request for routeOf rather than leave its prefix ("/") to pass for the home
// page. Going on past the last route lets Fiber tell a path no route has (404) from a known path
// asked with a method it does not take (405, with the methods it takes in Allow, per RFC 9110
// section 15.5.6); an OPTIONS request for a known path is answered 204 with that Allow.
func ShowNotFound(c *fiber.Ctx) error {
	c.Locals(unmatchedKey{}, true)
	err := c.Next()
	if !errors.Is(err, fiber.ErrMethodNotAllowed) {
		return fiber.ErrNotFound
	}
	c.Append(fiber.HeaderAllow, fiber.MethodOptions)
	if c.Method() == fiber.MethodOptions {
		return c.SendStatus(fiber.StatusNoContent)
	}
	return err
}

// SecureHeaders sets the headers every response carries; see assets.csp for the policy.
func (s *Base) SecureHeaders(c *fiber.Ctx) error {
	s.SetSecurityHeaders(c)
	return c.Next()
}

// SetSecurityHeaders is SecureHeaders' work, also done by the error handler for requests refused
// before any middleware runs (headers too large, a body over the limit).
func (s *Base) SetSecurityHeaders(c *fiber.Ctx) {
	c.Set("Content-Security-Policy", s.assets.csp)
	c.Set("Referrer-Policy", "no-referrer")
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set("X-Frame-Options", "DENY")
	c.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
	c.Set("Cross-Origin-Opener-Policy", "same-origin")
	if s.OverTLS(c) {
		c.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
	}
}
