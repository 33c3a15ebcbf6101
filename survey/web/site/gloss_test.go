package site_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/safeguarding/safetysurvey/survey/staff"
)

// TestGloss: each answer shows its language; an admin adds an English gloss on the scrutineers'
// page and the lead on a flagged answer, each audited; scrutineers read the gloss beside the
// original, may not write one, and never see the flagged answer or its gloss.
func TestGloss(t *testing.T) {
	ta := newTestApp(t)
	ids := ta.seedTexts(t, 10)
	ta.addStaff(t, "admin2@example.org", staff.Admin)
	ta.addStaff(t, "kid@example.org", staff.Scrutineer)
	ta.addStaff(t, "lead@example.org", staff.SafeguardingLead)
	page := "/staff/surveys/" + slug + "/texts/needs_done"
	polish := ids[1]

	admin := ta.signIn(t, "admin2@example.org")
	resp, _ := admin.post(t, page+"/"+polish+"/gloss", url.Values{"gloss": {"  more street lights\u202e please "}})
	wantStatus(t, resp, http.StatusSeeOther, page+"?notice=gloss#answer-"+polish)

	lead := ta.signIn(t, "lead@example.org")
	flaggedPage := "/staff/surveys/" + slug + "/flagged"
	resp, _ = lead.post(t, flaggedPage+"/"+ids[0]+"/gloss", url.Values{"gloss": {"my dad hits me"}, "question": {"needs_done"}})
	wantStatus(t, resp, http.StatusSeeOther, flaggedPage+"?notice=gloss")
	_, doc := lead.get(t, flaggedPage)
	if got := doc.Find("#answer-" + ids[0] + " .gloss").Text(); got != "my dad hits me" {
		t.Errorf("the lead's gloss = %q", got)
	}

	kid := ta.signIn(t, "kid@example.org")
	_, doc = kid.get(t, page)
	answer := doc.Find("#answer-" + polish)
	if got := answer.Find(".language").Text(); got == "" || got == "pl" {
		t.Errorf("language shown as %q, want its name", got)
	}
	if got := answer.Find(".gloss").Text(); got != "more street lights please" || answer.Find(".gloss").AttrOr("lang", "") != "en" {
		t.Errorf("gloss = %q, want it beside the original with format characters gone", got)
	}
	if !strings.Contains(answer.Find("blockquote").Text(), "more street lights") || answer.Find("blockquote").AttrOr("lang", "") != "pl" {
		t.Error("the original answer is not shown as written")
	}
	if doc.Find(".gloss-form").Length() != 0 {
		t.Error("a scrutineer is offered the gloss form")
	}
	if strings.Contains(doc.Text(), "my dad hits me") || strings.Contains(doc.Text(), "he hits me") {
		t.Error("a flagged answer, or its gloss, reaches scrutineers")
	}

	t.Run("ErrScrutineer", func(t *testing.T) {
		if resp, _ := kid.post(t, page+"/"+polish+"/gloss", url.Values{"gloss": {"x"}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("status %d, want 403", resp.StatusCode)
		}
	})
	t.Run("ErrTooLong", func(t *testing.T) {
		if resp, _ := admin.post(t, page+"/"+polish+"/gloss", url.Values{"gloss": {strings.Repeat("a", 301)}}); resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("status %d, want 422", resp.StatusCode)
		}
	})
	t.Run("ErrFlaggedOnTextsPage", func(t *testing.T) {
		if resp, _ := admin.post(t, page+"/"+ids[0]+"/gloss", url.Values{"gloss": {"x"}}); resp.StatusCode != http.StatusNotFound {
			t.Errorf("glossing a flagged answer from the scrutineers' page: status %d, want 404", resp.StatusCode)
		}
		if resp, _ := lead.post(t, flaggedPage+"/"+polish+"/gloss", url.Values{"gloss": {"x"}, "question": {"needs_done"}}); resp.StatusCode != http.StatusNotFound {
			t.Errorf("glossing an answer not flagged from the queue: status %d, want 404", resp.StatusCode)
		}
	})
	t.Run("ErrUnknownAnswer", func(t *testing.T) {
		if resp, _ := admin.post(t, page+"/nope/gloss", url.Values{"gloss": {"x"}}); resp.StatusCode != http.StatusNotFound {
			t.Errorf("status %d, want 404", resp.StatusCode)
		}
	})
	if got := ta.auditActions(t); len(slices.DeleteFunc(got, func(a string) bool { return a != staff.AuditGlossSaved })) != 2 {
		t.Errorf("gloss audit entries = %q, want 2", got)
	}
}
