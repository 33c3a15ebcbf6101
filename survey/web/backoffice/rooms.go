package backoffice

import (
	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/survey/staff"
)

// Room is a part of the staff area kept in a package of its own (survey/web/backoffice/editor):
// Mount adds its routes to the staff routes, behind the back office's sessions, CSRF protection
// and permission gate, and its pages embed StaffPage.
type Room interface {
	// MountStaff adds the room's routes to the staff area.
	MountStaff(st fiber.Router)
}

// StaffPage is what every staff template can use (see staffPage), for the pages of a Room.
type StaffPage = staffPage

// NewStaffPage starts a staff page titled with the message id title; nav is the menu item it is under.
func (s *Server) NewStaffPage(c *fiber.Ctx, title, nav string) StaffPage {
	return s.newStaffPage(c, title, nav)
}

// StaffUser is the signed-in user of a staff request, or nil.
func StaffUser(c *fiber.Ctx) *staff.User {
	return staffUser(c)
}
