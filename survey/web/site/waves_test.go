package site_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/safeguarding/safetysurvey/survey"
)

type wavesJSON struct {
	Wave     string `json:"wave"`
	Previous *struct {
		Survey    string  `json:"survey"`
		Wave      string  `json:"wave"`
		Responses *int64  `json:"responses"`
		Questions []qJSON `json:"questions"`
	} `json:"previous"`
}

// newWavesApp serves the two waves in testdata/waves, 60 answers to 2024 (40 feel safe) and
// 60 to 2025 (30 feel safe); 2024 is closed once its answers are in, as its definition says.
func newWavesApp(t *testing.T, change ...func(*survey.Survey)) *testApp {
	t.Helper()
	var first *survey.Survey
	ta := newTestAppFrom(t, os.DirFS("testdata"), "waves", append(change, func(s *survey.Survey) {
		if s.Slug == "youth-safety-2024" {
			first, s.Status = s, survey.StatusOpen
		}
	})...)
	submitManyTo(t, ta, "youth-safety-2024", "w24-safe", 40, "en", `{"area":"north","safe_area":"safe","feel_safer":["lights"]}`)
	submitManyTo(t, ta, "youth-safety-2024", "w24-unsafe", 20, "en", `{"area":"south","safe_area":"unsafe","feel_safer":["police"]}`)
	submitManyTo(t, ta, "youth-safety-2025", "w25-safe", 30, "en", `{"area":"east","safe_area":"safe","feel_safer":["lights","police"]}`)
	submitManyTo(t, ta, "youth-safety-2025", "w25-okay", 30, "en", `{"area":"north","safe_area":"okay","talk_to":["friend"]}`)
	first.Status = survey.StatusClosed
	if err := ta.db.Settle(context.Background()); err != nil {
		t.Fatal(err)
	}
	return ta
}

func getWaves(t *testing.T, ta *testApp) wavesJSON {
	t.Helper()
	resp, raw := ta.do(t, httptest.NewRequest(http.MethodGet, "/api/v1/surveys/youth-safety-2025/summary", nil))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("summary: %d %s", resp.StatusCode, raw)
	}
	var w wavesJSON
	if err := json.Unmarshal(raw, &w); err != nil {
		t.Fatal(err)
	}
	return w
}

func TestWaves(t *testing.T) {
	ta := newWavesApp(t)
	w := getWaves(t, ta)
	if w.Wave != "2025" || w.Previous == nil || w.Previous.Survey != "youth-safety-2024" || w.Previous.Wave != "2024" || *w.Previous.Responses != 60 {
		t.Fatalf("wave %q, previous %+v", w.Wave, w.Previous)
	}
	var ids []string
	for _, q := range w.Previous.Questions {
		ids = append(ids, q.ID)
	}
	// area gained an option and talk_to is new: only questions asked the same way are compared.
	if strings.Join(ids, " ") != "safe_area feel_safer" {
		t.Errorf("compared questions = %v, want safe_area feel_safer", ids)
	}
	if c, p, _ := findQuestion(w.Previous.Questions, "feel_safer").option("lights"); c == nil || *c != 40 || *p != 66.7 {
		t.Errorf("2024 lights = %v (%v%%), want 40 (66.7%%)", c, p)
	}

	_, doc := ta.get(t, "/s/youth-safety-2025/findings")
	if h := doc.Find("#compare-title").Text(); h != "Compared with 2024" {
		t.Errorf("comparison heading = %q", h)
	}
	compared := doc.Find(`section[aria-labelledby="compare-title"] figure.chart`)
	if compared.Length() != 2 {
		t.Errorf("%d comparison charts, want 2", compared.Length())
	}
	lights := compared.Find("tbody tr").FilterFunction(func(_ int, r *goquery.Selection) bool { return r.Find("th").Text() == "Better street lights" })
	cells := lights.Find("td").Map(func(_ int, c *goquery.Selection) string { return c.Text() })
	if strings.Join(cells, "|") != "100% (30)|66.7% (40)|up 33.3 points" {
		t.Errorf("lights row = %q, want 2025, 2024 and the change", cells)
	}
	if got := doc.Find(".headlines .before").First().Text(); got != "(2024: 66.7%)" {
		t.Errorf("safe share before = %q, want (2024: 66.7%%)", got)
	}

	t.Run("OKPreviousUnpublished", func(t *testing.T) {
		ta := newWavesApp(t, func(s *survey.Survey) { s.Published = s.Slug != "youth-safety-2024" })
		if w := getWaves(t, ta); w.Previous != nil {
			t.Errorf("an unpublished wave's findings were shown beside the next: %+v", w.Previous)
		}
	})
}
