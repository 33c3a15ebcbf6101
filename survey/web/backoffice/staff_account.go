package backoffice

import (
	"html/template"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/staff"
	"github.com/safeguarding/safetysurvey/survey/web"
)

// showStaffHome greets the signed-in user and lists what their roles let them do, with the
// surveys whose channels they may see.
func (s *Server) showStaffHome(c *fiber.Ctx) error {
	p := &homePage{staffPage: s.newStaffPage(c, "staff.home.title", "home"), Surveys: s.cfg.Surveys.All()}
	if p.Can(string(staff.ReviewFlagged)) {
		p.Unreviewed = map[string]int{}
		for _, sv := range p.Surveys {
			n, err := s.cfg.Service.UnreviewedFlags(c.UserContext(), sv.Slug)
			if err != nil {
				return err
			}
			p.Unreviewed[sv.Slug] = n
		}
	}
	p.ShowNotice(c)
	return s.Render(c, fiber.StatusOK, "staff/home", p)
}

// showAccountPage shows the user's own account: roles, second factor, signing out everywhere.
func (s *Server) showAccountPage(c *fiber.Ctx) error {
	p := s.newStaffPage(c, "staff.account.title", "account")
	p.ShowNotice(c)
	return s.Render(c, fiber.StatusOK, "staff/account", &p)
}

// totpPage shows a new secret for an authenticator app and asks for a code from it, or asks for a
// code to turn the second factor off.
type totpPage struct {
	staffPage
	Secret string
	URI    template.URL // otpauth://, which html/template would otherwise refuse as unsafe
}

// totpIssuer names the service in authenticator apps.
const totpIssuer = "Safety survey staff"

// showTOTPPage starts setting up a second factor, or offers to turn it off.
func (s *Server) showTOTPPage(c *fiber.Ctx) error {
	return s.renderTOTPPage(c, fiber.StatusOK, nil)
}

// renderTOTPPage shows the secret being set up (the same one until a code confirms it, so an app
// already set up keeps working after a wrong code) or the form to turn the second factor off.
func (s *Server) renderTOTPPage(c *fiber.Ctx, status int, problem error) error {
	p := &totpPage{staffPage: s.newStaffPage(c, "staff.totp.title", "account")}
	if !p.User.HasSecondFactor() {
		secret, err := s.totpSetupSecret(c)
		if err != nil {
			return err
		}
		p.Secret, p.URI = secret, template.URL(staff.TOTPURI(totpIssuer, p.User.Email, secret))
	}
	if problem != nil {
		p.ShowProblem(problem)
	}
	return s.Render(c, status, "staff/totp", p)
}

// totpSetupSecret is the secret being set up in this session, made on first use and kept in the
// server-side session until a code confirms it.
func (s *Server) totpSetupSecret(c *fiber.Ctx) (string, error) {
	sess, err := s.staff.sessions.Get(c)
	if err != nil {
		return "", err
	}
	if secret, ok := sess.Get(keyTOTPSetup).(string); ok {
		return secret, nil
	}
	secret := staff.NewTOTPSecret()
	sess.Set(keyTOTPSetup, secret)
	return secret, sess.Save()
}

// forgetTOTPSetup drops the confirmed secret from the session, so setting up again makes a new one.
func (s *Server) forgetTOTPSetup(c *fiber.Ctx) error {
	sess, err := s.staff.sessions.Get(c)
	if err != nil {
		return err
	}
	sess.Delete(keyTOTPSetup)
	return sess.Save()
}

// saveTOTP turns the second factor on (with the session's new secret) or off, given a right code.
func (s *Server) saveTOTP(c *fiber.Ctx) error {
	u := staffUser(c)
	svc := s.staff.cfg.Service
	var err error
	notice := "totp_off"
	if u.HasSecondFactor() {
		err = svc.DisableSecondFactor(c.UserContext(), u, c.FormValue("code"))
	} else {
		var secret string
		if secret, err = s.totpSetupSecret(c); err != nil {
			return err
		}
		if err = svc.EnableSecondFactor(c.UserContext(), u, secret, c.FormValue("code")); err == nil {
			err = s.forgetTOTPSetup(c)
		}
		notice = "totp_on"
	}
	if survey.ErrorCode(err) == survey.EINVALID {
		return s.renderTOTPPage(c, fiber.StatusUnprocessableEntity, err)
	}
	if err != nil {
		return err
	}
	return c.Redirect(web.StaffPath+"/account?notice="+notice, fiber.StatusSeeOther)
}
