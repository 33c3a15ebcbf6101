package web

import (
	"html/template"
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/survey"
)

// staffPage is what every staff template can use: the page basics and the staff stylesheet.
type staffPage struct {
	page
	StaffCSS template.CSS
	SignedIn bool
}

// newStaffPage starts a staff page about survey sv (or none) titled by the message titleID, in
// the UI language the browser prefers.
func (s *Server) newStaffPage(c *fiber.Ctx, sv *survey.Survey, titleID string) staffPage {
	lang := s.negotiate(c, s.cfg.Messages.Languages(), "en")
	p := staffPage{page: s.newPage(lang, sv, ""), StaffCSS: s.assets.styles["staff.css"], SignedIn: c.Locals(staffLocal) != nil}
	p.title = p.T(titleID)
	p.Script = ""
	return p
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
	return "/staff/surveys/" + url.PathEscape(p.Survey.Slug) + "/channels"
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
	Report  *survey.ChannelReport
	Base    string
	Created *survey.Channel // the channel just added, if any
	Sizes   []int
}

// ShortLink is a channel's short link under the public URL.
func (p *channelsPage) ShortLink(ch *survey.Channel) string {
	return ch.ShortLink(p.Base)
}

// channelForm is the form that adds a channel, with what was typed and what is wrong with it.
type channelForm struct {
	staffPage
	Channel  survey.Channel
	Settings []string
	Problem  string
	Errors   map[string]string
}

// Fields are the form's fields in the order they are shown, for listing problems in that order.
func (p *channelForm) Fields() []string {
	return []string{"name", "setting", "area", "opens", "closes"}
}
