package backoffice

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/staff"
	"github.com/safeguarding/safetysurvey/survey/web"
)

// invitePage is the form for inviting someone, and, once made, the link to copy.
type invitePage struct {
	staffPage
	Email   string
	Roles   []roleChoice
	Link    string
	Expires time.Time
}

// showInvitePage shows the invitation form.
func (s *Server) showInvitePage(c *fiber.Ctx) error {
	p := &invitePage{staffPage: s.newStaffPage(c, "staff.invite.title", "invite"), Roles: roleChoices(nil)}
	return s.Render(c, fiber.StatusOK, "staff/invite", p)
}

// createInvitation makes a one-time link and shows it once, to copy; only its hash is stored.
func (s *Server) createInvitation(c *fiber.Ctx) error {
	names := formValues(c, "role")
	p := &invitePage{staffPage: s.newStaffPage(c, "staff.invite.title", "invite"), Email: c.FormValue("email"), Roles: roleChoices(asRoles(names))}
	roles, err := staff.ParseRoles(names)
	var token string
	if err == nil {
		token, err = s.staff.cfg.Service.Invite(c.UserContext(), staffUser(c), p.Email, roles)
	}
	if survey.ErrorCode(err) == survey.EINVALID {
		p.ShowProblem(err)
		return s.Render(c, fiber.StatusUnprocessableEntity, "staff/invite", p)
	}
	if err != nil {
		return err
	}
	base := s.cfg.InviteBaseURL
	if base == "" {
		base = c.BaseURL()
	}
	p.Link = base + web.StaffPath + "/accept/" + token
	p.Expires = s.staff.cfg.Service.Now().Add(staff.InvitationLifetime)
	return s.Render(c, fiber.StatusCreated, "staff/invite", p)
}

// formValues is every value of a repeated form field, such as checked checkboxes.
func formValues(c *fiber.Ctx, name string) []string {
	var values []string
	for _, v := range c.Request().PostArgs().PeekMulti(name) {
		values = append(values, string(v))
	}
	return values
}

// asRoles reads role names as sent, unchecked, to show a form again as it was; ParseRoles checks them.
func asRoles(names []string) []staff.Role {
	roles := make([]staff.Role, len(names))
	for i, n := range names {
		roles[i] = staff.Role(n)
	}
	return roles
}

// acceptPage is where an invited person chooses their name and password.
type acceptPage struct {
	staffPage
	Invitation *staff.Invitation
	Name       string
}

// PasswordHint says what makes a password acceptable.
func (p *acceptPage) PasswordHint() string {
	return p.T("staff.password.hint", "Min", staff.MinPasswordLength)
}

// showAcceptPage shows the form for an invitation that can still be used.
func (s *Server) showAcceptPage(c *fiber.Ctx) error {
	inv, err := s.staff.cfg.Service.Invitation(c.UserContext(), c.Params("token"))
	if err != nil {
		return err
	}
	p := &acceptPage{staffPage: s.newStaffPage(c, "staff.accept.title", ""), Invitation: inv}
	return s.Render(c, fiber.StatusOK, "staff/accept", p)
}

// acceptInvitation creates the account and sends the new member of staff to sign in.
func (s *Server) acceptInvitation(c *fiber.Ctx) error {
	svc := s.staff.cfg.Service
	inv, err := svc.Invitation(c.UserContext(), c.Params("token"))
	if err != nil {
		return err
	}
	p := &acceptPage{staffPage: s.newStaffPage(c, "staff.accept.title", ""), Invitation: inv, Name: c.FormValue("name")}
	if c.FormValue("password") != c.FormValue("confirm") {
		err = &survey.Error{Code: survey.EINVALID, Message: "staff.password.mismatch", Fields: []survey.FieldError{{Question: "confirm", Message: "staff.password.mismatch"}}}
	} else {
		_, err = svc.AcceptInvitation(c.UserContext(), c.Params("token"), p.Name, c.FormValue("password"))
	}
	if survey.ErrorCode(err) == survey.EINVALID {
		p.ShowProblem(err)
		return s.Render(c, fiber.StatusUnprocessableEntity, "staff/accept", p)
	}
	if err != nil {
		return err
	}
	return c.Redirect(web.StaffPath+"/sign-in?notice=created", fiber.StatusSeeOther)
}
