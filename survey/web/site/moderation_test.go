package site_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/staff"
)

// seedText stores a response of the current version with one answer to needs_done, flagged
// for reasons when there are any, and returns the answer's id.
func (ta *testApp) seedText(t *testing.T, id, lang, text string, reasons ...string) string {
	t.Helper()
	return ta.seedChannelText(t, id, "", lang, text, reasons...)
}

// seedChannelText is seedText for an answer sent through the channel with code.
func (ta *testApp) seedChannelText(t *testing.T, id, code, lang, text string, reasons ...string) string {
	t.Helper()
	r := &survey.Response{ID: id, Survey: slug, Version: mustSurvey(t, ta).Version, Lang: lang, Date: "2026-11-24", Channel: code,
		Answers: survey.Answers{"safe_home": {Choices: []string{"yes"}}, "needs_done": {Text: text}}}
	if len(reasons) > 0 {
		r.Flags = []survey.Flag{{Question: "needs_done", Reasons: reasons}}
	}
	if _, err := ta.db.SaveResponse(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	return survey.AnswerID(id, "needs_done")
}

func TestFlaggedPage(t *testing.T) {
	ta := newTestApp(t)
	if err := ta.db.CreateChannel(context.Background(), &survey.Channel{Code: "QRSTUV", Survey: slug, Name: "Oak school", Setting: survey.SettingSchool, Area: "Northgate"}); err != nil {
		t.Fatal(err)
	}
	knife := ta.seedText(t, "F2", "en", "someone has a knife", "weapon")
	hurt := ta.seedChannelText(t, "F1", "QRSTUV", "ar", "يضربني أبي", "hurt", "unsafe_home")
	ta.seedText(t, "F3", "en", "more lights please")
	ta.addStaff(t, "lead@example.org", staff.SafeguardingLead)
	b := ta.signIn(t, "lead@example.org")
	if _, doc := b.get(t, "/staff"); doc.Find(`a[href="/staff/surveys/`+slug+`/flagged"]`).Length() != 1 || doc.Find(".badge.unreviewed").Text() != "Not reviewed: 2" {
		t.Errorf("the home page does not link the flagged answers with their count: %q", doc.Find(".badge.unreviewed").Text())
	}
	page := "/staff/surveys/" + slug + "/flagged"
	resp, doc := b.get(t, page)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if got := doc.Find(".guidance li").Length(); got != 4 || !strings.Contains(doc.Find(".guidance").Text(), "anonymous") {
		t.Errorf("guidance: %d points, %q", got, doc.Find(".guidance").Text())
	}
	answers := doc.Find("li.flagged-answer")
	if got := answers.Map(func(_ int, s *goquery.Selection) string { return s.AttrOr("id", "") }); !slices.Equal(got, []string{"answer-" + hurt, "answer-" + knife}) {
		t.Fatalf("answers = %q, want the unsafe home before the knife", got)
	}
	if doc.Find(`#filter-open[aria-current="page"]`).Length() != 1 || doc.Find("#filter-reviewed").AttrOr("href", "") != page+"?show=reviewed" {
		t.Error("the queue does not default to the answers not reviewed, with a link to the reviewed ones")
	}
	if got := answers.First().Find("button.mark-reviewed").Text(); got != "Mark as reviewed" {
		t.Errorf("primary button = %q", got)
	}
	if got := doc.Find("#answer-" + hurt + " .place").Text(); got != "School, Northgate" || strings.Contains(doc.Text(), "QRSTUV") {
		t.Errorf("place = %q, or the channel code is shown", got)
	}
	if got := doc.Find("#answer-" + knife + " .place").Text(); got != "Sent without a channel" {
		t.Errorf("place without a channel = %q", got)
	}
	if got := doc.Find("#by-area tbody tr").Length(); got != 2 || doc.Find("#by-area tbody tr th").First().Text() != "Northgate" && doc.Find("#by-area tbody tr th").Last().Text() != "Northgate" {
		t.Errorf("by area: %d rows %q", got, doc.Find("#by-area tbody").Text())
	}
	first := doc.Find("#answer-" + hurt)
	if q := first.Find("blockquote"); q.AttrOr("lang", "") != "ar" || q.AttrOr("dir", "") != "rtl" || strings.TrimSpace(q.Text()) != "يضربني أبي" {
		t.Errorf("quote = %q lang %q dir %q", q.Text(), q.AttrOr("lang", ""), q.AttrOr("dir", ""))
	}
	if got := first.Find(".reasons").Text(); got != "Being hurt, Not safe at home" {
		t.Errorf("reasons = %q", got)
	}
	rows := doc.Find("#by-reason tbody tr").Map(func(_ int, s *goquery.Selection) string { return s.Find("th").Text() + "=" + s.Find("td").Text() })
	if want := []string{"Being hurt=1", "Weapons=1", "Not safe at home=1"}; !slices.Equal(rows, want) {
		t.Errorf("by reason = %q, want %q", rows, want)
	}
	if got := doc.Find("#by-week tbody tr").Text(); got != "23 November 20262" {
		t.Errorf("by week = %q, want the week of Monday 23 November with 2", got)
	}
	if _, ar := b.get(t, page+"?lang=ar"); !strings.Contains(ar.Find("#answer-"+hurt+" .reasons").Text(), "، ") ||
		!strings.HasSuffix(ar.Find("#by-week tbody tr td").Text(), "٢") {
		t.Errorf("in Arabic: reasons %q, week count %q, want Arabic commas and digits",
			ar.Find("#answer-"+hurt+" .reasons").Text(), ar.Find("#by-week tbody tr td").Text())
	}
	if strings.Contains(doc.Text(), "more lights") {
		t.Error("an answer that was not flagged is listed")
	}

	t.Run("OKMarkReviewed", func(t *testing.T) {
		resp, _ := b.post(t, page+"/"+hurt, url.Values{"reviewed": {"1"}, "outcome": {"front_door", "school"}})
		wantStatus(t, resp, http.StatusSeeOther, page+"?notice=reviewed")
		_, doc := b.get(t, page)
		if doc.Find("#answer-"+hurt).Length() != 0 || doc.Find("li.flagged-answer").Length() != 1 {
			t.Error("a reviewed answer is still in the queue of answers not reviewed")
		}
		_, doc = b.get(t, page+"?show=reviewed")
		if !doc.Find("#answer-"+hurt).HasClass("reviewed") || doc.Find("li.flagged-answer").Length() != 1 {
			t.Error("the answer is not shown among the reviewed")
		}
		if got := doc.Find("#answer-" + hurt + " .outcomes").Text(); got != "Escalated to the front door or MASH, Passed to the school" {
			t.Errorf("what was done = %q", got)
		}
		if got := doc.Find(`button[name="reviewed"][value="0"]`).Length(); got != 1 {
			t.Errorf("%d buttons to undo a review, want 1", got)
		}
		if _, home := b.get(t, "/staff"); home.Find(".badge.unreviewed").Text() != "Not reviewed: 1" {
			t.Errorf("home count after a review = %q", home.Find(".badge.unreviewed").Text())
		}
		var detail string
		if err := ta.db.EachAuditEntry(context.Background(), func(e staff.AuditEntry) error {
			if e.Action == staff.AuditFlaggedReviewed {
				detail = e.Detail
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if detail != hurt+" front_door,school" {
			t.Errorf("audit detail = %q, want the answer and what was done", detail)
		}
	})
	t.Run("ErrOutcome", func(t *testing.T) {
		resp, _ := b.post(t, page+"/"+knife, url.Values{"reviewed": {"1"}, "outcome": {"no_action", "police"}})
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("status %d, want 422", resp.StatusCode)
		}
	})
	t.Run("OKAllReviewed", func(t *testing.T) {
		resp, _ := b.post(t, page+"/"+knife, url.Values{"reviewed": {"1"}, "outcome": {"no_action"}})
		wantStatus(t, resp, http.StatusSeeOther, page+"?notice=reviewed")
		_, doc := b.get(t, page)
		if doc.Find("li.flagged-answer").Length() != 0 || doc.Find("#filter-reviewed").Length() != 1 || doc.Find("#by-reason").Length() != 1 {
			t.Error("with every answer reviewed, the queue loses its tabs or patterns")
		}
		if got := doc.Find("#answers-title ~ .empty").Text(); got != "Every flagged answer has been reviewed." {
			t.Errorf("empty queue says %q", got)
		}
	})
	t.Run("ErrNotLead", func(t *testing.T) {
		ta.addStaff(t, "scrutineer@example.org", staff.Scrutineer)
		sb := ta.signIn(t, "scrutineer@example.org")
		if resp, _ := sb.get(t, page); resp.StatusCode != http.StatusForbidden {
			t.Errorf("a scrutineer gets %d on the queue, want 403", resp.StatusCode)
		}
		if _, home := sb.get(t, "/staff"); home.Find(".badge.unreviewed").Length() != 0 || strings.Contains(home.Text(), "Northgate") {
			t.Error("a scrutineer sees the flagged count or an answer's area")
		}
	})
	t.Run("ErrNotFlagged", func(t *testing.T) {
		resp, _ := b.post(t, page+"/"+survey.AnswerID("F3", "needs_done"), url.Values{"reviewed": {"1"}})
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("status %d, want 404", resp.StatusCode)
		}
	})
	actions := ta.auditActions(t)
	if !slices.Contains(actions, staff.AuditFlaggedViewed) || !slices.Contains(actions, staff.AuditFlaggedReviewed) {
		t.Errorf("audit = %q, want the viewing and the review", actions)
	}
}

// seedTexts stores n answers to needs_done, the first flagged, and returns their ids in order.
func (ta *testApp) seedTexts(t *testing.T, n int) []string {
	t.Helper()
	var ids []string
	for i := range n {
		text, reasons := fmt.Sprintf("answer %d: more street lights", i), []string(nil)
		if i == 0 {
			text, reasons = "he hits me", []string{"hurt"}
		}
		ids = append(ids, ta.seedText(t, fmt.Sprintf("T%02d", i), []string{"en", "pl", "ur"}[i%3], text, reasons...))
	}
	return ids
}

func TestTextsPage(t *testing.T) {
	ta := newTestApp(t)
	ta.addStaff(t, "kid@example.org", staff.Scrutineer)
	page := "/staff/surveys/" + slug + "/texts/needs_done"
	b := ta.signIn(t, "kid@example.org")
	if _, doc := b.get(t, "/staff"); doc.Find(`a[href="`+page+`"]`).Length() != 1 {
		t.Error("the home page does not link the written answers")
	}
	ids := ta.seedTexts(t, 9)

	t.Run("OKTooFew", func(t *testing.T) {
		resp, doc := b.get(t, page)
		if resp.StatusCode != http.StatusOK || doc.Find("#too-few").Length() != 1 || doc.Find(".text-answer").Length() != 0 {
			t.Fatalf("status %d, too-few %d, answers %d", resp.StatusCode, doc.Find("#too-few").Length(), doc.Find(".text-answer").Length())
		}
		if got := doc.Find("#too-few").Text(); !strings.Contains(got, "at least 10") || strings.Contains(got, "9") || strings.Contains(got, "1 more") {
			t.Errorf("too few = %q: wants the minimum, never how many there are", got)
		}
	})
	ids = append(ids, ta.seedText(t, "T09", "en", "police on the street"))
	resp, doc := b.get(t, page)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	shown := doc.Find("li.text-answer").Map(func(_ int, s *goquery.Selection) string { return s.AttrOr("id", "") })
	if len(shown) != 10 {
		t.Fatalf("%d answers, want 10", len(shown))
	}
	// By answer id, which differs from question to question: the order links no two answers.
	if !slices.IsSorted(shown) {
		t.Errorf("answers in the order %q, want by answer id", shown)
	}
	flagged := doc.Find("#answer-" + ids[0])
	if strings.Contains(doc.Text(), "he hits me") || flagged.Find(".flagged-note").Length() != 1 || flagged.Find("form").Length() != 0 {
		t.Error("a flagged answer is shown to scrutineers, or offered as a quote")
	}
	urdu := doc.Find("#answer-" + ids[2] + " blockquote")
	if urdu.AttrOr("lang", "") != "ur" || urdu.AttrOr("dir", "") != "rtl" {
		t.Errorf("answer in Urdu: lang %q dir %q", urdu.AttrOr("lang", ""), urdu.AttrOr("dir", ""))
	}
	if doc.Find(`#answer-`+ids[1]+` input[name="theme"][value="lighting"]:checked`).Length() != 1 {
		t.Error("the suggested theme is not ticked")
	}
	// Nine of ten mention lighting: 8 unflagged plus none for the flagged one; lighting 8 is suppressed.
	if got := doc.Find("#theme-lighting td").Text(); got != "suppressed" {
		t.Errorf("lighting count = %q, want suppressed (8 < 10)", got)
	}
	if got := doc.Find("#theme-cctv td").Text(); got != "0" {
		t.Errorf("cctv count = %q, want 0", got)
	}

	t.Run("OKThemes", func(t *testing.T) {
		resp, _ := b.post(t, page+"/"+ids[1]+"/themes", url.Values{"theme": {"police", "cctv"}})
		wantStatus(t, resp, http.StatusSeeOther, page+"?notice=themes#answer-"+ids[1])
		_, doc := b.get(t, page)
		got := doc.Find(`#answer-` + ids[1] + ` input[name="theme"]:checked`).Map(func(_ int, s *goquery.Selection) string { return s.AttrOr("value", "") })
		if want := []string{"police", "cctv"}; !slices.Equal(got, want) {
			t.Errorf("ticked themes = %q, want %q", got, want)
		}
		if resp, _ := b.post(t, page+"/"+ids[1]+"/themes", url.Values{"theme": {"made_up"}}); resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("unknown theme: status %d, want 422", resp.StatusCode)
		}
	})
	t.Run("ErrFlaggedThemes", func(t *testing.T) {
		if resp, _ := b.post(t, page+"/"+ids[0]+"/themes", url.Values{"theme": {"police"}}); resp.StatusCode != http.StatusNotFound {
			t.Errorf("tagging a flagged answer: status %d, want 404", resp.StatusCode)
		}
	})
	t.Run("ErrFlaggedQuote", func(t *testing.T) {
		if resp, _ := b.post(t, page+"/"+ids[0]+"/quote", nil); resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("quoting a flagged answer: status %d, want 422", resp.StatusCode)
		}
	})
	t.Run("ErrUnknownAnswer", func(t *testing.T) {
		if resp, _ := b.post(t, page+"/nope/quote", nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("status %d, want 404", resp.StatusCode)
		}
		if resp, _ := b.get(t, "/staff/surveys/"+slug+"/texts/safe_home"); resp.StatusCode != http.StatusNotFound {
			t.Errorf("a choice question: status %d, want 404", resp.StatusCode)
		}
	})
}

