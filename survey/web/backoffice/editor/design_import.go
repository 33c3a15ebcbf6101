package editor

import (
	"errors"
	"io"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/web"
	"github.com/safeguarding/safetysurvey/survey/web/backoffice"
)

// importPage takes a survey definition as a YAML file or pasted text.
type importPage struct {
	page
	YAML string
}

// showImportPage shows the empty import form.
func (s *Server) showImportPage(c *fiber.Ctx) error {
	return s.Render(c, fiber.StatusOK, "staff/design_import", &importPage{page: s.newPage(c, "design.import.title")})
}

// importDraft reads a YAML definition from the uploaded file, or else the pasted text, and starts
// a draft from it; a definition with problems is shown again with them.
func (s *Server) importDraft(c *fiber.Ctx) error {
	text := c.FormValue("yaml")
	if fh, err := c.FormFile("file"); err == nil && fh.Size > 0 {
		f, err := fh.Open()
		if err != nil {
			return err
		}
		data, err := io.ReadAll(f)
		_ = f.Close()
		if err != nil {
			return err
		}
		text = string(data)
	}
	p := &importPage{page: s.newPage(c, "design.import.title"), YAML: text}
	p.FieldOrder = []string{"yaml"}
	sv, err := s.cfg.SurveyFiles.Parse("import.yaml", []byte(text))
	if err != nil {
		p.Problem = p.T("design.error.yaml")
		p.Errors = map[string]string{"yaml": survey.DescribeProblems(err, p.T)}
		return s.Render(c, fiber.StatusUnprocessableEntity, "staff/design_import", p)
	}
	d, err := s.cfg.Design.Import(c.UserContext(), backoffice.StaffUser(c), sv)
	switch survey.ErrorCode(err) {
	case "":
		return c.Redirect(draftURL(d), fiber.StatusSeeOther)
	case survey.EINVALID, survey.ECONFLICT:
		p.ShowProblem(err)
		p.Errors = map[string]string{"yaml": p.Problem}
		var errs survey.DefinitionErrors
		if errors.As(err, &errs) {
			p.Errors["yaml"] = errs.Describe(p.T)
		}
		return s.Render(c, web.StatusOf(err), "staff/design_import", p)
	default:
		return err
	}
}
