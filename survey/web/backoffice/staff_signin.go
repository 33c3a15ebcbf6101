package backoffice

import (
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/staff"
	"github.com/safeguarding/safetysurvey/survey/web"
)

// signInPage is the email and password form, or the form for the code from an authenticator app.
type signInPage struct {
	staffPage
	Email string
	Next  string
}

func (s *Server) renderSignIn(c *fiber.Ctx, status int, name string, p *signInPage) error {
	p.Next = safeNext(p.Next)
	p.Warning = s.insecureSignInWarning(c, p.L)
	return s.Render(c, status, name, p)
}

// showSignInPage shows the sign-in form, or sends someone already signed in on.
func (s *Server) showSignInPage(c *fiber.Ctx) error {
	if staffUser(c) != nil {
		return c.Redirect(safeNext(c.Query("next")), fiber.StatusSeeOther)
	}
	p := &signInPage{staffPage: s.newStaffPage(c, "staff.sign_in.title", ""), Next: c.Query("next")}
	p.ShowNotice(c)
	return s.renderSignIn(c, fiber.StatusOK, "staff/signin", p)
}

// reserveAttempt reserves a password or code attempt on account from the request's source before
// it is checked, or renders the form again with 429 and how long to wait.
func (s *Server) reserveAttempt(c *fiber.Ctx, account, name string, p *signInPage) (*staff.Attempt, error) {
	attempt, wait := s.staff.guard.Reserve(account, s.Source(c))
	if attempt != nil {
		return attempt, nil
	}
	web.SetRetryAfter(c, wait)
	p.Problem = p.T("staff.sign_in.too_many")
	return nil, s.renderSignIn(c, fiber.StatusTooManyRequests, name, p)
}

// signIn checks the email and password. With a second factor it asks for a code next; otherwise
// it starts a new session.
func (s *Server) signIn(c *fiber.Ctx) error {
	email, _ := staff.NormalizeEmail(c.FormValue("email"))
	p := &signInPage{staffPage: s.newStaffPage(c, "staff.sign_in.title", ""), Email: c.FormValue("email"), Next: c.FormValue("next")}
	attempt, err := s.reserveAttempt(c, email, "staff/signin", p)
	if attempt == nil {
		return err
	}
	u, err := s.staff.cfg.Service.Authenticate(c.UserContext(), email, c.FormValue("password"))
	attempt.Done(survey.ErrorCode(err) == survey.EUNAUTHORIZED)
	if survey.ErrorCode(err) == survey.EUNAUTHORIZED {
		p.Problem = p.T(survey.ErrorMessage(err))
		return s.renderSignIn(c, fiber.StatusUnauthorized, "staff/signin", p)
	}
	if err != nil {
		return err
	}
	if !u.HasSecondFactor() {
		return s.startSession(c, u, p.Next)
	}
	sess, err := s.staff.sessions.Get(c)
	if err != nil {
		return err
	}
	sess.Set(keyPending, u.ID)
	sess.Set(keyPendingAt, s.staff.cfg.Service.Now().Unix())
	if err := sess.Save(); err != nil {
		return err
	}
	return c.Redirect(web.StaffPath+"/sign-in/code?next="+url.QueryEscape(safeNext(p.Next)), fiber.StatusSeeOther)
}

// pendingUser is the user who gave the right password in this session within pendingCodeTimeout,
// or nil, also when the account was turned off since.
func (s *Server) pendingUser(c *fiber.Ctx) (*staff.User, error) {
	sess, err := s.staff.sessions.Get(c)
	if err != nil {
		return nil, err
	}
	id, _ := sess.Get(keyPending).(string)
	at, _ := sess.Get(keyPendingAt).(int64)
	if id == "" || s.staff.cfg.Service.Now().Sub(time.Unix(at, 0)) >= pendingCodeTimeout {
		return nil, nil
	}
	u, err := s.staff.cfg.Service.Store.User(c.UserContext(), id)
	if survey.ErrorCode(err) == survey.ENOTFOUND || (err == nil && u.Disabled) {
		return nil, nil
	}
	return u, err
}

// showCodePage asks for the code from the authenticator app.
func (s *Server) showCodePage(c *fiber.Ctx) error {
	u, err := s.pendingUser(c)
	if err != nil {
		return err
	}
	if u == nil {
		return c.Redirect(web.StaffPath+"/sign-in?notice=code_timeout", fiber.StatusSeeOther)
	}
	p := &signInPage{staffPage: s.newStaffPage(c, "staff.code.title", ""), Next: c.Query("next")}
	return s.renderSignIn(c, fiber.StatusOK, "staff/code", p)
}

// checkCode finishes signing in once the code is right; wrong codes count against the throttles.
func (s *Server) checkCode(c *fiber.Ctx) error {
	u, err := s.pendingUser(c)
	if err != nil {
		return err
	}
	if u == nil {
		return c.Redirect(web.StaffPath+"/sign-in?notice=code_timeout", fiber.StatusSeeOther)
	}
	p := &signInPage{staffPage: s.newStaffPage(c, "staff.code.title", ""), Next: c.FormValue("next")}
	attempt, err := s.reserveAttempt(c, u.Email, "staff/code", p)
	if attempt == nil {
		return err
	}
	err = s.staff.cfg.Service.CheckSecondFactor(c.UserContext(), u, c.FormValue("code"))
	attempt.Done(survey.ErrorCode(err) == survey.EINVALID)
	if survey.ErrorCode(err) == survey.EINVALID {
		p.ShowProblem(err)
		return s.renderSignIn(c, fiber.StatusUnauthorized, "staff/code", p)
	}
	if err != nil {
		return err
	}
	return s.startSession(c, u, p.Next)
}

// startSession signs u in under a new session id, so an id anyone saw before sign-in is worthless,
// and with nothing carried over from before (such as the CSRF token).
func (s *Server) startSession(c *fiber.Ctx, u *staff.User, next string) error {
	sess, err := s.staff.sessions.Get(c)
	if err != nil {
		return err
	}
	if err := sess.Reset(); err != nil {
		return err
	}
	sess.Set(keyUser, u.ID)
	sess.Set(keyEpoch, u.SessionEpoch)
	sess.Set(keySignedIn, s.staff.cfg.Service.Now().Unix())
	if err := sess.Save(); err != nil {
		return err
	}
	if err := s.staff.cfg.Service.RecordSignIn(c.UserContext(), u); err != nil {
		return err
	}
	return c.Redirect(safeNext(next), fiber.StatusSeeOther)
}

// endSession removes this browser's session and its cookie.
func (s *Server) endSession(c *fiber.Ctx) error {
	sess, err := s.staff.sessions.Get(c)
	if err != nil {
		return err
	}
	if err := sess.Destroy(); err != nil {
		return err
	}
	return c.Redirect(web.StaffPath+"/sign-in?notice=signed_out", fiber.StatusSeeOther)
}

// signOut ends this browser's session.
func (s *Server) signOut(c *fiber.Ctx) error {
	if err := s.staff.cfg.Service.RecordSignOut(c.UserContext(), staffUser(c)); err != nil {
		return err
	}
	return s.endSession(c)
}

// signOutEverywhere ends every session of the signed-in user, on every device.
func (s *Server) signOutEverywhere(c *fiber.Ctx) error {
	if err := s.staff.cfg.Service.SignOutEverywhere(c.UserContext(), staffUser(c)); err != nil {
		return err
	}
	return s.endSession(c)
}
