package site_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/staff"
)

// actionTitles lists the editor's actions by their headings.
func actionTitles(doc *goquery.Document) []string {
	return doc.Find(`section[id^="action-"]:not(#action-new) h2`).Map(func(_ int, s *goquery.Selection) string { return s.Text() })
}

func TestActionsEditor(t *testing.T) {
	ta := newTestApp(t)
	seedFindings(t, ta)
	sv := mustSurvey(t, ta)
	sv.Status = survey.StatusClosed
	fileActions := len(sv.Actions)
	ta.addStaff(t, "scrutineer@example.org", staff.Scrutineer)
	ta.addStaff(t, "worker@example.org", staff.YouthWorker)
	editor := "/staff/surveys/" + slug + "/actions"

	t.Run("ErrForbidden", func(t *testing.T) {
		b := ta.signIn(t, "worker@example.org")
		if resp, _ := b.get(t, editor); resp.StatusCode != http.StatusForbidden {
			t.Errorf("GET editor as a youth worker: %d, want 403", resp.StatusCode)
		}
	})
	b := ta.signIn(t, "scrutineer@example.org")
	if _, doc := b.get(t, "/staff"); doc.Find(`a[href="`+editor+`"]`).Length() != 1 {
		t.Error("the home page does not link the actions editor")
	}
	resp, doc := b.get(t, editor)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET editor: %d", resp.StatusCode)
	}
	if got := len(actionTitles(doc)); got != fileActions || doc.Find("p.hint").Length() == 0 {
		t.Fatalf("%d actions shown, want the file's %d, with a note that they come from it", got, fileActions)
	}
	if got := doc.Find(`#action-1 textarea[name="text.ar"]`).AttrOr("dir", ""); got != "rtl" {
		t.Errorf("Arabic text box dir %q, want rtl", got)
	}
	form := url.Values{"status": {survey.ActionDoing}, "text.en": {"New lights on the common"}, "text.ar": {"أضواء جديدة في الحديقة"},
		"you_said.en": {"The common is too dark"}, "question": {"needs_done"}, "rev": {"0"}}

	t.Run("ErrNoEnglish", func(t *testing.T) {
		bad := url.Values{"status": {survey.ActionPlanned}, "text.ar": {"فقط بالعربية"}, "rev": {"0"}}
		resp, doc := b.post(t, editor, bad)
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422", resp.StatusCode)
		}
		if doc.Find(`textarea[id="new-text.en"][aria-invalid=true]`).Length() != 1 || doc.Find(`a[href="#new-text.en"]`).Length() != 1 {
			t.Error("the English text is not marked, or not linked from the problem summary")
		}
		if got := doc.Find(`textarea[id="new-text.ar"]`).Text(); got != "فقط بالعربية" {
			t.Errorf("the Arabic text was not kept: %q", got)
		}
	})
	t.Run("ErrUnknownFinding", func(t *testing.T) {
		bad := url.Values{"status": {survey.ActionPlanned}, "text.en": {"x"}, "question": {"no_such"}, "rev": {"0"}}
		if resp, doc := b.post(t, editor, bad); resp.StatusCode != http.StatusUnprocessableEntity || doc.Find("#new-questions .error").Length() != 1 {
			t.Errorf("status %d; want 422 with the questions marked", resp.StatusCode)
		}
	})

	resp, _ = b.post(t, editor, form)
	wantStatus(t, resp, http.StatusSeeOther, editor+"?notice=saved#action-"+strconv.Itoa(fileActions+1))
	_, doc = b.get(t, editor)
	added := doc.Find("#action-" + strconv.Itoa(fileActions+1))
	if added.Find(`textarea[name="text.ar"]`).Text() != "أضواء جديدة في الحديقة" || added.Find(`input[name=question][value=needs_done]`).AttrOr("checked", "no") == "no" {
		t.Error("the added action is not shown as saved")
	}
	if added.Find(`select[name=status] option[selected]`).AttrOr("value", "") != survey.ActionDoing {
		t.Error("the status was not kept")
	}
	// Polish has neither text: both are marked missing, in words; Arabic has the action's text.
	if got := added.Find(`label[for="a` + strconv.Itoa(fileActions+1) + `-text.pl"] .tag-missing`).Length(); got != 1 {
		t.Errorf("Polish text marked missing %d times, want 1", got)
	}
	if got := added.Find(`label[for="a` + strconv.Itoa(fileActions+1) + `-text.ar"] .tag-missing`).Length(); got != 0 {
		t.Error("Arabic text marked missing")
	}
	if doc.Find("p.hint").FilterFunction(func(_ int, s *goquery.Selection) bool { return strings.Contains(s.Text(), "file") }).Length() != 0 {
		t.Error("still says the actions come from the file")
	}

	t.Run("ErrStaleRevision", func(t *testing.T) {
		if resp, _ := b.post(t, editor, form); resp.StatusCode != http.StatusConflict {
			t.Errorf("adding with revision 0 after a save: %d, want 409", resp.StatusCode)
		}
	})
	// Move the new one to the top, and delete what is then last.
	last := fileActions + 1
	rev := func() string {
		_, doc := b.get(t, editor)
		return doc.Find(`input[name=rev]`).First().AttrOr("value", "")
	}
	for n := last; n > 1; n-- {
		resp, _ := b.post(t, editor+"/"+strconv.Itoa(n)+"/move", url.Values{"direction": {"up"}, "rev": {rev()}})
		wantStatus(t, resp, http.StatusSeeOther, editor+"?notice=saved#action-"+strconv.Itoa(n-1))
	}
	t.Run("ErrMoveTooFar", func(t *testing.T) {
		if resp, _ := b.post(t, editor+"/1/move", url.Values{"direction": {"up"}, "rev": {rev()}}); resp.StatusCode != http.StatusConflict {
			t.Errorf("moving the first action up: %d, want 409", resp.StatusCode)
		}
	})
	resp, _ = b.post(t, editor+"/"+strconv.Itoa(last)+"/delete", url.Values{"rev": {rev()}})
	wantStatus(t, resp, http.StatusSeeOther, editor+"?notice=saved")
	_, doc = b.get(t, editor)
	titles := actionTitles(doc)
	if len(titles) != fileActions || titles[0] != "Action 1: New lights on the common" {
		t.Errorf("actions %q, want the new one first and %d in all", titles, fileActions)
	}

	t.Run("ResultsPage", func(t *testing.T) {
		_, doc := ta.get(t, "/s/"+slug+"?lang=ar")
		did := doc.Find("ul.did li")
		if did.Length() != fileActions || !strings.Contains(did.First().Text(), "أضواء جديدة في الحديقة") {
			t.Errorf("results page actions: %d, first %q", did.Length(), did.First().Text())
		}
	})
	t.Run("FindingsPage", func(t *testing.T) {
		_, doc := ta.get(t, "/s/"+slug+"/findings")
		if got := doc.Find("ul.actions li").First().Text(); !strings.Contains(got, "New lights on the common") {
			t.Errorf("first action on the findings page: %q", got)
		}
	})
	t.Run("SummaryJSON", func(t *testing.T) {
		resp, body := ta.do(t, httptest.NewRequest(http.MethodGet, "/api/v1/surveys/"+slug+"/summary", nil))
		var got struct {
			Actions []survey.Action `json:"actions"`
		}
		if err := json.Unmarshal(body, &got); err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d: %v", resp.StatusCode, err)
		}
		if len(got.Actions) != fileActions || got.Actions[0].Text["ar"] != "أضواء جديدة في الحديقة" || !slices.Equal(got.Actions[0].Questions, []string{"needs_done"}) {
			t.Errorf("summary actions %+v", got.Actions)
		}
	})
	t.Run("FindingsPDF", func(t *testing.T) {
		if text := ta.findingsPDF(t, "en"); !strings.Contains(strings.Join(strings.Fields(text), " "), "New lights on the common") {
			t.Error("the PDF lacks the saved action")
		}
	})
	want := []string{staff.AuditActionAdded, staff.AuditActionMoved, staff.AuditActionDeleted}
	var got []string
	for _, a := range ta.auditActions(t) {
		if strings.HasPrefix(a, "action_") && !slices.Contains(got, a) {
			got = append(got, a)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("audited %q, want %q", got, want)
	}
}
