package site_test

import (
	"bytes"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/safeguarding/safetysurvey/public"
	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/kept"
	"github.com/safeguarding/safetysurvey/survey/web/site"
)

// pdfText is what pdftotext reads in a PDF, given args, with its words separated by single
// spaces; info is what pdfinfo says about it.
func pdfText(t *testing.T, pdf []byte, args ...string) (text, info string) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "findings.pdf")
	if err := os.WriteFile(file, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", append(args, "-enc", "UTF-8", file, "-")...).Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	meta, err := exec.Command("pdfinfo", file).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " "), string(meta)
}

// findingsPDF is the text of the findings PDF in lang, read in drawing order: the one-page
// infographic, or with file "findings-report.pdf" the full report.
func (ta *testApp) findingsPDF(t *testing.T, lang string, file ...string) string {
	t.Helper()
	name := "findings.pdf"
	if len(file) > 0 {
		name = file[0]
	}
	resp, body := ta.do(t, httptest.NewRequest(http.MethodGet, "/s/"+slug+"/"+name+"?lang="+lang, nil))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d", name, resp.StatusCode)
	}
	text, _ := pdfText(t, body, "-raw")
	return text
}

func TestFindingsExport(t *testing.T) {
	ta := newTestApp(t)
	seedFindings(t, ta)
	download := func(t *testing.T, target, contentType, filename string) []byte {
		t.Helper()
		resp, body := ta.do(t, httptest.NewRequest(http.MethodGet, target, nil))
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", target, resp.StatusCode)
		}
		if got := resp.Header.Get("Content-Type"); got != contentType {
			t.Errorf("Content-Type = %q, want %q", got, contentType)
		}
		if got, want := resp.Header.Get("Content-Disposition"), `attachment; filename="`+filename+`"`; got != want {
			t.Errorf("Content-Disposition = %q, want %q", got, want)
		}
		return body
	}

	t.Run("OKOnePage", func(t *testing.T) {
		text, info := pdfText(t, download(t, "/s/"+slug+"/findings.pdf?lang=en", "application/pdf", slug+"-findings-en.pdf"), "-raw")
		if !strings.Contains(info, "(A4)") || !strings.Contains(info, "Pages:           1\n") {
			t.Errorf("pdfinfo does not say one A4 page:\n%s", info)
		}
		for _, want := range []string{"What you told us", "69 children and young people answered the survey", "6 in 10 of you feel safe at home",
			"Sometimes or no: 43.5% (30)", "Make an action plan", "Made with our young scrutineers"} {
			if !strings.Contains(text, want) {
				t.Errorf("one-page PDF text lacks %q:\n%s", want, text)
			}
		}
	})
	t.Run("OKShare", func(t *testing.T) {
		img, err := png.Decode(bytes.NewReader(download(t, "/s/"+slug+"/findings/share.png?lang=ar", "image/png", slug+"-findings-share-ar.png")))
		if err != nil {
			t.Fatal(err)
		}
		if b := img.Bounds(); b.Dx() != 1080 || b.Dy() != 1350 {
			t.Errorf("share image is %dx%d, want 1080x1350", b.Dx(), b.Dy())
		}
	})
	t.Run("OKReport", func(t *testing.T) {
		// -raw reads in the order things are drawn: a chart at a time, not across both columns.
		text, info := pdfText(t, download(t, "/s/"+slug+"/findings-report.pdf?lang=en", "application/pdf", slug+"-findings-report-en.pdf"), "-raw")
		if !strings.Contains(info, "(A4)") {
			t.Errorf("pdfinfo does not say A4:\n%s", info)
		}
		// The headline numbers (69 answered, 53.8% safe in their area), Putney's bar, an action
		// and the rules with this survey's thresholds.
		for _, want := range []string{"What children and young people told us", "69 children and young people answered the survey", "53.8%", "50.7% (35)",
			"Make an action plan", "from 1 to 9", "fewer than 30 people"} {
			if !strings.Contains(text, want) {
				t.Errorf("PDF text lacks %q:\n%s", want, text)
			}
		}
		// Balham's 4 (5.8%) is suppressed, and Tooting with it, so it cannot be worked out.
		if !strings.Contains(text, "Balham suppressed") || !strings.Contains(text, "Tooting suppressed") {
			t.Errorf("Balham and Tooting are not shown as suppressed:\n%s", text)
		}
		for _, hidden := range []string{"(4)", "5.8%"} {
			if strings.Contains(text, hidden) {
				t.Errorf("PDF shows the suppressed %q", hidden)
			}
		}
	})
	t.Run("OKPNG", func(t *testing.T) {
		body := download(t, "/s/"+slug+"/findings.png?lang=en", "image/png", slug+"-findings-en.png")
		img, err := png.Decode(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		// A4 is 210 mm wide: 1240 pixels at 150 dpi; the findings run longer than one page.
		if b := img.Bounds(); b.Dx() != 1240 || b.Dy() <= 1754 {
			t.Errorf("PNG is %dx%d, want 1240 wide and longer than an A4 page (1754)", b.Dx(), b.Dy())
		}
		white, bars := 0, 0
		for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y += 2 {
			for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x += 2 {
				switch color.RGBAModel.Convert(img.At(x, y)).(color.RGBA) {
				case color.RGBA{255, 255, 255, 255}:
					white++
				case color.RGBA{0x1d, 0x4f, 0x91, 255}:
					bars++
				}
			}
		}
		if total := img.Bounds().Dx() * img.Bounds().Dy() / 4; white > total*98/100 || bars < 100 {
			t.Errorf("PNG looks blank: %d of %d sampled pixels white, %d in the bars' colour", white, total, bars)
		}
	})
	t.Run("OKArabicShaped", func(t *testing.T) {
		text, _ := pdfText(t, download(t, "/s/"+slug+"/findings-report.pdf?lang=ar", "application/pdf", slug+"-findings-report-ar.pdf"))
		// pdftotext gives the joined letters' presentation forms, which NFKC folds back, marks
		// right-to-left runs with direction controls, and guesses spaces where runs meet, so
		// the words are compared without them: in the order read, which a question with an
		// English name in it tests.
		squeeze := func(s string) string {
			return strings.Map(func(r rune) rune {
				if unicode.IsSpace(r) || unicode.Is(unicode.Bidi_Control, r) {
					return -1
				}
				return r
			}, norm.NFKC.String(s))
		}
		// Shaped, the meem of "ما" takes its initial form, joined to the alef.
		if !strings.ContainsRune(text, '\ufee3') {
			t.Error("Arabic letters are not joined: no initial meem")
		}
		text = squeeze(text)
		for _, want := range []string{"ما أخبرنا به الأطفال والشباب", "ماذا قالوا", "في أي جزء من Wandsworth يقع سكنك؟"} {
			if !strings.Contains(text, squeeze(want)) {
				t.Errorf("Arabic PDF text lacks %q:\n%s", want, text)
			}
		}
	})
	t.Run("OKLinkedInPageLanguage", func(t *testing.T) {
		_, doc := ta.get(t, "/s/"+slug+"/findings?lang=ar")
		for file, words := range map[string]string{"findings.pdf": "تنزيل الملخص في صفحة واحدة (PDF)", "findings-report.pdf": "تنزيل التقرير الكامل بكل الجداول (PDF)", "findings/share.png": "تنزيل صورة للمشاركة (PNG)"} {
			link := doc.Find(`.downloads a[href="/s/` + slug + `/` + file + `?lang=ar"]`)
			if link.Length() != 1 || link.Text() != words {
				t.Errorf("%s link: %d found, text %q, want %q", file, link.Length(), link.Text(), words)
			}
		}
	})
	t.Run("OKHeadlinesOnPage", func(t *testing.T) {
		_, doc := ta.get(t, "/s/"+slug+"/findings?lang=en")
		first := doc.Find(".headlines .sentences li").First()
		if got := first.Find("p").Text(); got != "6 in 10 of you feel safe at home" {
			t.Errorf("first headline = %q", got)
		}
		if got := first.Find(".person.counted").Length(); got != 6 || first.Find(".person").Length() != 10 {
			t.Errorf("%d of %d people drawn as counted, want 6 of 10", got, first.Find(".person").Length())
		}
		if got := doc.Find(".partner span").Text(); got != "Wandsworth Safeguarding Children Partnership" || doc.Find(".partner svg.logo > path").Length() != 3 {
			t.Errorf("partnership = %q with %d logo paths, want its name and the 3 paths of its logo", got, doc.Find(".partner svg.logo > path").Length())
		}
		if doc.Find("#actions-title svg.icon[aria-hidden=true]").Length() != 1 {
			t.Error("the actions heading has no icon hidden from screen readers")
		}
	})
	t.Run("OKRedrawnWhenFindingsChange", func(t *testing.T) {
		if text := ta.findingsPDF(t, "en"); !strings.Contains(text, "69 children") {
			t.Fatalf("before: %s", text)
		}
		submitMany(t, ta, "putney-more", 10, "en", `{"area":"putney","safe_home":"yes"}`)
		ta.count(t)
		if text := ta.findingsPDF(t, "en"); !strings.Contains(text, "79 children") {
			t.Errorf("the PDF was not drawn again with 10 more answers: %s", text)
		}
	})
	t.Run("ErrBadBreakdown", func(t *testing.T) {
		if resp, _ := ta.get(t, "/s/"+slug+"/findings.pdf?by=feel_safer"); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("status = %d, want 400", resp.StatusCode)
		}
	})
}

