package site_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/freetext"
	"github.com/safeguarding/safetysurvey/survey/staff"
)

// postDownload posts form as the browser, with its CSRF token, and returns the body as it came.
func (b *browser) postDownload(t *testing.T, target string, form url.Values) (*http.Response, []byte) {
	t.Helper()
	form.Set("_csrf", b.csrf)
	req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, c := range b.cookies {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	return b.ta.do(t, req)
}

func TestExportResponses(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	ta.addChannel(t, survey.Channel{Code: "K7P3QX", Name: "Southfields Academy", Setting: survey.SettingSchool, Area: "southfields"})
	const personal = "call Sam on 07700 900123 or sam.jones@example.org, the park is dark"
	keys := []string{"key-aaaaaaaaaaaaaaaa", "key-bbbbbbbbbbbbbbbb", "key-cccccccccccccccc"}
	for i, k := range keys {
		sub := survey.Submission{Key: k, Lang: "en", Answers: survey.Answers{"safe_home": {Choices: []string{"yes"}}}}
		if i == 0 {
			sub.Lang, sub.Channel = "pl", "K7P3QX"
			sub.Answers["needs_done"] = survey.Answer{Text: personal}
		}
		if _, err := ta.svc.SubmitResponse(ctx, slug, sub); err != nil {
			t.Fatal(err)
		}
	}
	ta.addStaff(t, "admin@example.org", staff.Admin)
	ta.addStaff(t, "scrutineer@example.org", staff.Scrutineer)
	page := "/staff/surveys/" + slug + "/responses/export"
	csvPath := "/staff/surveys/" + slug + "/responses.csv"

	t.Run("ErrForbidden", func(t *testing.T) {
		b := ta.signIn(t, "scrutineer@example.org")
		if resp, _ := b.get(t, page); resp.StatusCode != http.StatusForbidden {
			t.Errorf("GET page: %d, want 403", resp.StatusCode)
		}
		if resp, _ := b.postDownload(t, csvPath, url.Values{"reason": {"curious"}, "confirm": {"yes"}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("POST export: %d, want 403", resp.StatusCode)
		}
	})
	b := ta.signIn(t, "admin@example.org")
	if _, doc := b.get(t, "/staff"); doc.Find(`a[href="`+page+`"]`).Length() != 1 {
		t.Error("the home page does not link the export page")
	}
	resp, doc := b.get(t, page)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET page: %d", resp.StatusCode)
	}
	if got := doc.Find(".guidance li").First().Text(); !strings.Contains(got, "3 stored responses") {
		t.Errorf("page says %q, want the count of responses", got)
	}
	if doc.Find(`form[method=post][action="`+csvPath+`"] textarea#reason[required]`).Length() != 1 || doc.Find(`input[type=checkbox]#confirm`).Length() != 1 {
		t.Error("no form with a reason and a confirmation")
	}
	t.Run("ErrNoReason", func(t *testing.T) {
		before := len(ta.auditActions(t))
		resp, doc := b.post(t, csvPath, url.Values{"reason": {"   "}, "confirm": {"yes"}})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422", resp.StatusCode)
		}
		if doc.Find(`textarea#reason[aria-invalid=true]`).Length() != 1 || strings.TrimSpace(doc.Find("#reason-error").Text()) != "Please say why you need the raw responses." {
			t.Errorf("reason not marked: %q", doc.Find("#reason-error").Text())
		}
		if doc.Find(`#confirm[checked]`).Length() != 1 || doc.Find("#confirm-error").Length() != 0 {
			t.Error("the ticked box was not kept, or was marked")
		}
		if after := len(ta.auditActions(t)); after != before {
			t.Errorf("audit grew from %d to %d entries on a refused export", before, after)
		}
	})
	t.Run("ErrNotConfirmed", func(t *testing.T) {
		resp, doc := b.post(t, csvPath, url.Values{"reason": {"checking the data"}})
		if resp.StatusCode != http.StatusUnprocessableEntity || doc.Find(`#confirm[aria-invalid=true]`).Length() != 1 {
			t.Errorf("status %d, confirm marked %d times; want 422 and marked", resp.StatusCode, doc.Find(`#confirm[aria-invalid=true]`).Length())
		}
		if got := doc.Find("textarea#reason").Text(); got != "checking the data" {
			t.Errorf("reason shown again as %q", got)
		}
	})
	t.Run("OK", func(t *testing.T) {
		const reason = "Annual report to the partnership board"
		b.get(t, page)
		resp, body := b.postDownload(t, csvPath, url.Values{"reason": {reason}, "confirm": {"yes"}})
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d: %s", resp.StatusCode, body)
		}
		if got := resp.Header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("Cache-Control %q", got)
		}
		if got := resp.Header.Get("Content-Disposition"); got != `attachment; filename="responses-`+slug+`-2026-11-24.csv"` {
			t.Errorf("Content-Disposition %q", got)
		}
		rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 4 {
			t.Fatalf("%d rows, want a header and 3", len(rows))
		}
		head := rows[0]
		sv := mustSurvey(t, ta)
		if want := survey.ExportHeader(sv); !slices.Equal(head, want) {
			t.Errorf("header %q, want %q", head, want)
		}
		col := func(name string) int { return slices.Index(head, name) }
		var polish []string
		for _, r := range rows[1:] {
			if r[col("lang")] == "pl" {
				polish = r
			}
			if r[col("date")] != "2026-11-24" || r[col("safe_home")] != "yes" || r[col("version")] == "" {
				t.Errorf("row %q", r)
			}
		}
		if polish == nil {
			t.Fatal("no row in Polish")
		}
		if polish[col("setting")] != survey.SettingSchool || polish[col("area")] != "southfields" {
			t.Errorf("setting %q area %q", polish[col("setting")], polish[col("area")])
		}
		if got, want := polish[col("needs_done")], freetext.ScrubPersonalData(personal); got != want || strings.Contains(got, "example.org") || strings.Contains(got, "900123") {
			t.Errorf("free text %q, want scrubbed %q", got, want)
		}
		for _, k := range keys {
			for _, secret := range []string{k, survey.ResponseID(slug, k), "K7P3QX"} {
				if bytes.Contains(body, []byte(secret)) {
					t.Errorf("export holds %q", secret)
				}
			}
		}
		entries, err := ta.staff.AuditEntries(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		e := entries[0]
		if e.Action != staff.AuditResponsesExported || e.Actor != "admin@example.org" || e.Subject != slug || e.Detail != "3 rows: "+reason {
			t.Errorf("audit entry %+v", e)
		}
	})
}
