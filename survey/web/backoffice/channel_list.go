package backoffice

import (
	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/survey"
)

// showChannelsPage lists a survey's channels with how many times each link was opened, how many
// surveys were sent through it and the completion rate, totals by setting type and area, and
// every download.
func (s *Server) showChannelsPage(c *fiber.Ctx) error {
	sv, err := s.cfg.Surveys.Get(c.Params("slug"))
	if err != nil {
		return err
	}
	report, err := s.cfg.Channels.Report(c.UserContext(), sv.Slug)
	if err != nil {
		return err
	}
	p := &channelsPage{staffPage: s.newStaffPage(c, "staff.channels.title", ""), Report: report, Base: s.cfg.PublicURL, Sizes: qrSizes}
	p.Survey = sv
	p.Warning = s.localLinksWarning(p.L)
	if created := survey.NormalizeChannel(c.Query("created")); created != "" {
		for _, r := range report.Channels {
			if r.Code == created {
				p.Notice = p.T("staff.channels.created", "Name", r.Name, "Code", r.Code)
			}
		}
	}
	return s.Render(c, fiber.StatusOK, "staff/channels", p)
}
