package web

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"
)

// ShowHealth answers while the process is up.
func (s *Base) ShowHealth(c *fiber.Ctx) error {
	return c.SendString("ok")
}

// ShowReadiness answers 200 only while the store can be reached, so a load balancer sends no
// submissions to an instance that would have to refuse them.
func (s *Base) ShowReadiness(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
	defer cancel()
	if err := s.cfg.Ready(ctx); err != nil {
		c.Set(fiber.HeaderRetryAfter, RetryAfterSeconds)
		return c.Status(fiber.StatusServiceUnavailable).SendString("store unavailable")
	}
	return c.SendString("ready")
}
