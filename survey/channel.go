package survey

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Setting types a distribution channel can be.
const (
	SettingSchool    = "school"
	SettingYouthClub = "youth_club"
	SettingCommunity = "community_group"
	SettingOnline    = "online"
	SettingOther     = "other"
)

// SettingTypes lists the setting types in the order staff pages show them.
var SettingTypes = []string{SettingSchool, SettingYouthClub, SettingCommunity, SettingOnline, SettingOther}

// Channel is one place a survey is handed out: a school, youth club or community setting, with its
// own link and poster. It says where answers came from, never who gave them.
type Channel struct {
	Code    string `json:"code"`
	Survey  string `json:"survey"`
	Name    string `json:"name"`
	Setting string `json:"setting"`
	Area    string `json:"area,omitempty"`
	Opens   string `json:"opens,omitempty"`  // first day the link takes answers, YYYY-MM-DD
	Closes  string `json:"closes,omitempty"` // last day the link takes answers, YYYY-MM-DD
}

// ChannelStore keeps distribution channels and how many times each link was opened: a count,
// never a record of a visit.
type ChannelStore interface {
	// Channel returns the channel with the code, or ENOTFOUND.
	Channel(ctx context.Context, code string) (*Channel, error)
	// CreateChannel stores a new channel, or returns ECONFLICT when its code is taken.
	CreateChannel(ctx context.Context, ch *Channel) error
	// Channels lists a survey's channels sorted by name.
	Channels(ctx context.Context, slug string) ([]*Channel, error)
	// CountOpen adds one to the number of times the channel's link was opened.
	CountOpen(ctx context.Context, code string) error
	// Opened returns how many times each of a survey's channel links was opened, by code.
	Opened(ctx context.Context, slug string) (map[string]int64, error)
}

// codeAlphabet leaves out characters people confuse when typing a code off a poster: 0/O, 1/I/L.
const codeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// CodeLength is the length of new channel codes: 31^6, about 887 million codes.
const CodeLength = 6

var channelPattern = regexp.MustCompile(`^[` + codeAlphabet + `]{4,12}$`)

// NewChannelCode makes a random channel code from the unambiguous alphabet.
func NewChannelCode() string {
	code := make([]byte, 0, CodeLength)
	buf := make([]byte, 2*CodeLength)
	for len(code) < CodeLength {
		_, _ = rand.Read(buf) // crypto/rand.Read never fails on supported platforms
		for _, b := range buf {
			// Reject the top of the byte range so every letter is equally likely.
			if int(b) < 256/len(codeAlphabet)*len(codeAlphabet) && len(code) < CodeLength {
				code = append(code, codeAlphabet[int(b)%len(codeAlphabet)])
			}
		}
	}
	return string(code)
}

// NormalizeChannel upper-cases a channel code and drops anything that cannot be one,
// so a mistyped code never stops a child's answers from being stored.
func NormalizeChannel(code string) string {
	code = strings.ToUpper(strings.TrimSpace(code))
	if !channelPattern.MatchString(code) {
		return ""
	}
	return code
}

// Check validates a channel's fields, reporting each problem as a field error named by the field.
func (c *Channel) Check() error {
	var fields []FieldError
	add := func(field, message string) { fields = append(fields, FieldError{Question: field, Message: message}) }
	// Name, setting and area become group keys and labels in the store and on every page, so a
	// control character (a NUL cannot be a BSON field name) or broken UTF-8 is refused here.
	switch {
	case !PlainText(c.Name):
		add("name", "error.control_characters")
	case strings.TrimSpace(c.Name) == "" || utf8.RuneCountInString(c.Name) > 120:
		add("name", "error.channel_name")
	}
	if !slices.Contains(SettingTypes, c.Setting) {
		add("setting", "error.channel_setting")
	}
	switch {
	case !PlainText(c.Area):
		add("area", "error.control_characters")
	case utf8.RuneCountInString(c.Area) > 80:
		add("area", "error.channel_area")
	}
	for field, day := range map[string]string{"opens": c.Opens, "closes": c.Closes} {
		if _, err := time.Parse(time.DateOnly, day); day != "" && err != nil {
			add(field, "error.channel_date")
		}
	}
	if c.Opens != "" && c.Closes != "" && c.Closes < c.Opens {
		add("closes", "error.channel_dates_order")
	}
	if len(fields) > 0 {
		slices.SortFunc(fields, func(a, b FieldError) int { return strings.Compare(a.Question, b.Question) })
		return &Error{Code: EINVALID, Message: "error.fix_channel", Fields: fields}
	}
	return nil
}

