package site_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/safeguarding/safetysurvey/survey/design"
	"github.com/safeguarding/safetysurvey/survey/staff"
)

// formValues is what a browser sends for the form: its inputs, ticked boxes and chosen options,
// and the button pressed (name=value), if any.
func formValues(t *testing.T, doc *goquery.Document, form, button string) url.Values {
	t.Helper()
	f := doc.Find(form)
	if f.Length() != 1 {
		t.Fatalf("%d forms match %s", f.Length(), form)
	}
	v := url.Values{}
	f.Find("input, textarea, select").Each(func(_ int, s *goquery.Selection) {
		name, ok := s.Attr("name")
		if _, disabled := s.Attr("disabled"); !ok || disabled {
			return
		}
		switch {
		case goquery.NodeName(s) == "textarea":
			v.Add(name, s.Text())
		case goquery.NodeName(s) == "select":
			v.Add(name, s.Find("option[selected]").AttrOr("value", s.Find("option").First().AttrOr("value", "")))
		case s.AttrOr("type", "text") == "checkbox" || s.AttrOr("type", "") == "radio":
			if _, checked := s.Attr("checked"); checked {
				v.Add(name, s.AttrOr("value", "on"))
			}
		case s.AttrOr("type", "") == "file":
		default:
			v.Add(name, s.AttrOr("value", ""))
		}
	})
	if name, value, ok := strings.Cut(button, "="); ok {
		v.Set(name, value)
	}
	return v
}

