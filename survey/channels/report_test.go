package channels_test

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/channels"
	"github.com/safeguarding/safetysurvey/survey/surveytest"
)

// reportService is a survey service over a fresh store whose clock reads today, and the channel
// reports over the same store.
func reportService(t *testing.T, today time.Time) (*survey.Service, *channels.Service) {
	t.Helper()
	catalog, err := survey.NewCatalog(surveytest.SmallSurvey())
	if err != nil {
		t.Fatal(err)
	}
	store := surveytest.NewStore()
	svc := &survey.Service{Surveys: catalog, Store: store, Channels: store, Now: func() time.Time { return today }}
	return svc, &channels.Service{Surveys: catalog, Channels: store, Counters: store}
}

func TestChannelReport(t *testing.T) {
	svc, reports := reportService(t, time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC))
	ctx := context.Background()
	s, _ := svc.Surveys.Get("test")
	var codes []string
	for _, ch := range []survey.Channel{
		{Name: "A school", Setting: survey.SettingSchool, Area: "Putney"},
		{Name: "B school", Setting: survey.SettingSchool, Area: "Tooting"},
		{Name: "C club", Setting: survey.SettingYouthClub, Area: "Putney"},
	} {
		ch.Survey = "test"
		created, err := svc.CreateChannel(ctx, &ch)
		if err != nil {
			t.Fatal(err)
		}
		codes = append(codes, created.Code)
	}
	opens := []int{4, 0, 2}
	completions := []int{3, 1, 0}
	for i, code := range codes {
		for range opens[i] {
			if _, err := svc.OpenChannel(ctx, s, code); err != nil {
				t.Fatal(err)
			}
		}
		for j := range completions[i] {
			submitVia(t, svc, code, code+"-key-000000000"+string(rune('a'+j)))
		}
	}
	submitVia(t, svc, "", "no-channel-key-0000001")
	rep, err := reports.Report(ctx, "test")
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, r := range rep.Channels {
		rows = append(rows, r.Name+" "+itoa(r.Opened)+" "+itoa(r.Completed)+" "+rate(r.Rate))
	}
	if want := []string{"A school 4 3 75.0", "B school 0 1 -", "C club 2 0 0.0"}; !slices.Equal(rows, want) {
		t.Errorf("rows = %q, want %q", rows, want)
	}
	totals := func(ts []channels.Total) []string {
		var out []string
		for _, tt := range ts {
			out = append(out, tt.Key+" "+itoa(int64(tt.Channels))+" "+itoa(tt.Opened)+" "+itoa(tt.Completed)+" "+rate(tt.Rate))
		}
		return out
	}
	if got, want := totals(rep.BySetting), []string{"school 2 4 4 100.0", "youth_club 1 2 0 0.0"}; !slices.Equal(got, want) {
		t.Errorf("by setting = %q, want %q", got, want)
	}
	if got, want := totals(rep.ByArea), []string{"Putney 2 6 3 50.0", "Tooting 1 0 1 -"}; !slices.Equal(got, want) {
		t.Errorf("by area = %q, want %q", got, want)
	}
	if rep.Total.Opened != 6 || rep.Total.Completed != 4 || rep.Unattributed != 1 {
		t.Errorf("total %+v, unattributed %d, want 6 opened, 4 completed, 1 without a channel", rep.Total, rep.Unattributed)
	}
}

func submitVia(t *testing.T, svc *survey.Service, code, key string) {
	t.Helper()
	_, err := svc.SubmitResponse(context.Background(), "test", survey.Submission{Key: key, Lang: "en", Channel: code, Answers: survey.Answers{"feel": {Choices: []string{"high"}}}})
	if err != nil {
		t.Fatal(err)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func rate(r *float64) string {
	if r == nil {
		return "-"
	}
	return strconv.FormatFloat(*r, 'f', 1, 64)
}

func TestChannelReportPage(t *testing.T) {
	rep := &channels.Report{}
	for _, code := range []string{"AAAAAA", "BBBBBB", "CCCCCC"} {
		rep.Channels = append(rep.Channels, channels.Row{Channel: &survey.Channel{Code: code}})
	}
	codes := func(rows []channels.Row) []string {
		var out []string
		for _, r := range rows {
			out = append(out, r.Code)
		}
		return out
	}
	tests := []struct {
		name, after string
		limit       int
		want        []string
		next        string
		ok          bool
	}{
		{name: "OKFirstPage", limit: 2, want: []string{"AAAAAA", "BBBBBB"}, next: "BBBBBB", ok: true},
		{name: "OKLastPage", after: "BBBBBB", limit: 2, want: []string{"CCCCCC"}, ok: true},
		{name: "OKDefaultLimit", want: []string{"AAAAAA", "BBBBBB", "CCCCCC"}, ok: true},
		{name: "OKAfterTheLast", after: "CCCCCC", limit: 2, ok: true},
		{name: "ErrUnknownAfter", after: "ZZZZZZ", limit: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, next, ok := rep.Page(tt.after, tt.limit)
			if got := codes(rows); !slices.Equal(got, tt.want) || next != tt.next || ok != tt.ok {
				t.Errorf("Page(%q, %d) = %v, %q, %v; want %v, %q, %v", tt.after, tt.limit, got, next, ok, tt.want, tt.next, tt.ok)
			}
		})
	}
}