func TestQuoteApproval(t *testing.T) {
	ta := newTestApp(t)
	ids := ta.seedTexts(t, 12)
	ta.addStaff(t, "kid@example.org", staff.Scrutineer)
	ta.addStaff(t, "friend@example.org", staff.Scrutineer)
	ta.addStaff(t, "boss@example.org", staff.Admin)
	page := "/staff/surveys/" + slug + "/texts/needs_done"
	kid, friend, boss := ta.signIn(t, "kid@example.org"), ta.signIn(t, "friend@example.org"), ta.signIn(t, "boss@example.org")
	quoted := ids[2] // Urdu
	resp, _ := kid.post(t, page+"/"+quoted+"/quote", nil)
	wantStatus(t, resp, http.StatusSeeOther, page+"?notice=proposed#answer-"+quoted)
	if got := publishedQuotes(t, ta); len(got) != 0 {
		t.Fatalf("a proposed quote is published: %v", got)
	}
	if _, doc := kid.get(t, page); doc.Find(`#answer-`+quoted+` form[action$="/approve"]`).Length() != 0 {
		t.Error("the scrutineer who proposed the quote is offered to approve it")
	}
	if resp, _ := kid.post(t, page+"/"+quoted+"/approve", nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("approving one's own proposal: status %d, want 403", resp.StatusCode)
	}
	_, doc := friend.get(t, page)
	if doc.Find(`#answer-`+quoted+` form[action$="/approve"]`).Length() != 1 {
		t.Fatal("a second scrutineer is not offered to approve the proposed quote")
	}
	resp, _ = friend.post(t, page+"/"+quoted+"/approve", nil)
	wantStatus(t, resp, http.StatusSeeOther, page+"?notice=approved#answer-"+quoted)
	got := publishedQuotes(t, ta)
	if len(got) != 1 || got[0].Lang != "ur" || got[0].Question != "needs_done" || !strings.HasPrefix(got[0].Text, "answer 2") || !slices.Equal(got[0].Themes, []string{"lighting"}) {
		t.Fatalf("published quotes = %+v", got)
	}
	_, doc = ta.get(t, "/s/"+slug+"/findings")
	if q := doc.Find(".quotes blockquote"); q.Length() != 1 || q.AttrOr("lang", "") != "ur" || q.AttrOr("dir", "") != "rtl" || !strings.HasPrefix(q.Text(), "answer 2") {
		t.Errorf("findings page quotes = %q", q.Text())
	}
	if text := ta.findingsPDF(t, "en"); !strings.Contains(text, "answer 2: more street lights") {
		t.Errorf("findings PDF lacks the approved quote: %s", text)
	}
	mustSurvey(t, ta).Status = survey.StatusClosed
	_, doc = ta.get(t, "/s/"+slug)
	if q := doc.Find(".quotes blockquote"); q.Length() != 1 || q.AttrOr("dir", "") != "rtl" {
		t.Errorf("results page quotes: %d", q.Length())
	}

	t.Run("ErrSamePerson", func(t *testing.T) {
		if resp, _ := boss.post(t, page+"/"+ids[3]+"/quote", nil); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("admin proposing: %d", resp.StatusCode)
		}
		if resp, _ := boss.post(t, page+"/"+ids[3]+"/approve", nil); resp.StatusCode != http.StatusForbidden {
			t.Errorf("approving one's own quote: status %d, want 403", resp.StatusCode)
		}
	})
	t.Run("OKWithdrawn", func(t *testing.T) {
		resp, _ := kid.post(t, page+"/"+quoted+"/withdraw", nil)
		wantStatus(t, resp, http.StatusSeeOther, page+"?notice=withdrawn#answer-"+quoted)
		if got := publishedQuotes(t, ta); len(got) != 0 {
			t.Errorf("a withdrawn quote is published: %v", got)
		}
		if text := ta.findingsPDF(t, "en"); strings.Contains(text, "answer 2") {
			t.Errorf("findings PDF still has the withdrawn quote: %s", text)
		}
	})
	actions := ta.auditActions(t)
	for _, a := range []string{staff.AuditQuoteProposed, staff.AuditQuoteApproved, staff.AuditQuoteWithdrawn} {
		if !slices.Contains(actions, a) {
			t.Errorf("audit = %q, lacks %s", actions, a)
		}
	}
}

