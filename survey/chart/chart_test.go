package chart_test

import (
	"bytes"
	"encoding/xml"
	"flag"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/safeguarding/safetysurvey/i18n"
	"github.com/safeguarding/safetysurvey/public"
	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/chart"
	"github.com/safeguarding/safetysurvey/survey/findings"
	"github.com/safeguarding/safetysurvey/survey/surveytest"
	"github.com/safeguarding/safetysurvey/survey/yamlfile"
)

var update = flag.Bool("update", false, "rewrite testdata/*.svg from the charts drawn now")

type labels struct{ l *i18n.Localizer }

func (lb labels) PreferNotToSay() string             { return lb.l.T("survey.prefer_not_to_say") }
func (lb labels) Plural(lang string, n int64) string { return i18n.PluralCategory(lang, n) }
func (lb labels) Number(n int64) string              { return lb.l.Number(n) }
func (lb labels) Group(dim, value string) string     { return lb.l.T("findings.not_answered") }

// demo summarizes 400 made-up answers to the built-in survey, some of them small and suppressed,
// in lang and broken down by by.
func demo(t *testing.T, lang, by string) (*findings.Summary, chart.Dimension, *i18n.Localizer) {
	t.Helper()
	return demoWave(t, lang, by, 6)
}

// demoWave is demo with another seed, for another wave of the survey.
func demoWave(t *testing.T, lang, by string, seed uint64) (*findings.Summary, chart.Dimension, *i18n.Localizer) {
	t.Helper()
	surveys, err := yamlfile.LoadDir(public.Files, "surveys")
	if err != nil {
		t.Fatal(err)
	}
	messages, err := i18n.Load(public.Files, "locales")
	if err != nil {
		t.Fatal(err)
	}
	s := surveys[0]
	tally := survey.Tally{}
	surveytest.Generate(s, seed, 400, tally.Add)
	l := messages.Localizer(lang)
	groups, _ := s.BreakdownGroups(by)
	dim := chart.Dimension{Label: by, Group: func(id string) string { return findings.GroupLabel(s, by, id, lang, labels{l}) }}
	return findings.Summarize(s, tally, lang, by, groups, s.Rules(), labels{l}), dim, l
}

func question(t *testing.T, sum *findings.Summary, id string) findings.QuestionSummary {
	t.Helper()
	for _, q := range sum.Questions {
		if q.ID == id {
			return q
		}
	}
	t.Fatalf("no question %s", id)
	return findings.QuestionSummary{}
}

func TestGolden(t *testing.T) {
	tests := []struct {
		name, lang, question, by string
	}{
		{name: "single-en", lang: "en", question: "area"},
		{name: "multiple-en", lang: "en", question: "feel_safer"},
		{name: "multiple-ar", lang: "ar", question: "talk_to"},
		{name: "scale-en", lang: "en", question: "safe_area"},
		{name: "scale-ur", lang: "ur", question: "travel"},
		{name: "by-age-scale-en", lang: "en", question: "safe_area", by: "age"},
		{name: "by-carer-multiple-en", lang: "en", question: "feel_safer", by: "carer"},
		{name: "by-carer-single-ar", lang: "ar", question: "safe_home", by: "carer"},
		{name: "compare-multiple-en", lang: "en", question: "feel_safer", by: "previous"},
		{name: "compare-scale-ar", lang: "ar", question: "safe_area", by: "previous"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sum, dim, l := demo(t, tt.lang, strings.TrimPrefix(tt.by, "previous"))
			dir := i18n.Describe(tt.lang).Dir
			o := chart.Options{ID: tt.name, Dir: dir, L: l}
			var f chart.Figure
			switch tt.by {
			case "":
				f = chart.Question(question(t, sum, tt.question), o)
			case "previous":
				before, _, _ := demoWave(t, tt.lang, "", 8)
				f = chart.Compare(question(t, sum, tt.question), question(t, before, tt.question), "2025", "2024", o)
			default:
				var ok bool
				if f, ok = chart.Breakdown(sum, tt.question, dim, o); !ok {
					t.Fatalf("no breakdown of %s", tt.question)
				}
			}
			checkSVG(t, string(f.SVG), tt.name, dir)
			golden := filepath.Join("testdata", tt.name+".svg")
			if *update {
				if err := os.WriteFile(golden, []byte(f.SVG), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./survey/chart -update to create it)", err)
			}
			if string(want) != string(f.SVG) {
				t.Errorf("%s differs from the chart drawn now; look at both, then run go test ./survey/chart -update if the change is right", golden)
			}
		})
	}
}