func TestDesignWorkflow(t *testing.T) {
	ta := newTestApp(t)
	ta.addStaff(t, "ada@example.org", staff.Admin)
	ta.addStaff(t, "sam@example.org", staff.Scrutineer)
	ta.addStaff(t, "lee@example.org", staff.SafeguardingLead)
	admin, scrutineer, lead := ta.signIn(t, "ada@example.org"), ta.signIn(t, "sam@example.org"), ta.signIn(t, "lee@example.org")
	live, _ := ta.surveys.Get(slug)
	first := live.Questions[0]

	_, doc := scrutineer.get(t, "/staff/drafts")
	resp, _ := scrutineer.post(t, "/staff/drafts", formValues(t, doc, `form[action="/staff/drafts"]`, ""))
	draftURL := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(draftURL, "/staff/drafts/"+slug+"@") {
		t.Fatalf("start a draft: %d to %q", resp.StatusCode, draftURL)
	}

	t.Run("OKEditorShowsEveryLanguage", func(t *testing.T) {
		resp, doc := scrutineer.get(t, draftURL)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d", resp.StatusCode)
		}
		if got := doc.Find("#about .lang-row").Length(); got != 3*len(live.Languages) {
			t.Errorf("title, intro and thanks in %d language rows, want %d", got, 3*len(live.Languages))
		}
		if src := doc.Find("iframe#preview").AttrOr("src", ""); src != draftURL+"/preview?lang=en" {
			t.Errorf("preview frame src %q", src)
		}
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-src 'self'") {
			t.Errorf("the editor's policy %q does not allow the preview frame", csp)
		}
		if doc.Find(`a[target=preview][lang=ar]`).Length() != 1 {
			t.Error("no link to the Arabic preview")
		}
	})

	// Change the first question's English wording through its form, as a browser would.
	qURL := draftURL + "/questions/" + first.ID
	_, doc = scrutineer.get(t, qURL)
	form := formValues(t, doc, "form.staff-form", "do=save")
	form.Set("text.en", "Which part of Wandsworth is your home in?")
	resp, _ = scrutineer.post(t, qURL, form)
	wantStatus(t, resp, http.StatusSeeOther, draftURL+"?notice=saved#q-"+first.ID)

	t.Run("ErrStaleForm", func(t *testing.T) {
		if resp, _ := scrutineer.post(t, qURL, form); resp.StatusCode != http.StatusConflict {
			t.Errorf("a form from an older revision: %d, want 409", resp.StatusCode)
		}
	})
	t.Run("ErrProblemsShownByTheField", func(t *testing.T) {
		_, doc := scrutineer.get(t, qURL)
		bad := formValues(t, doc, "form.staff-form", "do=save")
		bad.Set("opt.0.id", "Not An Id")
		resp, doc := scrutineer.post(t, qURL, bad)
		if resp.StatusCode != http.StatusUnprocessableEntity || doc.Find("#options .error-list li").Length() == 0 {
			t.Fatalf("status %d, options problems %q", resp.StatusCode, doc.Find("#options .error-list").Text())
		}
		if got := doc.Find(`input[name="text.en"]`).AttrOr("value", ""); got != "Which part of Wandsworth is your home in?" {
			t.Errorf("the form lost what was typed: %q", got)
		}
	})
	// The problem reads in the page's language: English by default, Arabic when asked for.
	for _, tc := range []struct{ lang, reason string }{
		{"en", "short name “Not An Id” must start with a letter and use only a-z, 0-9 and _"},
		{"ar", "الاسم القصير «Not An Id» يجب أن يبدأ بحرف ويستخدم فقط a-z و0-9 و_"},
	} {
		t.Run("OKProblemIn_"+tc.lang, func(t *testing.T) {
			_, doc := scrutineer.get(t, qURL)
			bad := formValues(t, doc, "form.staff-form", "do=save")
			bad.Set("opt.0.id", "Not An Id")
			resp, doc := scrutineer.post(t, qURL+"?lang="+tc.lang, bad)
			if resp.StatusCode != http.StatusUnprocessableEntity || doc.Find("html").AttrOr("lang", "") != tc.lang {
				t.Fatalf("status %d, page language %q", resp.StatusCode, doc.Find("html").AttrOr("lang", ""))
			}
			field := "question `" + first.ID + "`: option `Not An Id`"
			items := doc.Find("#options .error-list li")
			if items.FilterFunction(func(_ int, li *goquery.Selection) bool {
				return li.Text() == field+": "+tc.reason && li.Find(`code[lang=en][dir=ltr]`).Text() == field
			}).Length() != 1 {
				t.Errorf("options problems %q, want %q", items.Text(), field+": "+tc.reason)
			}
			if items.Filter("[lang]").Length() != 0 {
				t.Error("a problem is marked as being in another language than the page")
			}
		})
	}
	t.Run("OKOptionMovedDown", func(t *testing.T) {
		_, doc := scrutineer.get(t, qURL)
		resp, _ := scrutineer.post(t, qURL, formValues(t, doc, "form.staff-form", "do=down.0"))
		wantStatus(t, resp, http.StatusSeeOther, qURL+"?notice=saved#options")
		_, doc = scrutineer.get(t, qURL)
		if got := doc.Find(`input[name="opt.1.id"]`).AttrOr("value", ""); got != first.Options[0].ID {
			t.Errorf("second option is %q, want %q", got, first.Options[0].ID)
		}
		resp, _ = scrutineer.post(t, qURL, formValues(t, doc, "form.staff-form", "do=up.1"))
		wantStatus(t, resp, http.StatusSeeOther, qURL+"?notice=saved#options")
	})

	t.Run("OKWhatChanged", func(t *testing.T) {
		resp, doc := lead.get(t, draftURL+"/changes")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d", resp.StatusCode)
		}
		row := doc.Find("tbody tr").FilterFunction(func(_ int, r *goquery.Selection) bool {
			return r.Find("th code").Text() == first.ID && r.Find("td[lang=en] ins").Length() == 1
		})
		if row.Length() != 1 || row.Find("ins").Text() != "Which part of Wandsworth is your home in?" || row.Find("del").Text() != first.Text["en"] {
			t.Errorf("changes table: %q", doc.Find("tbody").Text())
		}
		if _, doc := lead.get(t, draftURL+"/changes?from=2&to=2"); doc.Find("tbody tr").Length() != 0 {
			t.Error("a revision compared with itself shows changes")
		}
	})
	t.Run("OKCommentAndResolve", func(t *testing.T) {
		commentURL := qURL + "/comments"
		lead.get(t, draftURL)
		resp, doc := lead.post(t, commentURL, url.Values{"comment": {" "}, "suggestion": {""}})
		if resp.StatusCode != http.StatusUnprocessableEntity || problem(doc) == "" {
			t.Fatalf("empty comment: %d, %q", resp.StatusCode, problem(doc))
		}
		resp, _ = lead.post(t, commentURL, url.Values{"comment": {"Some children say estate, not part."}, "suggestion": {"Where do you live?"}})
		wantStatus(t, resp, http.StatusSeeOther, draftURL+"?notice=commented#q-"+first.ID)
		_, doc = scrutineer.get(t, draftURL)
		open := doc.Find("#q-" + first.ID + " .comment:not(.resolved)")
		if open.Length() != 1 || open.Find("blockquote").Text() != "Where do you live?" || !strings.Contains(open.Text(), "lee@example.org") {
			t.Fatalf("open comments: %q", open.Text())
		}
		resolve := open.Find(`form[action$="/resolve"]`).AttrOr("action", "")
		resp, _ = scrutineer.post(t, resolve, url.Values{"question": {first.ID}})
		wantStatus(t, resp, http.StatusSeeOther, draftURL+"?notice=resolved#q-"+first.ID)
		_, doc = scrutineer.get(t, draftURL)
		if doc.Find("#q-"+first.ID+" .comment:not(.resolved)").Length() != 0 || doc.Find("#q-"+first.ID+" details .comment.resolved").Length() != 1 {
			t.Error("the resolved comment is not folded away")
		}
	})
	t.Run("OKPlainLanguageCheck", func(t *testing.T) {
		_, doc := scrutineer.get(t, draftURL)
		if !strings.Contains(doc.Find("#plain").Text(), "Reading age") {
			t.Errorf("plain-language section: %q", doc.Find("#plain").Text())
		}
	})
	t.Run("OKPreviewInArabic", func(t *testing.T) {
		resp, doc := lead.get(t, draftURL+"/preview?lang=ar")
		if resp.StatusCode != http.StatusOK || doc.Find("html").AttrOr("dir", "") != "rtl" || doc.Find("html").AttrOr("lang", "") != "ar" {
			t.Fatalf("status %d, html dir %q", resp.StatusCode, doc.Find("html").AttrOr("dir", ""))
		}
		if resp.Header.Get("X-Frame-Options") != "SAMEORIGIN" || !strings.Contains(resp.Header.Get("Content-Security-Policy"), "frame-ancestors 'self'") {
			t.Errorf("preview cannot be framed by the editor: %q, %q", resp.Header.Get("X-Frame-Options"), resp.Header.Get("Content-Security-Policy"))
		}
		f := doc.Find("form#survey")
		if _, ok := f.Attr("action"); ok || f.AttrOr("data-api", "") != "" || f.Find("button[type=submit]:not([disabled])").Length() != 0 {
			t.Error("the preview's form can send answers")
		}
		if doc.Find(".preview-note").Length() != 1 {
			t.Error("the preview does not say it is one")
		}
		_, doc = lead.get(t, draftURL+"/preview?lang=en")
		if got := doc.Find("#q-" + first.ID + " legend").Text(); !strings.Contains(got, "Which part of Wandsworth is your home in?") {
			t.Errorf("preview shows %q, not the new wording", got)
		}
	})
	t.Run("ErrLeadCannotEdit", func(t *testing.T) {
		_, doc := lead.get(t, draftURL)
		if doc.Find("#about input").Length() != 0 || doc.Find(`a[href="`+qURL+`"]`).Length() != 0 {
			t.Error("a safeguarding lead is offered the edit forms")
		}
	})

	step := func(t *testing.T, b *browser, name string, status int) {
		t.Helper()
		_, doc := b.get(t, draftURL)
		form := doc.Find(`form[action="` + draftURL + "/" + name + `"]`)
		if (form.Length() == 1) != (status == http.StatusSeeOther) {
			t.Fatalf("button for %s shown %d times, want it only when allowed", name, form.Length())
		}
		resp, _ := b.post(t, draftURL+"/"+name, nil)
		if resp.StatusCode != status {
			t.Fatalf("%s: status %d, want %d", name, resp.StatusCode, status)
		}
	}
	step(t, scrutineer, "open", http.StatusForbidden)
	step(t, scrutineer, "review", http.StatusSeeOther)
	t.Run("ErrNoEditInReview", func(t *testing.T) {
		_, doc := scrutineer.get(t, draftURL)
		if doc.Find(`form[action="`+draftURL+`/survey"]`).Length() != 0 {
			t.Error("a draft in review offers its edit form")
		}
		current, err := ta.design.Draft(context.Background(), strings.TrimPrefix(draftURL, "/staff/drafts/"))
		if err != nil {
			t.Fatal(err)
		}
		form.Set("rev", strconv.Itoa(current.Revision))
		if resp, doc := scrutineer.post(t, qURL, form); resp.StatusCode != http.StatusConflict || !strings.Contains(doc.Find("main").Text(), "Only a draft being written can change") {
			t.Errorf("edit in review: %d %q, want 409 saying only drafts change", resp.StatusCode, doc.Find("main").Text())
		}
		if resp, _ := scrutineer.get(t, qURL); resp.StatusCode != http.StatusConflict {
			t.Errorf("question form in review: %d, want 409", resp.StatusCode)
		}
	})
	step(t, lead, "approve", http.StatusForbidden)
	step(t, admin, "approve", http.StatusSeeOther)
	step(t, admin, "open", http.StatusConflict)
	step(t, scrutineer, "approve", http.StatusSeeOther)
	_, doc = admin.get(t, draftURL)
	if got := doc.Find(".workflow .status").Text(); got != "Approved" {
		t.Errorf("status shown %q, want Approved", got)
	}
	step(t, admin, "open", http.StatusSeeOther)

	// A child now gets the new version.
	resp, child := ta.get(t, "/s/"+slug+"?lang=en")
	if resp.StatusCode != http.StatusOK || !strings.Contains(child.Find("#q-"+first.ID+" legend").Text(), "Which part of Wandsworth is your home in?") {
		t.Fatalf("child's page: %d, %q", resp.StatusCode, child.Find("#q-"+first.ID+" legend").Text())
	}
	if cur, _ := ta.surveys.Get(slug); cur.Version != live.Version+1 {
		t.Errorf("catalog version %d, want %d", cur.Version, live.Version+1)
	}
	step(t, admin, "close", http.StatusSeeOther)
	if cur, _ := ta.surveys.Get(slug); cur.Status != "closed" {
		t.Errorf("closed, but the catalog says %s", cur.Status)
	}
	if _, child := ta.get(t, "/s/"+slug+"?lang=en"); child.Find("form#survey").Length() != 0 {
		t.Error("a closed survey still shows its form to children")
	}

	want := []string{staff.AuditDraftStarted, staff.AuditDraftSaved, staff.AuditDraftSaved, staff.AuditDraftSaved,
		staff.AuditCommentAdded, staff.AuditCommentResolved, staff.AuditDraftReview,
		staff.AuditDraftApproved, staff.AuditDraftApproved, staff.AuditSurveyOpened, staff.AuditSurveyClosed}
	var got []string
	for _, a := range ta.auditActions(t) {
		if a != staff.AuditUserCreated && a != staff.AuditSignIn {
			got = append(got, a)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("audit %q, want %q", got, want)
	}
}

