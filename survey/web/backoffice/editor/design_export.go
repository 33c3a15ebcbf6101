package editor

import (
	"fmt"

	"github.com/gofiber/fiber/v2"
)

// exportDraft downloads a draft's definition as one YAML file with every language, which the
// import page (or the survey folder) reads back unchanged.
func (s *Server) exportDraft(c *fiber.Ctx) error {
	d, err := s.cfg.Design.Draft(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	data, err := s.cfg.SurveyFiles.Marshal(d.Survey)
	if err != nil {
		return fmt.Errorf("export %s: %w", d.ID(), err)
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(fiber.HeaderContentType, "application/yaml; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s-%d.yaml"`, d.Slug, d.Version))
	return c.Send(data)
}