// TestFindingsExportRedrawnAtMostSoOften keeps a drawing while findings change, so asking for
// every language and breakdown after each answer cannot keep the server drawing.
func TestFindingsExportRedrawnAtMostSoOften(t *testing.T) {
	infographics, err := sharedInfographics()
	if err != nil {
		t.Fatal(err)
	}
	ta := newApp(t, public.Files, "surveys", func(c *site.Config) { c.Infographics = kept.NewInfographics(infographics, time.Hour, nil) })
	seedFindings(t, ta)
	if text := ta.findingsPDF(t, "en"); !strings.Contains(text, "69 children") {
		t.Fatalf("before: %s", text)
	}
	submitMany(t, ta, "putney-more", 10, "en", `{"area":"putney","safe_home":"yes"}`)
	ta.count(t)
	if text := ta.findingsPDF(t, "en"); !strings.Contains(text, "69 children") {
		t.Errorf("drawn again within RedrawAfter: %s", text)
	}
	if text := ta.findingsPDF(t, "ar"); !strings.Contains(text, "79") && !strings.Contains(text, "٧٩") {
		t.Errorf("a language not drawn before is not drawn with the findings as they are: %s", text)
	}
}

func TestFindingsExportNotPublished(t *testing.T) {
	ta := newTestApp(t, func(s *survey.Survey) { s.Published = false })
	for _, format := range []string{"pdf", "png"} {
		if resp, _ := ta.get(t, "/s/"+slug+"/findings."+format); resp.StatusCode != http.StatusNotFound {
			t.Errorf("unpublished findings %s: %d, want 404", format, resp.StatusCode)
		}
	}
}