// checkSVG parses the chart as XML and checks what assistive technology relies on.
func checkSVG(t *testing.T, svg, id, dir string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(svg))
	var root *xml.StartElement
	seen := map[string]string{}
	var stack []string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v", err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			if root == nil {
				e := e.Copy()
				root = &e
			}
			stack = append(stack, e.Name.Local)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 && (stack[len(stack)-1] == "title" || stack[len(stack)-1] == "desc") {
				seen[stack[len(stack)-1]] += string(e)
			}
		}
	}
	attr := func(name string) string {
		for _, a := range root.Attr {
			if a.Name.Local == name {
				return a.Value
			}
		}
		return ""
	}
	if attr("role") != "img" || attr("aria-labelledby") != id+"-title "+id+"-desc" {
		t.Errorf("svg role %q, aria-labelledby %q", attr("role"), attr("aria-labelledby"))
	}
	if seen["title"] == "" || seen["desc"] == "" {
		t.Errorf("title %q, desc %q: both are needed", seen["title"], seen["desc"])
	}
	if (dir == "rtl") != (attr("direction") == "rtl") {
		t.Errorf("direction %q for a %s language", attr("direction"), dir)
	}
	if ids := regexp.MustCompile(`>chart\.[a-z_.]+`).FindAllString(svg, -1); len(ids) > 0 {
		t.Errorf("untranslated message ids %v", ids)
	}
	if strings.Contains(svg, " style=") || strings.Contains(svg, "<script") {
		t.Error("style attributes or scripts would break the Content-Security-Policy")
	}
}

// TestSuppressedNeverDrawn checks that every suppressed option is named as suppressed in the
// chart and its table, and that no bar is drawn for it.
func TestSuppressedNeverDrawn(t *testing.T) {
	sum, _, l := demo(t, "en", "")
	word := l.T("chart.suppressed")
	total := 0
	defer func() {
		if total == 0 {
			t.Error("the made-up answers have no suppressed numbers to check")
		}
	}()
	for _, q := range sum.Questions {
		if q.Type == survey.FreeText {
			continue
		}
		f := chart.Question(q, chart.Options{ID: q.ID, L: l})
		suppressed := 0
		for i, o := range q.Options {
			if !o.Suppressed {
				continue
			}
			suppressed++
			total++
			for _, row := range f.Table.Rows {
				if row.Head == o.Label && (row.Cells[0] != word || row.Cells[1] != word) {
					t.Errorf("%s option %d: table row %v, want %q in every cell", q.ID, i, row.Cells, word)
				}
			}
		}
		if suppressed == 0 || q.Type == survey.Scale {
			continue
		}
		if got := strings.Count(string(f.SVG), ">"+word+"</text>"); got != suppressed {
			t.Errorf("%s: %d suppressed options, %d labelled %q in the chart", q.ID, suppressed, got, word)
		}
		if got := strings.Count(string(f.SVG), `stroke-dasharray="3 2"`); got != suppressed {
			t.Errorf("%s: %d suppressed options, %d empty dashed boxes", q.ID, suppressed, got)
		}
	}
}

// TestContrast checks every colour a chart uses against what it is drawn on: 3:1 for marks
// (WCAG 1.4.11), 4.5:1 for text (WCAG 1.4.3).
func TestContrast(t *testing.T) {
	files, err := filepath.Glob("testdata/*.svg")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden charts: %v", err)
	}
	fills := regexp.MustCompile(`<(rect|text)[^>]* fill="(#[0-9a-f]{6})"`)
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range fills.FindAllSubmatch(data, -1) {
			kind, colour := string(m[1]), string(m[2])
			need := 3.0
			if kind == "text" {
				need = 4.5
			}
			if colour != "#ffffff" && contrast(colour, "#ffffff") < need {
				t.Errorf("%s: %s %s has contrast %.2f with white, want %.1f", file, kind, colour, contrast(colour, "#ffffff"), need)
			}
		}
		if !bytes.Contains(data, []byte(`fill="#1b1b1b"`)) {
			t.Errorf("%s: text is not set in Ink", file)
		}
	}
}

func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

func luminance(hex string) float64 {
	var rgb [3]float64
	for i := range rgb {
		v, _ := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		c := float64(v) / 255
		if c <= 0.03928 {
			rgb[i] = c / 12.92
		} else {
			rgb[i] = math.Pow((c+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*rgb[0] + 0.7152*rgb[1] + 0.0722*rgb[2]
}
