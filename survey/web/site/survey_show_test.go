package site_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/safeguarding/safetysurvey/survey"
)

// TestFreshSurveyPageKept shows the empty survey form from a page rendered once per language and
// channel or none: each view has its own key and start, carries its own channel, and is the very
// page a full render of the same form gives (the language switch renders it whole).
func TestFreshSurveyPageKept(t *testing.T) {
	ta := newTestApp(t)
	ta.addChannel(t, survey.Channel{Code: "K7P3QX", Name: "Southfields Academy", Setting: survey.SettingSchool})
	ta.addChannel(t, survey.Channel{Code: "ABCD23", Name: "Balham youth club", Setting: survey.SettingYouthClub})
	keys := map[string]bool{}
	for _, tc := range []struct{ name, lang, channel string }{
		{"OKNoChannel", "en", ""},
		{"OKChannel", "en", "K7P3QX"},
		{"OKOtherChannel", "en", "ABCD23"},
		{"OKRightToLeft", "ar", "K7P3QX"},
		{"OKNoChannelAgain", "en", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			target := "/s/" + slug + "?lang=" + tc.lang
			if tc.channel != "" {
				target += "&c=" + strings.ToLower(tc.channel)
			}
			_, shown := ta.do(t, httptest.NewRequest(http.MethodGet, target, nil))
			doc := parse(t, shown)
			key := formKey(t, doc)
			if keys[key] {
				t.Errorf("key %s shown twice", key)
			}
			keys[key] = true
			started, _ := doc.Find(`form#survey input[name="started"]`).Attr("value")
			channel, hasChannel := doc.Find(`form#survey input[name="c"]`).Attr("value")
			if channel != tc.channel || hasChannel != (tc.channel != "") {
				t.Errorf("form carries channel %q (%v), want %q", channel, hasChannel, tc.channel)
			}
			if lang, _ := doc.Find(`form#survey input[name="lang"]`).Attr("value"); lang != tc.lang {
				t.Errorf("form language %q, want %q", lang, tc.lang)
			}

			form := url.Values{"key": {key}, "started": {started}, "lang": {tc.lang}, "switch_lang": {tc.lang}}
			if tc.channel != "" {
				form.Set("c", tc.channel)
			}
			req := httptest.NewRequest(http.MethodPost, "/s/"+slug, strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			_, rendered := ta.do(t, req)
			if !bytes.Equal(shown, rendered) {
				t.Errorf("kept page differs from a full render:\n%s\n---\n%s", shown, rendered)
			}
		})
	}
}

// TestFreshSurveyPageRepublished shows a survey's new definition at once when it replaces the
// one whose page was kept, even under the same version number.
func TestFreshSurveyPageRepublished(t *testing.T) {
	ta := newTestApp(t)
	if _, doc := ta.get(t, "/s/"+slug); doc.Find("h1").Length() != 1 {
		t.Fatal("no survey page")
	}
	sv, err := ta.surveys.Get(slug)
	if err != nil {
		t.Fatal(err)
	}
	republished := *sv
	republished.Title = survey.Text{"en": "Feeling safe in Wandsworth, corrected"}
	if err := ta.surveys.Replace(&republished); err != nil {
		t.Fatal(err)
	}
	if _, doc := ta.get(t, "/s/"+slug); doc.Find("h1").Text() != "Feeling safe in Wandsworth, corrected" {
		t.Errorf("heading %q, want the republished title", doc.Find("h1").Text())
	}
}
