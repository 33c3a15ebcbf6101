package site_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/safeguarding/safetysurvey/i18n"
	"github.com/safeguarding/safetysurvey/survey"
)

func TestResultsPage(t *testing.T) {
	ta := newTestApp(t)
	seedFindings(t, ta)
	mustSurvey(t, ta).Status = survey.StatusClosed
	resp, doc := ta.get(t, "/s/"+slug+"?c=K7P3QX")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("closed survey with published findings: status %d, want 200 and the results", resp.StatusCode)
	}
	if h1 := doc.Find("h1").Text(); h1 != "You said, we did" {
		t.Errorf("h1 = %q", h1)
	}
	if !strings.Contains(doc.Find(".lead").Text(), "69 children and young people answered") {
		t.Errorf("lead = %q, want the 69 who answered", doc.Find(".lead").Text())
	}
	if got := doc.Find(".big-numbers li strong").First().Text(); got != "53.8%" {
		t.Errorf("first big number = %q, want 53.8%% (35 of 65 feel safe in their area)", got)
	}
	top := doc.Find("ol.top").First().Find("li").Map(func(_ int, s *goquery.Selection) string { return s.Text() })
	want := []string{"Better street lights at night (53.8%)", "More police in places that feel unsafe (46.2%)", "More CCTV cameras (30.8%)"}
	if strings.Join(top, "|") != strings.Join(want, "|") {
		t.Errorf("top answers = %q, want %q", top, want)
	}
	if got := doc.Find("ul.did li").Length(); got != 4 {
		t.Errorf("%d actions, want 4", got)
	}
	if doc.Find(".support").Length() != 1 || doc.Find("a#exit").Length() != 1 {
		t.Error("the results page lacks the help section or the quick exit")
	}
	if href, _ := doc.Find(`a[href^="/s/community-safety/findings"]`).Attr("href"); href != "/s/community-safety/findings?lang=en" {
		t.Errorf("link to all findings = %q", href)
	}

	t.Run("OKEveryLanguage", func(t *testing.T) {
		for _, code := range mustSurvey(t, ta).LanguageCodes() {
			resp, doc := ta.get(t, "/s/"+slug+"?lang="+code)
			lang, _ := doc.Find("html").Attr("lang")
			dir, _ := doc.Find("html").Attr("dir")
			if resp.StatusCode != http.StatusOK || lang != code || dir != i18n.Describe(code).Dir {
				t.Errorf("%s: status %d, lang %q, dir %q", code, resp.StatusCode, lang, dir)
			}
			if doc.Find(`nav.langs a[aria-current="page"]`).AttrOr("lang", "") != code {
				t.Errorf("%s: the language links do not mark this language", code)
			}
		}
	})
	t.Run("OKFormStillSaysClosed", func(t *testing.T) {
		resp, _ := ta.postForm(t, "/s/"+slug, map[string][]string{"key": {"closed-form-key-00002"}, "q.area": {"putney"}})
		if resp.StatusCode != http.StatusGone {
			t.Errorf("a form sent after closing: %d, want 410", resp.StatusCode)
		}
	})
}
