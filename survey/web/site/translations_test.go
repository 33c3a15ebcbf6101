package site_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/staff"
)

// addTranslator adds a translator of langs and signs them in.
func (ta *testApp) addTranslator(t *testing.T, email string, langs ...string) *browser {
	t.Helper()
	u := ta.addStaff(t, email, staff.Translator)
	if err := ta.staff.SetLanguages(context.Background(), nil, u.ID, langs); err != nil {
		t.Fatal(err)
	}
	return ta.signIn(t, email)
}

func TestTranslatorReach(t *testing.T) {
	ta := newTestApp(t)
	b := ta.addTranslator(t, "ola@example.org", "pl")
	_, doc := b.get(t, "/staff/translations")
	var links []string
	doc.Find("main a").Each(func(_ int, s *goquery.Selection) { links = append(links, s.AttrOr("href", "")) })
	for _, want := range []string{"/staff/translations/pl/ui", "/staff/translations/pl/survey:community-safety"} {
		if !slices.Contains(links, want) {
			t.Errorf("translations page links %v, want %s", links, want)
		}
	}
	if slices.ContainsFunc(links, func(l string) bool { return strings.HasPrefix(l, "/staff/translations/ar") }) {
		t.Errorf("translations page links %v, want no Arabic for a Polish translator", links)
	}
	slug := "/staff/surveys/community-safety"
	refused := map[string]int{
		"/staff/translations/ar/ui":                      http.StatusForbidden,
		"/staff/translations/ar/survey:community-safety": http.StatusForbidden,
		"/staff/translations/en/ui":                      http.StatusForbidden,
		"/staff/translations/pl/phrases":                 http.StatusNotFound,
		"/staff/translations/pl/survey:no-such-survey":   http.StatusNotFound,
		"/staff/users":                                   http.StatusForbidden,
		"/staff/invite":                                  http.StatusForbidden,
		"/staff/audit":                                   http.StatusForbidden,
		"/staff/drafts":                                  http.StatusForbidden,
		slug + "/channels":                               http.StatusForbidden,
		slug + "/flagged":                                http.StatusForbidden,
		slug + "/findings":                               http.StatusForbidden,
		slug + "/actions":                                http.StatusForbidden,
		slug + "/responses/export":                       http.StatusForbidden,
		slug + "/texts/anything_else":                    http.StatusForbidden,
	}
	for target, want := range refused {
		t.Run("GET "+target, func(t *testing.T) {
			if resp, _ := b.get(t, target); resp.StatusCode != want {
				t.Errorf("status %d, want %d", resp.StatusCode, want)
			}
		})
	}
	t.Run("POST Arabic sign-off", func(t *testing.T) {
		if resp, _ := b.post(t, "/staff/translations/ar/ui/signoff", nil); resp.StatusCode != http.StatusForbidden {
			t.Errorf("status %d, want 403", resp.StatusCode)
		}
		if all, _ := ta.db.SignOffs(context.Background()); len(all) != 0 {
			t.Errorf("sign-offs %+v, want none", all)
		}
	})
	t.Run("Other roles", func(t *testing.T) {
		ta.addStaff(t, "sam@example.org", staff.Scrutineer)
		if resp, _ := ta.signIn(t, "sam@example.org").get(t, "/staff/translations/pl/ui"); resp.StatusCode != http.StatusForbidden {
			t.Errorf("scrutineer: status %d, want 403", resp.StatusCode)
		}
	})
}

