package web

import (
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"
)

// logRequests logs the route pattern, status and duration: never the address, user agent,
// query or body, so no log line can tie an answer to a person or a device. Requests are logged at
// debug level (a line per request costs a write per request at thousands a second); server
// errors are logged by the error handler.
func (s *Server) logRequests(c *fiber.Ctx) error {
	if !s.cfg.Log.Enabled(c.UserContext(), slog.LevelDebug) {
		return c.Next()
	}
	start := time.Now()
	err := c.Next()
	status := c.Response().StatusCode()
	if err != nil {
		// The error handler has not run yet; it will set the status from err.
		status = statusOf(err)
	}
	s.cfg.Log.Debug("request", "method", c.Method(), "route", c.Route().Path, "status", status, "ms", time.Since(start).Milliseconds())
	return err
}

// secureHeaders sets the headers every response carries; see assets.csp for the policy.
func (s *Server) secureHeaders(c *fiber.Ctx) error {
	s.setSecurityHeaders(c)
	return c.Next()
}

// setSecurityHeaders is secureHeaders' work, also done by the error handler for requests refused
// before any middleware runs (headers too large, a body over the limit).
func (s *Server) setSecurityHeaders(c *fiber.Ctx) {
	c.Set("Content-Security-Policy", s.assets.csp)
	c.Set("Referrer-Policy", "no-referrer")
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set("X-Frame-Options", "DENY")
	c.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
	c.Set("Cross-Origin-Opener-Policy", "same-origin")
	if s.overTLS(c) {
		c.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
	}
}
