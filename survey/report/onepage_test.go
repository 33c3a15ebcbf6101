package report_test

import (
	"bytes"
	"flag"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/safeguarding/safetysurvey/survey"
)

var keep = flag.String("keep", "", "folder to save the drawn one-page PDFs and share PNGs in, to look at")

// save writes a drawing to the -keep folder, when one is given.
func save(t *testing.T, name string, data []byte) {
	t.Helper()
	if *keep == "" {
		return
	}
	if err := os.WriteFile(filepath.Join(*keep, name), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestOnePage draws the one-page infographic in every language: one A4 page, with the title,
// the headlines and the credit to the young scrutineers in the page's language, read back with
// pdftotext (in Bengali only the words without a vowel sign drawn before its consonant, which
// pdftotext reads in drawing order).
func TestOnePage(t *testing.T) {
	for _, lang := range []string{"en", "pl", "es", "pt", "ar", "so", "bn", "ur", "fr", "uk"} {
		t.Run(lang, func(t *testing.T) {
			r, s, sum, l := demo(t, lang)
			var buf bytes.Buffer
			if err := r.OnePage(&buf, s, sum); err != nil {
				t.Fatal(err)
			}
			save(t, "page-"+lang+".pdf", buf.Bytes())
			text, info := readPDF(t, buf.Bytes())
			if !strings.Contains(info, "Pages:           1\n") || !strings.Contains(info, "(A4)") {
				t.Errorf("not one A4 page:\n%s", info)
			}
			if len(sum.Headlines) < 2 {
				t.Fatalf("the demo makes %d headlines, want at least 2", len(sum.Headlines))
			}
			want := []string{l.T("infographic.title"), sum.Headlines[0].Text, l.T("infographic.credit"), sum.Title}
			if lang == "bn" {
				want = []string{"যা", "জন", "১০"}
			}
			for _, w := range want {
				if !strings.Contains(text, squeeze(w)) {
					t.Errorf("page lacks %q", w)
				}
			}
		})
	}
}

// TestShare draws the image to share in every language: 1080 by 1350 pixels.
func TestShare(t *testing.T) {
	for _, lang := range []string{"en", "ar", "bn", "ur", "uk"} {
		t.Run(lang, func(t *testing.T) {
			r, s, sum, _ := demo(t, lang)
			var buf bytes.Buffer
			if err := r.Share(&buf, s, sum); err != nil {
				t.Fatal(err)
			}
			save(t, "share-"+lang+".png", buf.Bytes())
			img, err := png.Decode(&buf)
			if err != nil {
				t.Fatal(err)
			}
			if b := img.Bounds(); b.Dx() != 1080 || b.Dy() != 1350 {
				t.Errorf("image is %dx%d, want 1080x1350", b.Dx(), b.Dy())
			}
		})
	}
}

// TestOnePageMarksEnglish: an action not yet translated is shown in English, marked as such.
func TestOnePageMarksEnglish(t *testing.T) {
	r, s, sum, l := demo(t, "pl")
	copied := *s
	copied.Actions = []survey.Action{{Status: "doing", Text: survey.Text{"en": "Fix the lights in the park"}}}
	var buf bytes.Buffer
	if err := r.OnePage(&buf, &copied, sum); err != nil {
		t.Fatal(err)
	}
	text, _ := readPDF(t, buf.Bytes())
	if want := squeeze("Fix the lights in the park " + l.T("findings.in_english")); !strings.Contains(text, want) {
		t.Errorf("page lacks %q:\n%s", want, text)
	}
}
