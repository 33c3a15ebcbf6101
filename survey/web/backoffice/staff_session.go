package backoffice

import (
	"crypto/rand"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/session"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/staff"
	"github.com/safeguarding/safetysurvey/survey/web"
)

// StaffConfig sets up the staff area under /staff.
type StaffConfig struct {
	Service *staff.Service
	// Sessions keeps server-side sessions (the Mongo adapter's SessionStorage in production).
	Sessions fiber.Storage
	// SecureCookies marks the session and CSRF cookies Secure; only local http development turns it off.
	SecureCookies bool
	// IdleTimeout ends a session nobody has used for this long; MaxAge ends any session this long after sign-in.
	IdleTimeout time.Duration
	MaxAge      time.Duration
}

// Staff cookies are scoped to web.StaffPath, so the children's pages never receive them.
const (
	sessionCookie = "staff_session"
	csrfCookie    = "staff_csrf"
	csrfField     = "_csrf"
)

// Session data keys. A session holds ids and times only, never a password or code.
const (
	keyUser      = "uid"        // the signed-in user's id
	keyEpoch     = "epoch"      // the user's SessionEpoch at sign-in
	keySignedIn  = "signed_in"  // Unix time of sign-in, for the absolute timeout
	keyPending   = "pending"    // a user who gave the right password and still owes a code
	keyPendingAt = "pending_at" // Unix time the password was accepted
	keyTOTPSetup = "totp_setup" // a second-factor secret being set up, until a code confirms it
)

// pendingCodeTimeout is how long after the password the code may be given.
const pendingCodeTimeout = 5 * time.Minute

// Locals keys for what the staff middleware found.
type localKey int

const (
	userLocal localKey = iota
	csrfLocal
)

// staffArea is the state the staff pages share.
type staffArea struct {
	cfg      StaffConfig
	sessions *session.Store
	guard    *staff.SignInGuard // reserves password and code attempts before they are checked
}

func newStaffArea(cfg StaffConfig) *staffArea {
	return &staffArea{
		cfg: cfg,
		sessions: session.New(session.Config{
			Storage:           cfg.Sessions,
			Expiration:        cfg.IdleTimeout,
			KeyLookup:         "cookie:" + sessionCookie,
			CookiePath:        web.StaffPath,
			CookieSecure:      cfg.SecureCookies,
			CookieHTTPOnly:    true,
			CookieSameSite:    fiber.CookieSameSiteLaxMode,
			CookieSessionOnly: true,
			KeyGenerator:      rand.Text,
		}),
		guard: staff.NewSignInGuard(cfg.Service.Now),
	}
}

// loadStaffUser finds who is signed in, if anyone, for the handlers and templates. A session past
// its absolute timeout, or one its user ended everywhere, counts as nobody. Only a signed-in
// user's session is saved again, which moves its idle timeout on; nobody else's is ever stored.
func (s *Server) loadStaffUser(c *fiber.Ctx) error {
	sess, err := s.staff.sessions.Get(c)
	if err != nil {
		return err
	}
	id, _ := sess.Get(keyUser).(string)
	epoch, _ := sess.Get(keyEpoch).(int)
	signedIn, _ := sess.Get(keySignedIn).(int64)
	if id == "" || s.staff.cfg.Service.Now().Sub(time.Unix(signedIn, 0)) >= s.staff.cfg.MaxAge {
		return c.Next()
	}
	u, err := s.staff.cfg.Service.SessionUser(c.UserContext(), id, epoch)
	switch survey.ErrorCode(err) {
	case "":
		c.Locals(userLocal, u)
		if err := sess.Save(); err != nil {
			return err
		}
	case survey.EUNAUTHORIZED:
	default:
		return err
	}
	return c.Next()
}

// staffUser is the signed-in user, or nil.
func staffUser(c *fiber.Ctx) *staff.User {
	u, _ := c.Locals(userLocal).(*staff.User)
	return u
}

// Require lets the request through only for a signed-in user whose roles allow action: everyone
// else is sent to sign in (GET) or refused (401), and a signed-in user without the role gets 403.
// It is the one gate every staff route passes through, reading the one permission table.
func (s *Server) Require(action staff.Action) fiber.Handler {
	return func(c *fiber.Ctx) error {
		u := staffUser(c)
		switch {
		case u == nil && c.Method() == fiber.MethodGet:
			return c.Redirect(web.StaffPath+"/sign-in?next="+url.QueryEscape(c.OriginalURL()), fiber.StatusSeeOther)
		case u == nil:
			return survey.Errorf(survey.EUNAUTHORIZED, "staff.sign_in.needed")
		case !u.Can(action):
			return survey.Errorf(survey.EFORBIDDEN, "staff.error.forbidden")
		}
		return c.Next()
	}
}

// safeNext is where to go after signing in: a staff page on this site, never anywhere else.
func safeNext(next string) string {
	if strings.HasPrefix(next, web.StaffPath+"/") && !strings.HasPrefix(next, "//") && !strings.ContainsAny(next, "\\\r\n") &&
		!strings.HasPrefix(next, web.StaffPath+"/sign-") {
		return next
	}
	return web.StaffPath
}