// download fetches target as the browser and returns the body as it came.
func (b *browser) download(t *testing.T, target string) (*http.Response, []byte) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for _, c := range b.cookies {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	return b.ta.do(t, req)
}

// upload posts a multipart form with one file, as the import page's form sends it.
func (b *browser) upload(t *testing.T, target, field, name string, data []byte) (*http.Response, *goquery.Document) {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	if err := w.WriteField("_csrf", b.csrf); err != nil {
		t.Fatal(err)
	}
	f, err := w.CreateFormFile(field, name)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = f.Write(data)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.sendBody(t, http.MethodPost, target, &body, w.FormDataContentType())
}

func TestDesignExportImport(t *testing.T) {
	ta := newTestApp(t)
	ta.addStaff(t, "sam@example.org", staff.Scrutineer)
	b := ta.signIn(t, "sam@example.org")
	live, _ := ta.surveys.Get(slug)
	b.get(t, "/staff/drafts")
	resp, _ := b.post(t, "/staff/drafts", url.Values{"slug": {slug}})
	draftURL := resp.Header.Get("Location")
	draft, err := ta.design.Draft(context.Background(), strings.TrimPrefix(draftURL, "/staff/drafts/"))
	if err != nil {
		t.Fatal(err)
	}

	resp, data := b.download(t, draftURL+"/survey.yaml")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/yaml") ||
		!strings.Contains(resp.Header.Get("Content-Disposition"), fmt.Sprintf(`filename="%s-%d.yaml"`, slug, live.Version+1)) {
		t.Fatalf("export: %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"))
	}

	t.Run("OKImportGivesTheSameSurvey", func(t *testing.T) {
		copied := bytes.Replace(data, []byte("slug: "+slug+"\n"), []byte("slug: "+slug+"-copy\n"), 1)
		b.get(t, "/staff/drafts/import")
		resp, _ := b.upload(t, "/staff/drafts/import", "file", "copy.yaml", copied)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("import: %d", resp.StatusCode)
		}
		imported, err := ta.design.Draft(context.Background(), strings.TrimPrefix(resp.Header.Get("Location"), "/staff/drafts/"))
		if err != nil {
			t.Fatal(err)
		}
		changes := design.Compare(draft.Survey, imported.Survey)
		if len(changes) != 1 || changes[0].Field != "slug" {
			t.Errorf("export then import changed %+v, want only the slug", changes)
		}
	})
	t.Run("OKPasteEveryLanguage", func(t *testing.T) {
		// The ten-language demo is near 60 KB, and form-encoded over 100 KB: over the 64 KiB every
		// other request may send, within what the import takes.
		pasted := bytes.Replace(data, []byte("slug: "+slug+"\n"), []byte("slug: "+slug+"-pasted\n"), 1)
		form := url.Values{"yaml": {string(pasted)}}
		if len(form.Encode()) <= 64<<10 {
			t.Fatalf("the pasted survey is only %d bytes, which proves nothing", len(form.Encode()))
		}
		b.get(t, "/staff/drafts/import")
		if resp, _ := b.post(t, "/staff/drafts/import", form); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("pasting the exported demo: %d", resp.StatusCode)
		}
		// Refused before any handler runs (app.Test reports it as an error; a real client gets 413).
		refused := func(target string, body url.Values) bool {
			req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(body.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			resp, err := ta.app.Test(req, -1)
			return err != nil && strings.Contains(err.Error(), "body size exceeds") || err == nil && resp.StatusCode == http.StatusRequestEntityTooLarge
		}
		if !refused("/staff/drafts", form) {
			t.Error("another form took the import's body")
		}
		if !refused("/staff/drafts/import", url.Values{"yaml": {strings.Repeat("x", 1<<20)}}) {
			t.Error("the import took 1 MiB")
		}
	})
	t.Run("ErrImportShowsTheProblem", func(t *testing.T) {
		b.get(t, "/staff/drafts/import")
		broken := bytes.Replace(data, []byte("type: single"), []byte("type: sometimes"), 1)
		resp, doc := b.upload(t, "/staff/drafts/import", "file", "broken.yaml", broken)
		// In words with file, line and field, never as a bare message id.
		if got := doc.Find("#yaml-error").Text(); resp.StatusCode != http.StatusUnprocessableEntity ||
			!strings.Contains(got, ": type: “sometimes” must be single, multiple, scale or text") || strings.Contains(got, "definition.") {
			t.Errorf("import of a broken file: %d, %q", resp.StatusCode, doc.Find("#yaml-error").Text())
		}
		if doc.Find("textarea#yaml").Text() == "" {
			t.Error("the file's text is not kept to correct")
		}
	})
	t.Run("ErrSecondDraftOfTheVersion", func(t *testing.T) {
		b.get(t, "/staff/drafts/import")
		resp, doc := b.upload(t, "/staff/drafts/import", "file", "again.yaml", data)
		if resp.StatusCode != http.StatusConflict || problem(doc) == "" {
			t.Errorf("import over an existing draft: %d, %q", resp.StatusCode, problem(doc))
		}
	})
}

