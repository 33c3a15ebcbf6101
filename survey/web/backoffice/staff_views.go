package backoffice

import (
	"cmp"
	"html/template"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/i18n"
	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/channels"
	"github.com/safeguarding/safetysurvey/survey/staff"
	"github.com/safeguarding/safetysurvey/survey/web"
)

// staffPage is what every staff template can use: the page basics, the staff stylesheet, who is
// signed in, the CSRF token for forms, and a notice or problem to show at the top.
type staffPage struct {
	web.Page
	StaffCSS template.CSS
	User     *staff.User
	CSRF     string
	Nav      string // which menu item is the current page
	Notice   string
	Warning  string // something wrong with how the service is run, that staff should pass on
	Problem  string
	Errors   map[string]string // field name -> translated problem
	// FieldOrder is the order a form shows its fields in, for listing their problems in that order.
	FieldOrder []string
}

// newStaffPage starts a staff page titled with the message id title.
func (s *Server) newStaffPage(c *fiber.Ctx, title, nav string) staffPage {
	lang := s.Negotiate(c, s.Messages().Languages(), "en")
	p := staffPage{Page: s.NewPage(lang, nil, ""), StaffCSS: s.Style("staff.css"), User: staffUser(c), Nav: nav}
	p.Script = ""
	p.SetTitle(p.T(title) + " – " + p.T("staff.name"))
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

// LanguageName is a language's own name, such as Polski for pl.
func (p *staffPage) LanguageName(code string) string {
	return i18n.Describe(code).Name
}

// QuestionText is a question of the page's survey in the page's language, or its id if the
// current version no longer asks it.
func (p *staffPage) QuestionText(id string) string {
	if q, ok := p.Survey.Question(id); ok {
		return p.Text(q.Text)
	}
	return id
}

// Date shows a time as its day in UTC, in the page's language.
func (p *staffPage) Date(t time.Time) string {
	return p.L.Date(t.UTC())
}

// Time shows a time to the minute in UTC, the same for every reader.
func (p *staffPage) Time(t time.Time) string {
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// FieldError is the translated problem with a form field, or "".
func (p *staffPage) FieldError(field string) string {
	return p.Errors[field]
}

// fieldProblem is one line of the problem summary, linking to its field.
type fieldProblem struct {
	Field   string
	Message string
}

// FieldProblems lists the field errors for the summary at the top of the Page: in the order the
// form shows its fields, then any others by name.
func (p *staffPage) FieldProblems() []fieldProblem {
	fields := make([]string, 0, len(p.Errors))
	for f := range p.Errors {
		fields = append(fields, f)
	}
	rank := func(f string) int {
		if i := slices.Index(p.FieldOrder, f); i >= 0 {
			return i
		}
		return len(p.FieldOrder)
	}
	slices.SortFunc(fields, func(a, b string) int {
		return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(a, b))
	})
	out := make([]fieldProblem, len(fields))
	for i, f := range fields {
		out[i] = fieldProblem{Field: f, Message: p.Errors[f]}
	}
	return out
}

// ShowProblem fills the page's problem and field errors from a domain error.
func (p *staffPage) ShowProblem(err error) {
	p.Problem = p.T(survey.ErrorMessage(err))
	p.Errors = map[string]string{}
	for _, f := range survey.ErrorFields(err) {
		p.Errors[f.Question] = p.T(f.Message, f.Args()...)
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
		out[i] = roleChoice{Role: r, Checked: slices.Contains(roles, r)}
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
	"code_timeout": "staff.sign_in.code_timeout",
	"commented":    "design.notice.commented",
	"resolved":     "design.notice.resolved",
	"step_review":  "design.notice.review",
	"step_draft":   "design.notice.draft",
	"step_approve": "design.notice.approve",
	"step_open":    "design.notice.open",
	"step_close":   "design.notice.close",
	"signed_off":   "translate.notice.signed_off",
}

// ShowNotice translates the notice a redirect asked for in ?notice=, if it is a known one.
func (p *staffPage) ShowNotice(c *fiber.Ctx) {
	if id, ok := staffNotices[c.Query("notice")]; ok {
		p.Notice = p.T(id)
	}
}

// homePage greets the signed-in user, lists what their roles let them do and, for those who may
// see channels, every survey.
type homePage struct {
	staffPage
	Surveys    []*survey.Survey
	Unreviewed map[string]int // flagged answers not reviewed yet, by survey, for the safeguarding lead only
}

// SettingLabel names a setting type in the page's language.
func (p *staffPage) SettingLabel(setting string) string {
	return p.T("setting." + setting)
}

// AreaLabel names an area, or says there is none.
func (p *staffPage) AreaLabel(area string) string {
	if area == "" {
		return p.T("staff.totals.no_area")
	}
	return area
}

// Rate shows a completion rate as a percentage, or a dash before any open.
func (p *staffPage) Rate(rate *float64) string {
	if rate == nil {
		return p.T("staff.rate_none")
	}
	return p.T("staff.rate", "Rate", strconv.FormatFloat(*rate, 'f', 1, 64))
}

// ChannelsURL is the survey's list of channels.
func (p *staffPage) ChannelsURL() string {
	return web.StaffPath + "/surveys/" + url.PathEscape(p.Survey.Slug) + "/channels"
}

// FileURL is one of a channel's downloads: qr.png, qr.svg, poster or poster.pdf.
func (p *staffPage) FileURL(code, file string) string {
	return p.ChannelsURL() + "/" + code + "/" + file
}

// qrSizes are the PNG sizes offered for download, in pixels: screen, leaflet and large print.
var qrSizes = []int{512, 1024, 2048}

// channelsPage lists a survey's channels with their counts and downloads.
type channelsPage struct {
	staffPage
	Report *channels.Report
	Base   string
	Sizes  []int
}

// ShortLink is a channel's short link under the public URL.
func (p *channelsPage) ShortLink(ch *survey.Channel) string {
	return ch.ShortLink(p.Base)
}

// channelForm is the form that adds a channel, with what was typed.
type channelForm struct {
	staffPage
	Channel  survey.Channel
	Settings []string
}

// channelFields are the channel form's fields in the order it shows them.
var channelFields = []string{"name", "setting", "area", "opens", "closes"}
