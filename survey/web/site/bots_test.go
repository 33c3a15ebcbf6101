package site_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/safeguarding/safetysurvey/survey"
)

func TestSurveyPageHoneypot(t *testing.T) {
	ta := newTestApp(t)
	_, doc := ta.get(t, "/s/"+slug)
	trap := doc.Find(`form#survey input[name="website"]`)
	if trap.Length() != 1 {
		t.Fatal("form has no honeypot field")
	}
	for attr, want := range map[string]string{"type": "text", "tabindex": "-1", "autocomplete": "off", "value": ""} {
		if got, _ := trap.Attr(attr); got != want {
			t.Errorf("honeypot %s = %q, want %q", attr, got, want)
		}
	}
	if trap.ParentsFiltered(`[aria-hidden="true"].visually-hidden`).Length() != 1 {
		t.Error("honeypot is not inside a visually hidden, aria-hidden box")
	}
	if label := strings.TrimSpace(doc.Find(`label[for="website"]`).Text()); label != "Leave this box empty" {
		t.Errorf("honeypot label = %q, want the translated one", label)
	}
	if token, _ := doc.Find(`form#survey input[type="hidden"][name="started"]`).Attr("value"); token == "" {
		t.Error("form has no start token")
	}
}

// TestSubmitSuspect: submissions that trip the honeypot or the timing check are stored and thanked
// like any other, but marked suspect and left out of the counts.
func TestSubmitSuspect(t *testing.T) {
	ta := newTestApp(t)
	ta.svc.MinFillTime = 3 * time.Second
	_, doc := ta.get(t, "/s/"+slug)
	started, _ := doc.Find(`input[name="started"]`).Attr("value")
	secs, sig, _ := strings.Cut(started, ".")
	var opened int64
	fmt.Sscan(secs, &opened)
	backdated := fmt.Sprint(opened-3600) + "." + sig
	opens := ta.today

	tests := []struct {
		name     string
		after    time.Duration // since the page was opened
		started  string
		honeypot string
		json     bool
		want     string
	}{
		{name: "OKPerson", after: 40 * time.Second, started: started},
		{name: "OKPersonAPI", after: 40 * time.Second, started: started, json: true},
		{name: "TooFast", after: time.Second, started: started, want: survey.SuspectTooFast},
		{name: "TooFastAPI", after: time.Second, started: started, json: true, want: survey.SuspectTooFast},
		{name: "NoStart", after: 40 * time.Second, want: survey.SuspectNoStart},
		{name: "NoStartAPI", after: 40 * time.Second, json: true, want: survey.SuspectNoStart},
		{name: "Backdated", after: time.Second, started: backdated, want: survey.SuspectNoStart},
		{name: "Honeypot", after: 40 * time.Second, started: started, honeypot: "http://spam.example", want: survey.SuspectHoneypot},
		{name: "HoneypotAPI", after: 40 * time.Second, started: started, honeypot: "x", json: true, want: survey.SuspectHoneypot},
	}
	suspect := int64(0)
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ta.today = opens.Add(tt.after)
			key := fmt.Sprintf("suspect-web-key-%04d", i)
			if tt.json {
				body := fmt.Sprintf(`{"answers":{"area":"putney"},"started":%q,"website":%q}`, tt.started, tt.honeypot)
				if resp, out := ta.postJSON(t, "/api/v1/surveys/"+slug+"/responses", key, body); resp.StatusCode != http.StatusCreated {
					t.Fatalf("status %d %v, want 201: a suspect response is stored all the same", resp.StatusCode, out)
				}
			} else {
				form := url.Values{"key": {key}, "lang": {"en"}, "q.area": {"putney"}, "started": {tt.started}, "website": {tt.honeypot}}
				if resp, _ := ta.postForm(t, "/s/"+slug, form); resp.StatusCode != http.StatusOK {
					t.Fatalf("status %d, want 200 with the thank-you page: a suspect response is stored all the same", resp.StatusCode)
				}
			}
			stored, err := ta.db.Response(context.Background(), slug, survey.ResponseID(slug, key))
			if err != nil {
				t.Fatal(err)
			}
			if stored.Suspect != tt.want {
				t.Errorf("suspect = %q, want %q", stored.Suspect, tt.want)
			}
		})
		if tt.want != "" {
			suspect++
		}
	}
	ta.count(t) // waits until the counters are up to date
	counts, err := ta.db.Counts(context.Background(), slug, 1)
	if err != nil {
		t.Fatal(err)
	}
	if want := (survey.Counts{Responses: int64(len(tests)) - suspect, Suspect: suspect}); counts != want {
		t.Errorf("counts = %+v, want %+v", counts, want)
	}
}

func TestSubmitFormKeepsStartToken(t *testing.T) {
	ta := newTestApp(t)
	_, doc := ta.get(t, "/s/"+slug)
	started, _ := doc.Find(`input[name="started"]`).Attr("value")
	ta.today = ta.today.Add(time.Minute)
	// An invalid answer brings the form back: it must keep when it was first opened.
	_, doc = ta.postForm(t, "/s/"+slug, url.Values{"key": {"keep-start-key-000001"}, "started": {started}, "q.area": {"atlantis"}})
	if got, _ := doc.Find(`input[name="started"]`).Attr("value"); got != started {
		t.Errorf("start token = %q after an error, want the first one %q", got, started)
	}
	_, doc = ta.postForm(t, "/s/"+slug, url.Values{"key": {"keep-start-key-000001"}, "started": {"forged.token"}, "switch_lang": {"en"}})
	if got, _ := doc.Find(`input[name="started"]`).Attr("value"); got == "forged.token" || got == "" {
		t.Errorf("start token = %q, want a new valid one in place of a forged one", got)
	}
}
