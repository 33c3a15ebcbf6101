package backoffice

import (
	"net/url"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/web"
)

// showNewChannelPage shows the empty form that adds a channel.
func (s *Server) showNewChannelPage(c *fiber.Ctx) error {
	sv, err := s.cfg.Surveys.Get(c.Params("slug"))
	if err != nil {
		return err
	}
	return s.renderChannelForm(c, fiber.StatusOK, sv, survey.Channel{}, nil)
}

// saveChannel adds the channel the form describes and returns to the list, or shows the form
// again with what was typed and a message by each field at fault.
func (s *Server) saveChannel(c *fiber.Ctx) error {
	sv, err := s.cfg.Surveys.Get(c.Params("slug"))
	if err != nil {
		return err
	}
	form := survey.Channel{Survey: sv.Slug, Name: c.FormValue("name"), Setting: c.FormValue("setting"),
		Area: c.FormValue("area"), Opens: c.FormValue("opens"), Closes: c.FormValue("closes")}
	ch, err := s.cfg.Service.CreateChannel(c.UserContext(), &form)
	if survey.ErrorCode(err) == survey.EINVALID {
		return s.renderChannelForm(c, fiber.StatusUnprocessableEntity, sv, form, err)
	}
	if err != nil {
		return err
	}
	if err := s.staff.cfg.Service.RecordChannelCreated(c.UserContext(), staffUser(c), ch.Code, ch.Name); err != nil {
		return err
	}
	return c.Redirect(web.StaffPath+"/surveys/"+url.PathEscape(sv.Slug)+"/channels?created="+ch.Code, fiber.StatusSeeOther)
}

func (s *Server) renderChannelForm(c *fiber.Ctx, status int, sv *survey.Survey, ch survey.Channel, problem error) error {
	p := &channelForm{staffPage: s.newStaffPage(c, "staff.new.title", ""), Channel: ch, Settings: survey.SettingTypes}
	p.Survey = sv
	p.FieldOrder = channelFields
	if problem != nil {
		p.ShowProblem(problem)
	}
	return s.Render(c, status, "staff/channel_new", p)
}
