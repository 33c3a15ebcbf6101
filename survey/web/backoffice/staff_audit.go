package backoffice

import (
	"bytes"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/staff"
)

// auditPageSize is how many of the newest entries the audit page shows; the export has them all.
const auditPageSize = 200

// auditPage shows the newest audit entries.
type auditPage struct {
	staffPage
	Entries []staff.AuditEntry
}

// ActionName is an audit action in the page's language.
func (p *auditPage) ActionName(action string) string {
	return p.T("staff.audit.action." + action)
}

// showAuditPage lists the newest audit entries.
func (s *Server) showAuditPage(c *fiber.Ctx) error {
	entries, err := s.staff.cfg.Service.AuditEntries(c.UserContext(), auditPageSize)
	if err != nil {
		return err
	}
	return s.Render(c, fiber.StatusOK, "staff/audit", &auditPage{staffPage: s.newStaffPage(c, "staff.audit.title", "audit"), Entries: entries})
}

// exportAudit sends the whole audit log as CSV, oldest first; the export is itself audited.
func (s *Server) exportAudit(c *fiber.Ctx) error {
	var buf bytes.Buffer
	w := survey.NewCSVWriter(&buf)
	_ = w.Write([]string{"time", "actor_id", "actor", "action", "subject", "detail"})
	err := s.staff.cfg.Service.ExportAudit(c.UserContext(), staffUser(c), func(e staff.AuditEntry) error {
		return w.Write([]string{e.Time.UTC().Format("2006-01-02T15:04:05.000Z"), e.ActorID, e.Actor, e.Action, e.Subject, e.Detail})
	})
	if err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="audit-`+s.staff.cfg.Service.Now().UTC().Format("2006-01-02")+`.csv"`)
	return c.Send(buf.Bytes())
}
