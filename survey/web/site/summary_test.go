package site_test

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/safeguarding/safetysurvey/survey"
)

type summaryJSON struct {
	Format    int     `json:"format"`
	Responses *int64  `json:"responses"`
	By        string  `json:"by"`
	Questions []qJSON `json:"questions"`
	Quotes    *[]any  `json:"quotes"`
	Groups    []struct {
		ID         string  `json:"id"`
		Label      string  `json:"label"`
		Base       *int64  `json:"base"`
		Suppressed bool    `json:"suppressed"`
		Questions  []qJSON `json:"questions"`
	} `json:"groups"`
}

type qJSON struct {
	ID      string `json:"id"`
	Base    *int64 `json:"base"`
	Options []struct {
		ID         string   `json:"id"`
		Label      string   `json:"label"`
		Count      *int64   `json:"count"`
		Percent    *float64 `json:"percent"`
		Suppressed bool     `json:"suppressed"`
	} `json:"options"`
}

func (q qJSON) option(id string) (count *int64, percent *float64, suppressed bool) {
	for _, o := range q.Options {
		if o.ID == id {
			return o.Count, o.Percent, o.Suppressed
		}
	}
	panic("no option " + id)
}

func findQuestion(qs []qJSON, id string) qJSON {
	for _, q := range qs {
		if q.ID == id {
			return q
		}
	}
	panic("no question " + id)
}

// submitMany stores n responses with the same answers, in lang.
func submitMany(t *testing.T, ta *testApp, prefix string, n int, lang, answers string) {
	t.Helper()
	submitManyTo(t, ta, slug, prefix, n, lang, answers)
}

// submitManyTo is submitMany to another survey than the demo.
func submitManyTo(t *testing.T, ta *testApp, slug, prefix string, n int, lang, answers string) {
	t.Helper()
	for i := range n {
		body := fmt.Sprintf(`{"answers":%s,"lang":%q}`, answers, lang)
		if resp, out := ta.postJSON(t, "/api/v1/surveys/"+slug+"/responses", fmt.Sprintf("%s-%012d", prefix, i), body); resp.StatusCode != http.StatusCreated {
			t.Fatalf("submit %s %d: %d %v", prefix, i, resp.StatusCode, out)
		}
	}
}

func getSummary(t *testing.T, ta *testApp, query string) summaryJSON {
	t.Helper()
	ta.count(t) // counters are up to date once every save has settled
	resp, raw := ta.do(t, httptest.NewRequest(http.MethodGet, "/api/v1/surveys/"+slug+"/summary"+query, nil))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("summary%s: %d %s", query, resp.StatusCode, raw)
	}
	var s summaryJSON
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSummaryAPI(t *testing.T) {
	ta := newTestApp(t)
	// A known distribution, given in three languages: answers are option ids, so they count together.
	submitMany(t, ta, "putney-en", 20, "en", `{"area":"putney","safe_home":"yes","feel_safer":["lighting","cctv"]}`)
	submitMany(t, ta, "putney-pl", 15, "pl", `{"area":"putney","safe_home":"yes","feel_safer":["lighting"]}`)
	submitMany(t, ta, "tooting-ar", 30, "ar", `{"area":"tooting","safe_home":"no","feel_safer":["police"]}`)
	submitMany(t, ta, "balham-en", 4, "en", `{"area":"balham","safe_home":"yes"}`)

	s := getSummary(t, ta, "?lang=en")
	if s.Format != 2 || s.Responses == nil || *s.Responses != 69 {
		t.Fatalf("format %d responses %v, want 2 and 69", s.Format, s.Responses)
	}
	if s.Quotes == nil || len(*s.Quotes) != 0 {
		t.Errorf("quotes = %v, want an empty list until quotes can be approved", s.Quotes)
	}
	area := findQuestion(s.Questions, "area")
	if count, pct, _ := area.option("putney"); count == nil || *count != 35 || *pct != 50.7 {
		t.Errorf("putney = %v (%v%%), want 35 (50.7%%): answers in en and pl must count together", count, pct)
	}
	if count, pct, suppressed := area.option("balham"); !suppressed || count != nil || pct != nil {
		t.Errorf("balham (4 answers) = %v, suppressed %v: want it hidden", count, suppressed)
	}
	safer := findQuestion(s.Questions, "feel_safer")
	if count, pct, _ := safer.option("lighting"); *count != 35 || *safer.Base != 65 || *pct != 53.8 {
		t.Errorf("lighting = %d of %d (%v%%), want 35 of 65 (53.8%%)", *count, *safer.Base, *pct)
	}

	by := getSummary(t, ta, "?by=area&lang=en")
	groups := map[string]int{}
	for i, g := range by.Groups {
		groups[g.ID] = i
	}
	putney := by.Groups[groups["putney"]]
	if putney.Suppressed || putney.Label != "Putney" || *putney.Base != 35 {
		t.Errorf("putney group = %+v", putney)
	}
	if c, _, _ := findQuestion(putney.Questions, "safe_home").option("yes"); c == nil || *c != 35 {
		t.Errorf("putney safe at home = %v, want 35", c)
	}
	if g := by.Groups[groups["balham"]]; !g.Suppressed || g.Base != nil || g.Questions != nil || g.Label != "" {
		t.Errorf("balham group (4 < 30) = %+v, want only its id and suppressed", g)
	}
	// Every other area is empty, and a reader may know it: with tooting shown, balham = 69 - 35 - 30.
	if g := by.Groups[groups["tooting"]]; !g.Suppressed {
		t.Errorf("tooting group shown with base %v: balham could be worked out", g.Base)
	}

	byLang := getSummary(t, ta, "?by=_lang&lang=pl")
	for _, g := range byLang.Groups {
		if g.ID == "pl" && !g.Suppressed {
			t.Errorf("Polish group has 15 < 30 respondents but is shown")
		}
		if g.ID == "ar" && (g.Suppressed || g.Base == nil || *g.Base != 30 || g.Label != "العربية") {
			t.Errorf("Arabic group = %+v", g)
		}
	}

	t.Run("CSV", func(t *testing.T) {
		resp, raw := ta.do(t, httptest.NewRequest(http.MethodGet, "/api/v1/surveys/"+slug+"/summary?format=csv&by=area", nil))
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
			t.Fatalf("csv: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		rows, err := csv.NewReader(strings.NewReader(string(raw))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		found, combined := false, false
		for _, r := range rows {
			if r[0] == "*" && r[2] == "safe_home" && r[5] == "not_always" {
				combined = r[10] == "sometimes+no"
			}
			if r[0] == "*" && r[2] == "area" && r[5] == "putney" {
				found = r[7] == "35" && r[8] == "50.7"
			}
			if r[0] == "*" && r[2] == "area" && r[5] == "balham" && (r[7] != "" || r[9] != "true") {
				t.Errorf("balham row shows a suppressed count: %v", r)
			}
		}
		if !found {
			t.Error("csv lacks the putney row with 35, 50.7")
		}
		if !combined {
			t.Error("csv lacks safe_home's combined answer not_always, combining sometimes+no")
		}
	})
	t.Run("ErrBadBreakdown", func(t *testing.T) {
		resp, _ := ta.do(t, httptest.NewRequest(http.MethodGet, "/api/v1/surveys/"+slug+"/summary?by=feel_safer", nil))
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("breakdown by a multiple-choice question: %d, want 400", resp.StatusCode)
		}
	})
}