// publishedQuotes reads the quotes of the summary API.
func publishedQuotes(t *testing.T, ta *testApp) []survey.Quote {
	t.Helper()
	resp, body := ta.api(t, http.MethodGet, "/api/v1/surveys/"+slug+"/summary", "")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("summary: %d %s", resp.StatusCode, body)
	}
	var sum struct {
		Quotes []survey.Quote `json:"quotes"`
		Themes []any          `json:"themes"`
	}
	if err := json.Unmarshal(body, &sum); err != nil {
		t.Fatal(err)
	}
	if sum.Quotes == nil || sum.Themes == nil {
		t.Fatalf("summary lacks quotes or themes: %s", body)
	}
	return sum.Quotes
}

// TestPublishedThemes: the summary and the findings page count the themes people chose, never
// unchecked suggestions, each count through suppression.
func TestPublishedThemes(t *testing.T) {
	ta := newTestApp(t)
	ids := ta.seedTexts(t, 14)
	if _, doc := ta.get(t, "/s/"+slug+"/findings"); doc.Find("#themes").Length() != 0 {
		t.Error("the findings page counts themes nobody chose")
	}
	ta.addStaff(t, "kid@example.org", staff.Scrutineer)
	b := ta.signIn(t, "kid@example.org")
	page := "/staff/surveys/" + slug + "/texts/needs_done"
	for i, id := range ids[1:] { // the first is flagged
		themes := []string{"lighting"}
		if i < 3 {
			themes = append(themes, "police")
		}
		if resp, _ := b.post(t, page+"/"+id+"/themes", url.Values{"theme": themes}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("themes of answer %d: %d", i, resp.StatusCode)
		}
	}
	resp, body := ta.api(t, http.MethodGet, "/api/v1/surveys/"+slug+"/summary", "")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("summary: %d", resp.StatusCode)
	}
	var sum struct{ Themes []survey.ThemeCount }
	if err := json.Unmarshal(body, &sum); err != nil {
		t.Fatal(err)
	}
	if len(sum.Themes) < 2 || sum.Themes[0].ID != "lighting" || sum.Themes[0].Count == nil || *sum.Themes[0].Count != 13 {
		t.Fatalf("themes = %+v, want lighting 13 first", sum.Themes)
	}
	for _, tc := range sum.Themes {
		if tc.ID == "police" && (tc.Count != nil || !tc.Suppressed) {
			t.Errorf("police = %+v, want 3 suppressed", tc)
		}
	}
	_, doc := ta.get(t, "/s/"+slug+"/findings")
	got := doc.Find("#themes li").Map(func(_ int, s *goquery.Selection) string { return s.Text() })
	if want := []string{"Street lighting: 13", "Police presence: suppressed"}; !slices.Equal(got, want) {
		t.Errorf("findings themes = %q, want %q", got, want)
	}
	if text := ta.findingsPDF(t, "en", "findings-report.pdf"); !strings.Contains(text, "Street lighting: 13 Police presence: suppressed") || strings.Contains(text, "presence: 3") {
		t.Errorf("findings PDF themes are not as on the page: %s", text)
	}
}
