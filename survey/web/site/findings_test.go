package site_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/staff"
)

// seedFindings stores a known distribution: 35 in Putney, 30 in Tooting and 4 in Balham, whose
// numbers must never be shown.
func seedFindings(t *testing.T, ta *testApp) {
	t.Helper()
	submitMany(t, ta, "putney-en", 20, "en", `{"area":"putney","safe_home":"yes","safe_area":"safe","feel_safer":["lighting","cctv"]}`)
	submitMany(t, ta, "putney-pl", 15, "pl", `{"area":"putney","safe_home":"yes","safe_area":"very_safe","feel_safer":["lighting"]}`)
	submitMany(t, ta, "tooting-ar", 30, "ar", `{"area":"tooting","safe_home":"no","safe_area":"unsafe","feel_safer":["police"]}`)
	submitMany(t, ta, "balham-en", 4, "en", `{"area":"balham","safe_home":"yes"}`)
	ta.count(t)
}

func TestFindingsPage(t *testing.T) {
	ta := newTestApp(t)
	seedFindings(t, ta)
	resp, doc := ta.get(t, "/s/"+slug+"/findings?lang=en")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status = %d", resp.StatusCode)
	}
	headlines := doc.Find(".headlines li strong").Map(func(_ int, s *goquery.Selection) string { return s.Text() })
	// 35 of 65 answered safe or very safe: 53.8%.
	if len(headlines) < 2 || headlines[0] != "69" || headlines[1] != "53.8%" {
		t.Errorf("headlines = %v, want 69 responses then 53.8%% safe in their area", headlines)
	}
	choice := 0
	for _, q := range mustSurvey(t, ta).Questions {
		if q.IsChoice() {
			choice++
		}
	}
	figures := doc.Find("figure.chart")
	if figures.Length() != choice {
		t.Errorf("%d charts, want one per choice question (%d)", figures.Length(), choice)
	}
	figures.Each(func(i int, f *goquery.Selection) {
		svg := f.Find("svg[role=img]")
		ids := strings.Fields(svg.AttrOr("aria-labelledby", ""))
		if len(ids) != 2 || f.Find("title#"+ids[0]).Text() == "" || f.Find("desc#"+ids[1]).Text() == "" {
			t.Errorf("chart %d lacks a title or description: %v", i, ids)
		}
		if f.Find("table caption").Text() == "" || f.Find("tbody tr").Length() == 0 {
			t.Errorf("chart %d has no table of its numbers", i)
		}
	})
	area := doc.Find("figure.chart").First()
	balham := area.Find("tbody tr").FilterFunction(func(_ int, r *goquery.Selection) bool { return r.Find("th").Text() == "Balham" })
	if cells := balham.Find("td").Map(func(_ int, c *goquery.Selection) string { return c.Text() }); len(cells) != 2 || cells[0] != "suppressed" || cells[1] != "suppressed" {
		t.Errorf("Balham row = %v, want suppressed twice", cells)
	}
	if strings.Contains(area.Find("svg").Text(), "(4)") {
		t.Error("the chart shows Balham's 4")
	}
	if got := doc.Find(`section[aria-labelledby="quotes-title"] .empty`).Length(); got != 1 {
		t.Error("the quotes section should say none are approved yet")
	}
	if got := doc.Find("ul.actions li").Length(); got != 4 {
		t.Errorf("%d actions, want the 4 in community-safety.actions.yaml", got)
	}
	rules := doc.Find("section.rules").Text()
	if !strings.Contains(rules, "from 1 to 9") || !strings.Contains(rules, "fewer than 30 people") {
		t.Errorf("suppression rules not explained with this survey's thresholds: %q", rules)
	}
	if doc.Find("script").Length() != 0 || doc.Find("[style]").Length() != 0 {
		t.Error("the findings page needs no script and may have no style attributes (CSP)")
	}

	t.Run("OKBreakdown", func(t *testing.T) {
		_, doc := ta.get(t, "/s/"+slug+"/findings?lang=en&by=area")
		if got, _ := doc.Find(`select#by option[selected]`).Attr("value"); got != "area" {
			t.Errorf("selected breakdown = %q, want area", got)
		}
		safe := doc.Find("figure.chart").FilterFunction(func(_ int, f *goquery.Selection) bool {
			return strings.HasPrefix(f.Find("h3").Text(), "Do you feel safe at home?")
		})
		putney := safe.Find("tbody tr").FilterFunction(func(_ int, r *goquery.Selection) bool { return r.Find("th").Text() == "Putney" })
		if got := putney.Find("td").First().Text(); got != "35" {
			t.Errorf("Putney answered = %q, want 35", got)
		}
		hidden := safe.Find("tbody tr").FilterFunction(func(_ int, r *goquery.Selection) bool { return r.Find("th").Text() == "Balham" })
		if hidden.Find("td").Length() != 1 || hidden.Find("td").AttrOr("colspan", "") == "" || hidden.Find("td").Text() != "suppressed" {
			t.Errorf("Balham group row = %q, want one suppressed cell across the table", hidden.Text())
		}
	})
	t.Run("OKRightToLeft", func(t *testing.T) {
		_, doc := ta.get(t, "/s/"+slug+"/findings?lang=ar")
		if dir, _ := doc.Find("html").Attr("dir"); dir != "rtl" {
			t.Errorf("html dir = %q, want rtl", dir)
		}
		if dir, _ := doc.Find("figure.chart svg").First().Attr("direction"); dir != "rtl" {
			t.Errorf("chart direction = %q, want rtl", dir)
		}
		if got := doc.Find(".headlines li strong").First().Text(); got != "٦٩" {
			t.Errorf("responses in Arabic = %q, want ٦٩", got)
		}
	})
	t.Run("ErrBadBreakdown", func(t *testing.T) {
		if resp, _ := ta.get(t, "/s/"+slug+"/findings?by=feel_safer"); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("status = %d, want 400", resp.StatusCode)
		}
	})
}

