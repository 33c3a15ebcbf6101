package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/survey"
)

// surveysPage lists the surveys staff can manage.
type surveysPage struct {
	staffPage
	Surveys []*survey.Survey
}

// showSurveysPage is the staff area's front page: every survey, with a way to its channels.
func (s *Server) showSurveysPage(c *fiber.Ctx) error {
	return s.render(c, fiber.StatusOK, "staff_surveys", &surveysPage{staffPage: s.newStaffPage(c, nil, "staff.surveys.title"), Surveys: s.cfg.Surveys.All()})
}

// showChannelsPage lists a survey's channels with how many times each link was opened, how many
// surveys were sent through it and the completion rate, totals by setting type and area, and
// every download.
func (s *Server) showChannelsPage(c *fiber.Ctx) error {
	sv, err := s.cfg.Surveys.Get(c.Params("slug"))
	if err != nil {
		return err
	}
	report, err := s.cfg.Service.ChannelReport(c.UserContext(), sv.Slug)
	if err != nil {
		return err
	}
	p := &channelsPage{staffPage: s.newStaffPage(c, sv, "staff.channels.title"), Report: report, Base: s.cfg.PublicURL, Sizes: qrSizes}
	if created := survey.NormalizeChannel(c.Query("created")); created != "" {
		for _, r := range report.Channels {
			if r.Code == created {
				p.Created = r.Channel
			}
		}
	}
	return s.render(c, fiber.StatusOK, "staff_channels", p)
}
