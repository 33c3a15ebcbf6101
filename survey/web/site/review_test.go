package site_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/safeguarding/safetysurvey/i18n"
	"github.com/safeguarding/safetysurvey/public"
	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/staff"
)

// TestReviewState signs translations off in the store and checks /stats and the editor read
// them: Polish UI strings as they are now count as reviewed, Arabic survey text signed off
// before its last change shows as reopened.
func TestReviewState(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	messages, err := i18n.Load(public.Files, "locales")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2027, 1, 5, 0, 0, 0, 0, time.UTC)
	sv, err := ta.svc.Surveys.Get(slug)
	if err != nil {
		t.Fatal(err)
	}
	stale := sv.LabelTexts("ar")
	stale["title"] = "عنوان قديم"
	for _, s := range []survey.SignOff{
		survey.NewSignOff(survey.SetUI, "pl", "Ola", at, messages.Strings("pl")),
		survey.NewSignOff(survey.SurveySet(slug), "ar", "Amal", at, stale),
		survey.NewSignOff(survey.SurveySet(slug), "pl", "Ola", at, sv.LabelTexts("pl")),
	} {
		if err := ta.db.SaveSignOff(ctx, s); err != nil {
			t.Fatal(err)
		}
	}

	t.Run("Stats", func(t *testing.T) {
		_, raw := ta.do(t, httptest.NewRequest(http.MethodGet, "/api/v1/surveys/"+slug+"/stats", nil))
		var stats struct {
			Languages []struct {
				Code         string `json:"code"`
				TextReviewed bool   `json:"text_reviewed"`
				TextReopened bool   `json:"text_reopened"`
				UIReviewed   bool   `json:"ui_reviewed"`
				UIReopened   bool   `json:"ui_reopened"`
			}
		}
		if err := json.Unmarshal(raw, &stats); err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, l := range stats.Languages {
			got[l.Code] = strings.Join([]string{mark(l.TextReviewed, l.TextReopened), mark(l.UIReviewed, l.UIReopened)}, " ")
		}
		want := map[string]string{"en": "reviewed reviewed", "pl": "reviewed reviewed", "ar": "reopened none", "so": "none none"}
		for code, w := range want {
			if got[code] != w {
				t.Errorf("%s: text, UI = %q, want %q (%s)", code, got[code], w, raw)
			}
		}
	})

	t.Run("Editor", func(t *testing.T) {
		ta.addStaff(t, "sam@example.org", staff.Scrutineer)
		b := ta.signIn(t, "sam@example.org")
		b.get(t, "/staff/drafts")
		resp, _ := b.post(t, "/staff/drafts", map[string][]string{"slug": {slug}})
		_, doc := b.get(t, resp.Header.Get("Location"))
		for code, want := range map[string]string{
			"pl": "Signed off by Ola on 5 January 2027",
			"ar": "Changed since Amal signed it off: to review again",
			"so": "Not reviewed by a native speaker yet",
		} {
			if got := strings.TrimSpace(doc.Find("#lang-" + code).Parent().Find(".review-state").Text()); got != want {
				t.Errorf("%s in the editor: %q, want %q", code, got, want)
			}
		}
		if doc.Find("#lang-en").Parent().Find(".review-state").Length() != 0 {
			t.Error("English, the source, shows a review state")
		}
	})
}

func mark(reviewed, reopened bool) string {
	switch {
	case reviewed:
		return "reviewed"
	case reopened:
		return "reopened"
	}
	return "none"
}
