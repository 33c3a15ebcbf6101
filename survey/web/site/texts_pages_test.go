package site_test

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/staff"
)

// TestTextsPages: a question with more answers than a page shows them a page at a time, with a
// link to the next page and back to the first that work without JavaScript, never how many
// there are, theme counts over every answer on each page, and forms that come back to their page.
func TestTextsPages(t *testing.T) {
	ta := newTestApp(t)
	ta.addStaff(t, "kid@example.org", staff.Scrutineer)
	page := "/staff/surveys/" + slug + "/texts/needs_done"
	b := ta.signIn(t, "kid@example.org")
	const n = survey.TextPageSize + 12
	ta.seedTexts(t, n) // the first flagged, the others about street lights

	answers := func(doc *goquery.Document) []string {
		return doc.Find("li.text-answer").Map(func(_ int, s *goquery.Selection) string { return s.AttrOr("id", "") })
	}
	resp, first := b.get(t, page)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	onFirst := answers(first)
	if len(onFirst) != survey.TextPageSize || !slices.IsSorted(onFirst) {
		t.Fatalf("first page: %d answers, sorted %v; want %d by answer id", len(onFirst), slices.IsSorted(onFirst), survey.TextPageSize)
	}
	if strings.Contains(first.Text(), strconv.Itoa(n)) {
		t.Error("the page tells how many answers there are")
	}
	next := first.Find(`nav.pages a[rel="next"]`)
	href, ok := next.Attr("href")
	if !ok || !strings.HasPrefix(href, page+"?from=") || first.Find("nav.pages a").Length() != 1 {
		t.Fatalf("first page links %q (%d links), want only the next page", href, first.Find("nav.pages a").Length())
	}
	if action := first.Find("form.themes").First().AttrOr("action", ""); strings.Contains(action, "from=") {
		t.Errorf("a form on the first page posts to %q, want no page position", action)
	}
	lighting := first.Find("#theme-lighting td").Text()
	if lighting != strconv.Itoa(n-1) {
		t.Errorf("lighting on the first page = %q, want %d: every answer's, not the page's", lighting, n-1)
	}

	_, second := b.get(t, href)
	onSecond := answers(second)
	if len(onSecond) != n-survey.TextPageSize || !slices.IsSorted(onSecond) {
		t.Errorf("second page: %d answers, want %d by answer id", len(onSecond), n-survey.TextPageSize)
	}
	for _, id := range onSecond {
		if slices.Contains(onFirst, id) {
			t.Errorf("%s on both pages", id)
		}
	}
	if second.Find(`nav.pages a[rel="next"]`).Length() != 0 || second.Find(`nav.pages a[href="`+page+`"]`).Length() != 1 {
		t.Error("the last page links a next page, or not the first")
	}
	if got := second.Find("#theme-lighting td").Text(); got != lighting {
		t.Errorf("lighting on the second page = %q, want %q as on the first", got, lighting)
	}

	form := second.Find("form.themes").First()
	action := form.AttrOr("action", "")
	answer := strings.TrimPrefix(form.Closest("li").AttrOr("id", ""), "answer-")
	if !strings.Contains(action, "?from=") {
		t.Fatalf("a form on the second page posts to %q, want its page position", action)
	}
	resp, _ = b.post(t, action, url.Values{"theme": {"police"}})
	after := strings.TrimPrefix(href, page+"?from=")
	wantStatus(t, resp, http.StatusSeeOther, page+"?from="+after+"&notice=themes#answer-"+answer)
}
