package backoffice

import (
	"bufio"
	"context"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/staff"
	"github.com/safeguarding/safetysurvey/survey/web"
)

// exportPage explains what the raw response export holds and asks why it is needed.
type exportPage struct {
	staffPage
	Responses string // how many responses are stored, in the page's digits
	Reason    string
	Confirmed bool
}

// exportBatch is how many rows an export writes before it moves its write deadline on.
const exportBatch = 1000

// exportFields are the export form's fields in the order it shows them.
var exportFields = []string{"reason", "confirm"}

// newExportPage starts the export page of survey sv, with how many responses it has stored.
func (s *Server) newExportPage(c *fiber.Ctx, sv *survey.Survey) (*exportPage, error) {
	n, err := s.cfg.Responses.CountResponses(c.UserContext(), sv.Slug)
	if err != nil {
		return nil, err
	}
	p := &exportPage{staffPage: s.newStaffPage(c, "staff.export.title", "")}
	p.Survey, p.FieldOrder = sv, exportFields
	p.Responses = p.L.Number(n)
	return p, nil
}

// showExportPage explains the raw response export of a survey and shows its form.
func (s *Server) showExportPage(c *fiber.Ctx) error {
	sv, err := s.cfg.Surveys.Get(c.Params("slug"))
	if err != nil {
		return err
	}
	p, err := s.newExportPage(c, sv)
	if err != nil {
		return err
	}
	return s.Render(c, fiber.StatusOK, "staff/export", p)
}

// exportResponses sends every stored response of a survey as CSV, one row each (see
// survey.ExportRow), to an admin who gave a reason and ticked the confirmation. The export is
// audited, with the reason and the number of rows, before the first row is sent; rows are read
// through a cursor and written as they come, so no export holds every response in memory.
// Suspect responses are included, with why in their own column, for the admin to weigh.
func (s *Server) exportResponses(c *fiber.Ctx) error {
	sv, err := s.cfg.Surveys.Get(c.Params("slug"))
	if err != nil {
		return err
	}
	req := staff.ExportRequest{Reason: c.FormValue("reason"), Confirmed: c.FormValue("confirm") == "yes"}
	if err := req.Check(); err != nil {
		p, perr := s.newExportPage(c, sv)
		if perr != nil {
			return perr
		}
		p.Reason, p.Confirmed = req.Reason, req.Confirmed
		p.ShowProblem(err)
		return s.Render(c, fiber.StatusUnprocessableEntity, "staff/export", p)
	}
	rows, err := s.cfg.Responses.CountResponses(c.UserContext(), sv.Slug)
	if err != nil {
		return err
	}
	if err := s.staff.cfg.Service.RecordResponsesExport(c.UserContext(), staffUser(c), sv.Slug, req, rows); err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="responses-`+sv.Slug+"-"+s.staff.cfg.Service.Now().UTC().Format("2006-01-02")+`.csv"`)
	// The body is written after the handler returns, when the request's context is gone. The
	// server gives a response web.WriteTimeout to be written; a long export moves that deadline on
	// after each exportBatch rows, so a slow reader is still cut off but a big survey is not.
	responses, log, conn := s.cfg.Responses, s.Log(), c.Context().Conn()
	c.Context().SetBodyStreamWriter(func(out *bufio.Writer) {
		w := survey.NewCSVWriter(out)
		_ = w.Write(survey.ExportHeader(sv))
		n := 0
		err := responses.EachResponse(context.Background(), sv.Slug, rows, func(r *survey.Response) error {
			row := survey.ExportRow(sv, r)
			if n++; n%exportBatch == 0 {
				_ = conn.SetWriteDeadline(time.Now().Add(web.WriteTimeout))
			}
			return w.Write(row)
		})
		if flushErr := w.Flush(); err == nil {
			err = flushErr
		}
		if err != nil {
			// The status has gone; the file ends short, and the log says so without any answer.
			log.Error("export responses", "survey", sv.Slug, "err", err)
		}
	})
	return nil
}
