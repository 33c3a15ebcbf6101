package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"
)

// signInPage asks for the admin token; Next is the staff page to return to.
type signInPage struct {
	staffPage
	Next    string
	Problem string
}

// showSignInPage shows the sign-in form.
func (s *Server) showSignInPage(c *fiber.Ctx) error {
	return s.renderSignIn(c, fiber.StatusOK, c.Query("next"), "")
}

// signIn checks the token typed into the form and starts a session, then returns to the page
// that asked for it.
func (s *Server) signIn(c *fiber.Ctx) error {
	if !sameOrigin(c) {
		return fiber.ErrForbidden
	}
	next := c.FormValue("next")
	if !s.tokenMatches(c.FormValue("token")) {
		return s.renderSignIn(c, fiber.StatusUnauthorized, next, "staff.sign_in.wrong")
	}
	s.startSession(c)
	return c.Redirect(staffReturn(next), fiber.StatusSeeOther)
}

// signOut ends the session.
func (s *Server) signOut(c *fiber.Ctx) error {
	if !sameOrigin(c) {
		return fiber.ErrForbidden
	}
	endSession(c)
	return c.Redirect("/staff/sign-in", fiber.StatusSeeOther)
}

// staffReturn keeps a sign-in's return address within the staff area, so the form cannot be
// used to send someone elsewhere.
func staffReturn(next string) string {
	if !strings.HasPrefix(next, "/staff/") || strings.HasPrefix(next, "/staff/sign-") || strings.ContainsAny(next, "\\\r\n") {
		return "/staff/"
	}
	return next
}

func (s *Server) renderSignIn(c *fiber.Ctx, status int, next, problem string) error {
	p := &signInPage{staffPage: s.newStaffPage(c, nil, "staff.sign_in.title"), Next: staffReturn(next)}
	p.SignedIn = false
	if problem != "" {
		p.Problem = p.T(problem)
	}
	return s.render(c, status, "staff_signin", p)
}