// TestSummaryEmptyLanguage breaks findings down by language when one of three languages has no
// answers: the empty group is hidden, and costs the others nothing.
func TestSummaryEmptyLanguage(t *testing.T) {
	langs := []string{"en", "pl", "ar"}
	ta := newTestApp(t, func(s *survey.Survey) {
		s.Languages = slices.DeleteFunc(s.Languages, func(l survey.Language) bool { return !slices.Contains(langs, l.Code) })
	})
	submitMany(t, ta, "first", 40, langs[0], `{"area":"putney","safe_home":"yes"}`)
	submitMany(t, ta, "second", 31, langs[1], `{"area":"tooting","safe_home":"no"}`)

	s := getSummary(t, ta, "?by=_lang")
	want := map[string]int64{langs[0]: 40, langs[1]: 31}
	for _, g := range s.Groups {
		if w, ok := want[g.ID]; ok && (g.Suppressed || g.Base == nil || *g.Base != w) {
			t.Errorf("group %s = suppressed %v, base %v; want shown with base %d", g.ID, g.Suppressed, g.Base, w)
		}
		if g.ID == langs[2] && (!g.Suppressed || g.Base != nil || g.Questions != nil) {
			t.Errorf("empty group %s = %+v; want hidden", g.ID, g)
		}
	}
}

func TestSummaryNotPublished(t *testing.T) {
	ta := newTestApp(t, func(s *survey.Survey) { s.Published = false })
	resp, _ := ta.do(t, httptest.NewRequest(http.MethodGet, "/api/v1/surveys/"+slug+"/summary", nil))
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("unpublished findings: %d, want 404", resp.StatusCode)
	}
}

// TestSummaryCacheFollowsNewResponses: a summary is kept between reads, and every response
// counted afterwards makes the next read count it.
func TestSummaryCacheFollowsNewResponses(t *testing.T) {
	ta := newTestApp(t)
	submitMany(t, ta, "cache-a", 12, "en", `{"area":"putney"}`)
	for round, want := range []int64{12, 12, 25} {
		if round == 2 {
			submitMany(t, ta, "cache-b", 13, "pl", `{"area":"tooting"}`)
		}
		s := getSummary(t, ta, "?by=area")
		if s.Responses == nil || *s.Responses != want {
			t.Errorf("read %d: responses %v, want %d", round+1, s.Responses, want)
		}
	}
}