func TestTranslatorEditAndSignOff(t *testing.T) {
	ta := newTestApp(t)
	ctx := context.Background()
	b := ta.addTranslator(t, "ola@example.org", "pl", "uk")
	page := "/staff/translations/pl/ui"
	resp, doc := b.get(t, page)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, ta.logs)
	}
	row := doc.Find("#serror-text_too_long")
	if got := row.Find("td").First().Text(); !strings.Contains(got, "Please use no more than {{.Max}} characters") {
		t.Errorf("English beside the Polish = %q", got)
	}

	resp, _ = b.post(t, page+"/signoff", nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign off: status %d, want 303", resp.StatusCode)
	}
	all, err := ta.db.SignOffs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 1 || all[0].Set != survey.SetUI || all[0].Lang != "pl" || all[0].By != "ola@example.org" || all[0].At.IsZero() {
		t.Fatalf("sign-offs %+v, want Polish UI strings by ola@example.org", all)
	}
	if got := ta.auditActions(t); !slices.Contains(got, staff.AuditTranslationSignedOff) {
		t.Errorf("audit %v, want %s", got, staff.AuditTranslationSignedOff)
	}
	_, doc = b.get(t, page)
	if got := doc.Find("#review-state").Text(); !strings.Contains(got, "Signed off by ola@example.org") {
		t.Errorf("review state %q, want signed off", got)
	}

	field := "serror-text_too_long-other"
	edit := func(text, button string) (*http.Response, *goquery.Document) {
		t.Helper()
		form := url.Values{"id": {"error.text_too_long"}, field: {text}}
		if button != "" {
			form.Set(button, "1")
		}
		return b.post(t, page+"/strings", form)
	}
	t.Run("BrokenPlaceholder", func(t *testing.T) {
		resp, doc := edit("Najwyżej {{.Max}} znaków.", "")
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("status %d, want 422", resp.StatusCode)
		}
		got := doc.Find("#" + field + "-error").Text()
		if !strings.Contains(got, "“other”") || !strings.Contains(got, "English has {{.Count}} {{.Max}}") {
			t.Errorf("field error %q, want the form named and English's placeholders", got)
		}
		if v, _ := doc.Find("#" + field).Attr("aria-invalid"); v != "true" {
			t.Errorf("aria-invalid = %q, want true", v)
		}
		if edits, _ := ta.db.TranslationEdits(ctx, survey.SetUI, "pl"); len(edits) != 0 {
			t.Errorf("edits %+v, want none stored", edits)
		}
	})
	t.Run("MissingPluralForm", func(t *testing.T) {
		resp, doc := b.post(t, page+"/strings", url.Values{"id": {"survey.characters_left"}, "ssurvey-characters_left-other": {"Zostało {{.Count}} znaków"}})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("status %d, want 422", resp.StatusCode)
		}
		if got := doc.Find("#ssurvey-characters_left-error").Text(); !strings.Contains(got, "one, few, many, other") {
			t.Errorf("error %q, want the Polish plural forms", got)
		}
	})
	good := "Możesz wpisać najwyżej {{.Max}} znaków, a wpisano {{.Count}}."
	t.Run("CheckOnly", func(t *testing.T) {
		resp, doc := edit(good, "check")
		if resp.StatusCode != http.StatusOK || doc.Find(".notice").Length() != 1 {
			t.Errorf("status %d with %d notices, want 200 and a notice", resp.StatusCode, doc.Find(".notice").Length())
		}
		if edits, _ := ta.db.TranslationEdits(ctx, survey.SetUI, "pl"); len(edits) != 0 {
			t.Errorf("edits %+v, want none stored by a check", edits)
		}
	})
	t.Run("EditReopensReview", func(t *testing.T) {
		if resp, _ := edit(good, ""); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d, want 303", resp.StatusCode)
		}
		edits, err := ta.db.TranslationEdits(ctx, survey.SetUI, "pl")
		if err != nil || len(edits) != 1 || edits[0].Text["error.text_too_long"] != good || edits[0].By != "ola@example.org" {
			t.Fatalf("edits %+v (%v), want the Polish edit", edits, err)
		}
		_, doc := b.get(t, page)
		if got := doc.Find("#" + field).Text(); got != good {
			t.Errorf("textarea %q, want the edit %q", got, good)
		}
		if got := doc.Find("#review-state").Text(); !strings.Contains(got, "to review again") {
			t.Errorf("review state %q, want reopened", got)
		}
		if !doc.Find("#serror-text_too_long").HasClass("changed") {
			t.Error("the edited string is not marked changed since the sign-off")
		}
		if got := ta.auditActions(t); !slices.Contains(got, staff.AuditTranslationEdited) {
			t.Errorf("audit %v, want %s", got, staff.AuditTranslationEdited)
		}
	})
	t.Run("ChildrenSeeUIEdit", func(t *testing.T) {
		if resp, _ := b.post(t, page+"/strings", url.Values{"id": {"help.title"}, "shelp-title-other": {"Gdzie szukać pomocy – poprawione"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d, want 303", resp.StatusCode)
		}
		_, doc := ta.get(t, "/s/community-safety/help?lang=pl")
		if got, want := strings.TrimSpace(doc.Find("h1").Text()), "Gdzie szukać pomocy – poprawione"; got != want {
			t.Errorf("child's help page heading %q, want the edit %q", got, want)
		}
		if _, doc := ta.get(t, "/s/community-safety/help?lang=uk"); strings.Contains(doc.Find("h1").Text(), "poprawione") {
			t.Error("the Polish edit shows in Ukrainian")
		}
	})
	t.Run("Comment", func(t *testing.T) {
		resp, _ := b.post(t, page+"/comments", url.Values{"id": {"error.text_too_long"}, "serror-text_too_long-comment": {"Czy „wpisano” brzmi dobrze?"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d, want 303", resp.StatusCode)
		}
		_, doc := b.get(t, page)
		if got := doc.Find("#serror-text_too_long .comments li").Text(); !strings.Contains(got, "Czy „wpisano” brzmi dobrze?") || !strings.Contains(got, "ola@example.org") {
			t.Errorf("comments %q", got)
		}
	})
	t.Run("SurveyText", func(t *testing.T) {
		resp, doc := b.get(t, "/staff/translations/uk/survey:community-safety")
		if resp.StatusCode != http.StatusOK || doc.Find("#stitle textarea").Text() == "" {
			t.Errorf("status %d, title textarea %q: want the Ukrainian title to edit", resp.StatusCode, doc.Find("#stitle textarea").Text())
		}
	})
}