func TestFindingsPageNotPublished(t *testing.T) {
	ta := newTestApp(t, func(s *survey.Survey) { s.Published = false })
	seedFindings(t, ta)
	if resp, _ := ta.get(t, "/s/"+slug+"/findings"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unpublished findings page: %d, want 404", resp.StatusCode)
	}
	ta.addStaff(t, "kid@example.org", staff.Scrutineer)
	ta.addStaff(t, "worker@example.org", staff.YouthWorker)
	kid := ta.signIn(t, "kid@example.org")
	staffPage := "/staff/surveys/" + slug + "/findings"
	if _, doc := kid.get(t, "/staff"); doc.Find(`a[href="`+staffPage+`"]`).Length() != 1 {
		t.Error("the staff home does not link the findings for a scrutineer")
	}
	resp, doc := kid.get(t, staffPage+"?lang=ar")
	if resp.StatusCode != http.StatusOK || resp.Header.Get(fiber.HeaderCacheControl) != "no-store" {
		t.Fatalf("scrutineer reading unpublished findings: status %d, Cache-Control %q", resp.StatusCode, resp.Header.Get(fiber.HeaderCacheControl))
	}
	if got := doc.Find(".headlines li strong").First().Text(); got != "٦٩" {
		t.Errorf("headline count on the staff findings page in Arabic = %q, want ٦٩ (69)", got)
	}
	if got := doc.Find("form.by").AttrOr("action", ""); got != staffPage {
		t.Errorf("breakdown form goes to %q, want %q", got, staffPage)
	}
	for _, a := range []string{"findings.pdf", "findings-report.pdf", "findings/share.png"} {
		if href := doc.Find(`.downloads a[href^="/staff/surveys/` + slug + "/" + a + `?lang=ar"]`); href.Length() != 1 {
			t.Errorf("no %s download under the staff path", a)
		}
	}
	tables := doc.Find(`.downloads a[href*="/summary?"]`).AttrOr("href", "")
	if !strings.HasPrefix(tables, "/staff/surveys/"+slug+"/summary?") {
		t.Fatalf("tables link %q, want the staff summary", tables)
	}
	if resp, body := kid.download(t, tables); resp.StatusCode != http.StatusOK || resp.Header.Get(fiber.HeaderCacheControl) != "no-store" || !strings.Contains(resp.Header.Get(fiber.HeaderContentType), "text/csv") || !strings.Contains(string(body), ",69,") {
		t.Errorf("scrutineer's CSV of unpublished findings: status %d, Cache-Control %q, body %.80q", resp.StatusCode, resp.Header.Get(fiber.HeaderCacheControl), body)
	}
	if resp, _ := kid.get(t, staffPage+".pdf"); resp.StatusCode != http.StatusOK || resp.Header.Get(fiber.HeaderCacheControl) != "no-store" {
		t.Errorf("scrutineer's PDF of unpublished findings: status %d, Cache-Control %q", resp.StatusCode, resp.Header.Get(fiber.HeaderCacheControl))
	}
	worker := ta.signIn(t, "worker@example.org")
	if resp, _ := worker.get(t, staffPage); resp.StatusCode != http.StatusForbidden {
		t.Errorf("youth worker reading unpublished findings: %d, want 403", resp.StatusCode)
	}
}

func mustSurvey(t *testing.T, ta *testApp) *survey.Survey {
	t.Helper()
	s, err := ta.surveys.Get(slug)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
