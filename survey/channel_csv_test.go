package survey_test

import (
	"testing"

	"github.com/safeguarding/safetysurvey/survey"
)

func TestChannelLinks(t *testing.T) {
	ch := &survey.Channel{Code: "K7P3QX", Survey: "community-safety"}
	if got, want := ch.Link("https://survey.example.org"), "https://survey.example.org/s/community-safety?c=K7P3QX"; got != want {
		t.Errorf("Link = %q, want %q", got, want)
	}
	if got, want := ch.ShortLink("https://survey.example.org"), "https://survey.example.org/j/K7P3QX"; got != want {
		t.Errorf("ShortLink = %q, want %q", got, want)
	}
}

func TestChannelLastDay(t *testing.T) {
	for _, tc := range []struct{ channel, survey, want string }{
		{"", "", ""},
		{"2027-03-31", "", "2027-03-31"},
		{"", "2027-03-31", "2027-03-31"},
		{"2027-02-01", "2027-03-31", "2027-02-01"},
		{"2027-04-30", "2027-03-31", "2027-03-31"},
	} {
		ch := &survey.Channel{Closes: tc.channel}
		if got := ch.LastDay(&survey.Survey{Closes: tc.survey}); got != tc.want {
			t.Errorf("LastDay(channel %q, survey %q) = %q, want %q", tc.channel, tc.survey, got, tc.want)
		}
	}
}
