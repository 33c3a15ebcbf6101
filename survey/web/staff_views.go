package web

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/staff"
)

// staffPage is what every staff template can use: the page basics, who is signed in, the CSRF
// token for forms, and a notice or problem to show at the top.
type staffPage struct {
	page
	User    *staff.User
	CSRF    string
	Nav     string // which menu item is the current page
	Notice  string
	Problem string
	Errors  map[string]string // field name -> translated problem
}

// newStaffPage starts a staff page titled with the message id title.
func (s *Server) newStaffPage(c *fiber.Ctx, title, nav string) staffPage {
	lang := s.negotiate(c, s.cfg.Messages.Languages(), "en")
	p := staffPage{page: s.newPage(lang, nil, ""), User: staffUser(c), Nav: nav}
	p.CSS = s.assets.staffCSS
	p.Script = ""
	p.title = p.T(title) + " – " + p.T("staff.name")
	p.CSRF, _ = c.Locals(csrfLocal).(string)
	return p
}

// Can reports whether the signed-in user may do action, for showing only the links they can use.
func (p *staffPage) Can(action string) bool {
	return p.User != nil && p.User.Can(staff.Action(action))
}

// RoleName is a role's name in the page's language.
func (p *staffPage) RoleName(r staff.Role) string {
	return p.T("staff.role." + string(r))
}

// Date shows a time as a day, the same for every reader.
func (p *staffPage) Date(t time.Time) string {
	return t.UTC().Format("2 Jan 2006")
}

// Time shows a time to the minute in UTC, the same for every reader.
func (p *staffPage) Time(t time.Time) string {
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// FieldError is the translated problem with a form field, or "".
func (p *staffPage) FieldError(field string) string {
	return p.Errors[field]
}

// showProblem fills the page's problem and field errors from a domain error.
func (p *staffPage) showProblem(err error) {
	p.Problem = p.T(survey.ErrorMessage(err))
	p.Errors = map[string]string{}
	for _, f := range survey.ErrorFields(err) {
		p.Errors[f.Question] = p.T(f.Message, dataArgs(f.Data)...)
	}
}

// roleChoice is one role checkbox on a form.
type roleChoice struct {
	Role    staff.Role
	Checked bool
}

// roleChoices lists every role, checked where roles has it.
func roleChoices(roles []staff.Role) []roleChoice {
	out := make([]roleChoice, len(staff.Roles))
	for i, r := range staff.Roles {
		out[i] = roleChoice{Role: r}
		for _, have := range roles {
			out[i].Checked = out[i].Checked || have == r
		}
	}
	return out
}

// staffMessagePage explains why a staff page cannot be shown.
type staffMessagePage struct {
	staffPage
	Heading string
	Message string
}

// staffNotices are the notices a redirect may ask a page to show, by query value; nothing else is shown.
var staffNotices = map[string]string{
	"signed_out":   "staff.notice.signed_out",
	"created":      "staff.notice.account_created",
	"saved":        "staff.notice.saved",
	"totp_on":      "staff.notice.totp_on",
	"totp_off":     "staff.notice.totp_off",
	"code_timeout": "staff.signin.code_timeout",
}

// notice translates the notice a redirect asked for in ?notice=, if it is a known one.
func (p *staffPage) notice(c *fiber.Ctx) {
	if id, ok := staffNotices[c.Query("notice")]; ok {
		p.Notice = p.T(id)
	}
}
