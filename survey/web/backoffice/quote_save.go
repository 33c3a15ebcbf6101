package backoffice

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/survey/staff"
)

// quoteStep is one step in a quote's way to publication, done by the signed-in person.
type quoteStep struct {
	audit  string
	notice string
	do     func(ctx context.Context, slug, question, answer, by string) error
}

// proposeQuote, approveQuote and withdrawQuote take a quote a step; each step is audited.
func (s *Server) proposeQuote(c *fiber.Ctx) error {
	return s.saveQuote(c, quoteStep{staff.AuditQuoteProposed, "proposed", s.cfg.Service.ProposeQuote})
}

func (s *Server) approveQuote(c *fiber.Ctx) error {
	return s.saveQuote(c, quoteStep{staff.AuditQuoteApproved, "approved", s.cfg.Service.ApproveQuote})
}

func (s *Server) withdrawQuote(c *fiber.Ctx) error {
	return s.saveQuote(c, quoteStep{staff.AuditQuoteWithdrawn, "withdrawn", func(ctx context.Context, slug, question, answer, _ string) error {
		return s.cfg.Service.WithdrawQuote(ctx, slug, question, answer)
	}})
}

func (s *Server) saveQuote(c *fiber.Ctx, step quoteStep) error {
	u := staffUser(c)
	slug, question, answer := c.Params("slug"), c.Params("question"), c.Params("answer")
	if err := step.do(c.UserContext(), slug, question, answer, u.ID); err != nil {
		return err
	}
	if err := s.staff.cfg.Service.RecordTextAction(c.UserContext(), u, step.audit, slug, question, answer); err != nil {
		return err
	}
	return c.Redirect(textsPageURL(slug, question, c.Query("from"), step.notice)+"#answer-"+answer, fiber.StatusSeeOther)
}
