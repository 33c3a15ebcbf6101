package survey

import (
	"context"
	"crypto/rand"
	"regexp"
	"slices"
	"strings"
	"time"
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

// ChannelStore keeps distribution channels.
type ChannelStore interface {
	// Channel returns the channel with the code, or ENOTFOUND.
	Channel(ctx context.Context, code string) (*Channel, error)
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
	if strings.TrimSpace(c.Name) == "" || len(c.Name) > 120 {
		add("name", "error.channel_name")
	}
	if !slices.Contains(SettingTypes, c.Setting) {
		add("setting", "error.channel_setting")
	}
	if len(c.Area) > 80 {
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

// OpenOn reports whether the channel's link takes answers on day.
func (c *Channel) OpenOn(day time.Time) bool {
	d := day.Format(time.DateOnly)
	return (c.Opens == "" || c.Opens <= d) && (c.Closes == "" || d <= c.Closes)
}
