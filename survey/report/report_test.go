package report_test

import (
	"bytes"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/safeguarding/safetysurvey/i18n"
	"github.com/safeguarding/safetysurvey/public"
	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/findings"
	"github.com/safeguarding/safetysurvey/survey/report"
	"github.com/safeguarding/safetysurvey/survey/surveytest"
	"github.com/safeguarding/safetysurvey/survey/yamlfile"
)

type labels struct{ l *i18n.Localizer }

func (lb labels) PreferNotToSay() string             { return lb.l.T("survey.prefer_not_to_say") }
func (lb labels) Plural(lang string, n int64) string { return i18n.PluralCategory(lang, n) }
func (lb labels) Number(n int64) string              { return lb.l.Number(n) }
func (lb labels) Group(dim, value string) string     { return value }

// sharedMessages is the UI catalogue, parsed once per test binary (a third of a second each time
// under the race detector): no test here edits it.
var sharedMessages = sync.OnceValues(func() (*i18n.Catalog, error) { return i18n.Load(public.Files, "locales") })

// demo is the built-in survey with 400 made-up answers summarized in lang, some numbers
// suppressed, and two approved quotes, one in Arabic.
func demo(t testing.TB, lang string) (*report.Renderer, *survey.Survey, *findings.Summary, *i18n.Localizer) {
	t.Helper()
	surveys, err := yamlfile.LoadDir(public.Files, "surveys")
	if err != nil {
		t.Fatal(err)
	}
	messages, err := sharedMessages()
	if err != nil {
		t.Fatal(err)
	}
	r, err := report.New(messages)
	if err != nil {
		t.Fatal(err)
	}
	s := surveys[0]
	tally := survey.Tally{}
	surveytest.Generate(s, 6, 400, tally.Add)
	l := messages.Localizer(lang)
	sum := findings.Summarize(s, tally, lang, "", nil, s.Rules(), labels{l})
	sum.Quotes = []survey.Quote{
		{Question: "needs_done", Text: "More lights by the bus stop on the high street", Lang: "en"},
		{Question: "needs_done", Text: "أريد المزيد من الأضواء في الحديقة", Lang: "ar"},
	}
	return r, s, sum, l
}

// readPDF is pdftotext's reading of pdf with spaces and direction marks dropped, as Arabic
// presentation forms fold back under NFKC, and pdfinfo's description of it.
func readPDF(t *testing.T, pdf []byte) (text, info string) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "findings.pdf")
	if err := os.WriteFile(file, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	meta, err := exec.Command("pdfinfo", file).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	return squeeze(string(out)), string(meta)
}

func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.Is(unicode.Bidi_Control, r) {
			return -1
		}
		return r
	}, norm.NFKC.String(s))
}

// TestPDFLanguages draws the findings in every language on A4 and reads its title and quotes
// back, except in Bengali, whose vowel signs drawn before their consonant pdftotext reads in
// drawing order (the letters are right on the page; see the PNG).
func TestPDFLanguages(t *testing.T) {
	for _, lang := range []string{"en", "pl", "es", "pt", "ar", "so", "bn", "ur", "fr", "uk"} {
		t.Run(lang, func(t *testing.T) {
			r, s, sum, l := demo(t, lang)
			var buf bytes.Buffer
			if err := r.PDF(&buf, s, sum); err != nil {
				t.Fatal(err)
			}
			text, info := readPDF(t, buf.Bytes())
			if !strings.Contains(info, "Page size:") || !strings.Contains(info, "(A4)") {
				t.Errorf("not A4:\n%s", info)
			}
			if lang == "bn" {
				return
			}
			for _, want := range []string{l.T("findings.title"), sum.Quotes[0].Text, sum.Quotes[1].Text, l.T("findings.rules.title")} {
				if !strings.Contains(text, squeeze(want)) {
					t.Errorf("PDF text lacks %q", want)
				}
			}
		})
	}
}

func TestPNG(t *testing.T) {
	r, s, sum, _ := demo(t, "ur")
	var buf bytes.Buffer
	if err := r.PNG(&buf, s, sum); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 1240 || b.Dy() < 1754 {
		t.Errorf("PNG is %dx%d, want 1240 wide (A4 at 150 dpi) and at least a page long", b.Dx(), b.Dy())
	}
}

func BenchmarkPDF(b *testing.B) {
	r, s, sum, _ := demo(b, "ar")
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := r.PDF(&buf, s, sum); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "file-bytes")
}

func BenchmarkPNG(b *testing.B) {
	r, s, sum, _ := demo(b, "ar")
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := r.PNG(&buf, s, sum); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "file-bytes")
}

// TestConcurrent draws in several languages at once with one Renderer, as the server does; run
// with -race.
func TestConcurrent(t *testing.T) {
	r, s, sum, _ := demo(t, "ar")
	_, _, sumBn, _ := demo(t, "bn")
	errs := make(chan error, 4)
	for _, draw := range []func() error{
		func() error { return r.PDF(io.Discard, s, sum) },
		func() error { return r.PNG(io.Discard, s, sum) },
		func() error { return r.PDF(io.Discard, s, sumBn) },
		func() error { return r.PNG(io.Discard, s, sumBn) },
	} {
		go func() { errs <- draw() }()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
