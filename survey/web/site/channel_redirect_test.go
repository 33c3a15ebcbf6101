package site_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/safeguarding/safetysurvey/survey"
)

// addChannel stores a channel of the demo survey straight in the store.
func (ta *testApp) addChannel(t *testing.T, ch survey.Channel) {
	t.Helper()
	ch.Survey = slug
	if err := ta.db.CreateChannel(context.Background(), &ch); err != nil {
		t.Fatal(err)
	}
}

func (ta *testApp) opened(t *testing.T, code string) int64 {
	t.Helper()
	opened, err := ta.db.Opened(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	return opened[code]
}

func TestShortLink(t *testing.T) {
	ta := newTestApp(t)
	ta.addChannel(t, survey.Channel{Code: "K7P3QX", Name: "Southfields Academy", Setting: survey.SettingSchool})
	for _, tc := range []struct{ name, path, want string }{
		{"OK", "/j/K7P3QX", "/s/community-safety?c=K7P3QX"},
		{"OKTypedInLowerCase", "/j/k7p3qx", "/s/community-safety?c=K7P3QX"},
		{"OKUnknownCodeGoesToTheSurvey", "/j/NQPE22", "/s/community-safety"},
		{"OKNotACode", "/j/%3Cscript%3E", "/s/community-safety"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, _ := ta.do(t, httptest.NewRequest(http.MethodGet, tc.path, nil))
			if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != tc.want {
				t.Errorf("%s: %d to %q, want 302 to %q", tc.path, resp.StatusCode, resp.Header.Get("Location"), tc.want)
			}
		})
	}
	if got := ta.opened(t, "K7P3QX"); got != 0 {
		t.Errorf("the redirect counted %d opens; only the survey page counts", got)
	}
}

func TestChannelOpens(t *testing.T) {
	ta := newTestApp(t)
	ta.addChannel(t, survey.Channel{Code: "K7P3QX", Name: "Southfields Academy", Setting: survey.SettingSchool})
	ta.addChannel(t, survey.Channel{Code: "CXSD22", Name: "Closed club", Setting: survey.SettingYouthClub, Closes: "2026-11-23"})
	ta.addChannel(t, survey.Channel{Code: "SXXN33", Name: "Not yet", Setting: survey.SettingOther, Opens: "2026-11-25"})

	t.Run("OKPageViewCounts", func(t *testing.T) {
		for range 2 {
			_, doc := ta.get(t, "/s/"+slug+"?c=k7p3qx")
			if got, _ := doc.Find(`input[name="c"]`).Attr("value"); got != "K7P3QX" {
				t.Errorf("form carries channel %q, want K7P3QX", got)
			}
		}
		if got := ta.opened(t, "K7P3QX"); got != 2 {
			t.Errorf("opened = %d after two page views, want 2", got)
		}
	})
	t.Run("OKPostsDoNotCount", func(t *testing.T) {
		before := ta.opened(t, "K7P3QX")
		_, doc := ta.get(t, "/s/"+slug+"?c=K7P3QX")
		key := formKey(t, doc)
		ta.postForm(t, "/s/"+slug, url.Values{"key": {key}, "c": {"K7P3QX"}, "switch_lang": {"en"}})
		ta.postForm(t, "/s/"+slug, url.Values{"key": {key}, "c": {"K7P3QX"}, "q.area": {"nowhere"}})
		resp, _ := ta.postForm(t, "/s/"+slug, url.Values{"key": {key}, "c": {"K7P3QX"}, "q.area": {"putney"}})
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("submit: %d, want 200 with the thank-you page", resp.StatusCode)
		}
		if got := ta.opened(t, "K7P3QX"); got != before+1 {
			t.Errorf("opened = %d, want %d: only the first view counts, not re-renders or posts", got, before+1)
		}
		if err := ta.db.Settle(context.Background()); err != nil {
			t.Fatal(err)
		}
		counters, err := ta.db.Counters(context.Background(), slug, 1, []string{survey.GroupKey(survey.DimChannel, "K7P3QX")})
		if err != nil || counters[survey.GroupKey(survey.DimChannel, "K7P3QX")].N != 1 {
			t.Errorf("completions through the channel = %+v, %v; want 1", counters, err)
		}
	})
	t.Run("OKClosedChannelThanks", func(t *testing.T) {
		resp, doc := ta.get(t, "/s/"+slug+"?c=CXSD22")
		if resp.StatusCode != http.StatusGone || doc.Find("form#survey").Length() != 0 {
			t.Errorf("status %d, form shown: want the closed page", resp.StatusCode)
		}
		if h := doc.Find("h1").Text(); h != "This survey has closed" || !strings.Contains(doc.Find("p.lead").Text(), "Thank you") {
			t.Errorf("closed page says %q / %q", h, doc.Find("p.lead").Text())
		}
		if doc.Find("section.support").Length() != 1 {
			t.Error("the closed page lacks where to get help")
		}
		if got := ta.opened(t, "CXSD22"); got != 0 {
			t.Errorf("a closed channel counted %d opens", got)
		}
	})
	t.Run("OKUnknownOrNotYetOpenGivesTheSurvey", func(t *testing.T) {
		for _, code := range []string{"NQPE22", "SXXN33"} {
			resp, doc := ta.get(t, "/s/"+slug+"?c="+code)
			if resp.StatusCode != http.StatusOK || doc.Find("form#survey").Length() != 1 || doc.Find(`input[name="c"]`).Length() != 0 {
				t.Errorf("%s: status %d: want the survey with no channel", code, resp.StatusCode)
			}
		}
		if got := ta.opened(t, "SXXN33"); got != 0 {
			t.Errorf("a channel not open yet counted %d opens", got)
		}
	})
}
