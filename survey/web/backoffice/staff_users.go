package backoffice

import (
	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/staff"
	"github.com/safeguarding/safetysurvey/survey/web"
)

// usersPage lists every account with forms to change its roles or disable it.
type usersPage struct {
	staffPage
	Users []userRow
}

type userRow struct {
	*staff.User
	Roles []roleChoice
}

// showUsersPage lists the accounts.
func (s *Server) showUsersPage(c *fiber.Ctx) error {
	p := s.newStaffPage(c, "staff.users.title", "users")
	p.ShowNotice(c)
	return s.renderUsers(c, fiber.StatusOK, p)
}

func (s *Server) renderUsers(c *fiber.Ctx, status int, p staffPage) error {
	users, err := s.staff.cfg.Service.Users(c.UserContext())
	if err != nil {
		return err
	}
	page := &usersPage{staffPage: p}
	for _, u := range users {
		page.Users = append(page.Users, userRow{User: u, Roles: roleChoices(u.Roles)})
	}
	return s.Render(c, status, "staff/users", page)
}

// saveUserRoles gives an account the roles checked on the form.
func (s *Server) saveUserRoles(c *fiber.Ctx) error {
	roles, err := staff.ParseRoles(formValues(c, "role"))
	if err == nil {
		err = s.staff.cfg.Service.SetRoles(c.UserContext(), staffUser(c), c.Params("id"), roles)
	}
	return s.afterUserChange(c, err)
}

// saveUserStatus disables an account (ending its sessions) or enables it again.
func (s *Server) saveUserStatus(c *fiber.Ctx) error {
	err := s.staff.cfg.Service.SetDisabled(c.UserContext(), staffUser(c), c.Params("id"), c.FormValue("disabled") == "1")
	return s.afterUserChange(c, err)
}

// afterUserChange goes back to the list, showing why a refused change was refused.
func (s *Server) afterUserChange(c *fiber.Ctx, err error) error {
	switch survey.ErrorCode(err) {
	case "":
		return c.Redirect(web.StaffPath+"/users?notice=saved", fiber.StatusSeeOther)
	case survey.EINVALID, survey.ECONFLICT:
		p := s.newStaffPage(c, "staff.users.title", "users")
		p.ShowProblem(err)
		p.Errors = nil // the summary's field links would point at no one row's fields
		return s.renderUsers(c, web.StatusOf(err), p)
	}
	return err
}
