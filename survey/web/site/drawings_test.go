package site_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/findings"
	"github.com/safeguarding/safetysurvey/survey/kept"
	"github.com/safeguarding/safetysurvey/survey/web/site"
)

// slowInfographics draws nothing until released, to hold the only turn to draw.
type slowInfographics struct {
	findings.Infographics
	started, release chan struct{}
}

func (s slowInfographics) OnePage(w io.Writer, _ *survey.Survey, _ *findings.Summary) error {
	s.started <- struct{}{}
	<-s.release
	_, err := io.WriteString(w, "%PDF-")
	return err
}

// TestDrawingBusy: while the only turn to draw is taken, another drawing waits briefly, then is
// refused with 503 and a Retry-After, in the request's language; once free, it is drawn.
func TestDrawingBusy(t *testing.T) {
	slow := slowInfographics{started: make(chan struct{}, 2), release: make(chan struct{})}
	drawings := kept.NewDrawings(kept.DrawingLimits{AtOnce: 1, Wait: 50 * time.Millisecond, Keep: 1 << 20, MaxEntry: 1 << 20})
	ta := newConfiguredApp(t, func(cfg *site.Config) {
		slow.Infographics = cfg.Infographics
		cfg.Infographics = kept.BoundedInfographics{Next: slow, Drawings: drawings}
	})
	seedFindings(t, ta)
	first := make(chan int)
	go func() {
		resp, _ := ta.do(t, httptest.NewRequest(http.MethodGet, "/s/"+slug+"/findings.pdf?lang=en", nil))
		first <- resp.StatusCode
	}()
	<-slow.started
	resp, body := ta.do(t, httptest.NewRequest(http.MethodGet, "/s/"+slug+"/findings.pdf?lang=ar", nil))
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Errorf("second drawing while busy: %d, Retry-After %q, want 503 with a wait", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if doc := parse(t, body); doc.Find("html").AttrOr("lang", "") != "ar" {
		t.Errorf("busy page is not in Arabic: lang %q", doc.Find("html").AttrOr("lang", ""))
	}
	close(slow.release)
	if got := <-first; got != http.StatusOK {
		t.Errorf("first drawing: %d", got)
	}
	if resp, _ := ta.do(t, httptest.NewRequest(http.MethodGet, "/s/"+slug+"/findings.pdf?lang=ar", nil)); resp.StatusCode != http.StatusOK {
		t.Errorf("drawing once free: %d, want 200", resp.StatusCode)
	}
}