func TestDesignAboutForm(t *testing.T) {
	ta := newTestApp(t)
	ta.addStaff(t, "sam@example.org", staff.Scrutineer)
	b := ta.signIn(t, "sam@example.org")
	b.get(t, "/staff/drafts")
	resp, _ := b.post(t, "/staff/drafts", url.Values{"slug": {slug}})
	draftURL := resp.Header.Get("Location")
	id := strings.TrimPrefix(draftURL, "/staff/drafts/")
	about := `form[action="` + draftURL + `/survey"]`

	_, doc := b.get(t, draftURL)
	form := formValues(t, doc, about, "")
	form["languages"] = slices.DeleteFunc(form["languages"], func(code string) bool { return code == "pl" })
	form.Set("closes", "2027-03-31")
	form.Set("thanks.en", "Thank you for telling us.")
	form.Set("thanks.ar", "")
	resp, _ = b.post(t, draftURL+"/survey", form)
	wantStatus(t, resp, http.StatusSeeOther, draftURL+"?notice=saved#about")
	d, err := ta.design.Draft(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if d.Survey.Offers("pl") || !d.Survey.Offers("en") || !d.Survey.Offers("ar") || d.Survey.Closes != "2027-03-31" || d.Survey.Thanks["en"] != "Thank you for telling us." {
		t.Errorf("saved languages %v, closes %q, thanks %q", d.Survey.LanguageCodes(), d.Survey.Closes, d.Survey.Thanks["en"])
	}
	_, doc = b.get(t, draftURL)
	if doc.Find(`#about input[name="title.pl"]`).Length() != 0 || doc.Find(`#lang-pl:not([checked])`).Length() != 1 {
		t.Error("Polish is still offered after it was unticked")
	}
	missing := doc.Find("#about .lang-row.missing")
	if missing.Length() != 1 || missing.Find(`input[name="thanks.ar"]`).Length() != 1 || missing.Find(".tag-missing").Text() != "missing" {
		t.Errorf("the missing Arabic thanks is marked %d times: %q", missing.Length(), missing.Text())
	}

	t.Run("ErrBadDate", func(t *testing.T) {
		form := formValues(t, doc, about, "")
		form.Set("closes", "next March")
		resp, doc := b.post(t, draftURL+"/survey", form)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(doc.Find(".error-list").Text(), "closes") {
			t.Errorf("status %d, problems %q", resp.StatusCode, doc.Find(".error-list").Text())
		}
	})
}

func TestDesignUseSuggestion(t *testing.T) {
	ta := newTestApp(t)
	ta.addStaff(t, "sam@example.org", staff.Scrutineer)
	ta.addStaff(t, "lee@example.org", staff.SafeguardingLead)
	scrutineer, lead := ta.signIn(t, "sam@example.org"), ta.signIn(t, "lee@example.org")
	live, _ := ta.surveys.Get(slug)
	q := live.Questions[1].ID
	scrutineer.get(t, "/staff/drafts")
	resp, _ := scrutineer.post(t, "/staff/drafts", url.Values{"slug": {slug}})
	draftURL := resp.Header.Get("Location")
	lead.get(t, draftURL)
	lead.post(t, draftURL+"/questions/"+q+"/comments", url.Values{"suggestion": {"Do you feel safe at home?"}})

	_, doc := lead.get(t, draftURL)
	if doc.Find("#q-"+q+` form[action$="/use"]`).Length() != 0 {
		t.Error("a safeguarding lead is offered to change the wording")
	}
	_, doc = scrutineer.get(t, draftURL)
	use := doc.Find("#q-" + q + ` form[action$="/use"]`)
	if use.Length() != 1 {
		t.Fatal("no button to use the suggestion")
	}
	resp, _ = scrutineer.post(t, use.AttrOr("action", ""), formValues(t, doc, "#q-"+q+` form[action$="/use"]`, ""))
	wantStatus(t, resp, http.StatusSeeOther, draftURL+"?notice=saved#q-"+q)
	d, err := ta.design.Draft(context.Background(), strings.TrimPrefix(draftURL, "/staff/drafts/"))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := d.Survey.Question(q); got.Text["en"] != "Do you feel safe at home?" || got.Text["ar"] != live.Questions[1].Text["ar"] {
		t.Errorf("question text now %q", got.Text)
	}
	_, doc = scrutineer.get(t, draftURL)
	if doc.Find("#q-"+q+" .comment:not(.resolved)").Length() != 0 {
		t.Error("the used suggestion is still open")
	}
	if resp, _ := scrutineer.post(t, use.AttrOr("action", ""), url.Values{"rev": {strconv.Itoa(d.Revision)}, "question": {q}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("using a suggestion twice: %d, want 404", resp.StatusCode)
	}
}