// PlainText reports whether s is valid UTF-8 without control characters (NUL, tabs, line breaks,
// escapes): what may become a key or a label in the store.
func PlainText(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsFunc(s, unicode.IsControl)
}

// OpenOn reports whether the channel's link takes answers on day.
func (c *Channel) OpenOn(day time.Time) bool {
	d := day.Format(time.DateOnly)
	return (c.Opens == "" || c.Opens <= d) && (c.Closes == "" || d <= c.Closes)
}

// ClosedOn reports whether the channel's last day has passed by day; a link not open yet is not closed.
func (c *Channel) ClosedOn(day time.Time) bool {
	return c.Closes != "" && day.Format(time.DateOnly) > c.Closes
}

// LastDay is the last day answers are taken through the channel: its own closing date or the
// survey's, whichever comes first; "" when neither is set.
func (c *Channel) LastDay(s *Survey) string {
	switch {
	case c.Closes == "":
		return s.Closes
	case s.Closes == "" || c.Closes < s.Closes:
		return c.Closes
	}
	return s.Closes
}

// Link is the channel's survey link under base, the service's public URL: base/s/{slug}?c={code}.
// QR codes encode it, so a scan reaches the survey without a redirect.
func (c *Channel) Link(base string) string {
	return base + "/s/" + url.PathEscape(c.Survey) + "?c=" + c.Code
}

// ShortLink is the link typed off a poster: base/j/{code}, which redirects to Link.
func (c *Channel) ShortLink(base string) string {
	return base + "/j/" + c.Code
}

// maxCodeTries bounds the fresh codes tried when a new code is already taken; with 887 million
// codes a second try is already rare.
const maxCodeTries = 5

// CreateChannel checks a new channel for a survey in the catalog and stores it under a fresh code.
func (svc *Service) CreateChannel(ctx context.Context, ch *Channel) (*Channel, error) {
	if _, err := svc.Surveys.Get(ch.Survey); err != nil {
		return nil, err
	}
	c := *ch
	c.Name, c.Area = strings.TrimSpace(c.Name), strings.TrimSpace(c.Area)
	if err := c.Check(); err != nil {
		return nil, err
	}
	for range maxCodeTries {
		c.Code = NewChannelCode()
		err := svc.Channels.CreateChannel(ctx, &c)
		if ErrorCode(err) != ECONFLICT {
			if err != nil {
				return nil, fmt.Errorf("create channel for %s: %w", c.Survey, err)
			}
			return &c, nil
		}
	}
	return nil, Errorf(ECONFLICT, "error.channel_code_taken")
}

// OpenChannel is called when a child opens the survey through a channel link: it counts the open
// and returns the channel. An unknown code, one for another survey or one not open yet gives nil,
// so the child still gets the survey; a channel whose last day has passed gives ECLOSED.
func (svc *Service) OpenChannel(ctx context.Context, s *Survey, code string) (*Channel, error) {
	ch, err := svc.channel(ctx, s, code)
	if err != nil || ch == nil || svc.Channels == nil {
		return ch, err
	}
	today := svc.Now()
	switch {
	case ch.ClosedOn(today):
		return nil, Errorf(ECLOSED, "error.channel_closed")
	case !ch.OpenOn(today):
		return nil, nil
	}
	if err := svc.Channels.CountOpen(ctx, ch.Code); err != nil {
		return ch, fmt.Errorf("count open of channel %s: %w", ch.Code, err)
	}
	return ch, nil
}
