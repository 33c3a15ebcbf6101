package site_test

import (
	"encoding/json"
	"io/fs"
	"strings"
	"testing"

	"github.com/pelletier/go-toml/v2"

	"github.com/safeguarding/safetysurvey/i18n"
	"github.com/safeguarding/safetysurvey/public"
)

// uiStrings returns a language's UI strings as its file has them, keyed by id, leaving out
// plural tables.
func uiStrings(t *testing.T, lang string) map[string]string {
	t.Helper()
	data, err := fs.ReadFile(public.Files, "locales/active."+lang+".toml")
	if err != nil {
		t.Fatal(err)
	}
	var all map[string]any
	if err := toml.Unmarshal(data, &all); err != nil {
		t.Fatal(err)
	}
	strs := map[string]string{}
	for id, v := range all {
		if s, ok := v.(string); ok {
			strs[id] = s
		}
	}
	return strs
}

// TestEveryLanguagePage renders the survey, help and thank-you pages in every shipped language
// and checks the page says which language and direction it is in and that no English leaks in.
func TestEveryLanguagePage(t *testing.T) {
	ta := newTestApp(t)
	// The English strings of more than a couple of words must never show in another language.
	english := map[string]string{}
	for id, s := range uiStrings(t, i18n.Source) {
		if strings.Count(s, " ") >= 2 && !strings.Contains(s, "{{") {
			english[id] = s
		}
	}
	messages, err := i18n.Load(public.Files, "locales")
	if err != nil {
		t.Fatal(err)
	}
	if got := len(messages.Languages()); got < 10 {
		t.Fatalf("%d UI languages shipped, want at least 10", got)
	}
	for _, lang := range messages.Languages() {
		if lang == i18n.Source {
			continue
		}
		t.Run(lang, func(t *testing.T) {
			want := i18n.Describe(lang)
			translated := uiStrings(t, lang)
			for _, path := range []string{"/s/" + slug, "/s/" + slug + "/help", "/s/" + slug + "/thanks"} {
				resp, doc := ta.get(t, path+"?lang="+lang)
				if resp.StatusCode != 200 {
					t.Fatalf("%s: status %d", path, resp.StatusCode)
				}
				html := doc.Find("html")
				if got, _ := html.Attr("lang"); got != lang {
					t.Errorf("%s: lang=%q", path, got)
				}
				if got, _ := html.Attr("dir"); got != want.Dir {
					t.Errorf("%s: dir=%q, want %q", path, got, want.Dir)
				}
				text := doc.Text()
				var ui struct{ Messages map[string]string }
				if err := json.Unmarshal([]byte(doc.Find("body").AttrOr("data-ui", "")), &ui); err != nil {
					t.Fatalf("%s: data-ui: %v", path, err)
				}
				for _, m := range ui.Messages {
					text += "\n" + m
				}
				for id, en := range english {
					if translated[id] != en && strings.Contains(text, en) {
						t.Errorf("%s: English %s %q on the page", path, id, en)
					}
				}
			}
			_, doc := ta.get(t, "/s/"+slug+"?lang="+lang)
			for _, en := range []string{"How safe do you feel?", "Which part of Wandsworth do you live in?", "Do you feel safe at home?"} {
				if strings.Contains(doc.Text(), en) {
					t.Errorf("survey text %q left in English", en)
				}
			}
		})
	}
}
