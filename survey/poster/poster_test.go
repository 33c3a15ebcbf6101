package poster_test

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/PuerkitoBio/goquery"

	"github.com/safeguarding/safetysurvey/i18n"
	"github.com/safeguarding/safetysurvey/public"
	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/poster"
	"github.com/safeguarding/safetysurvey/survey/qr"
)

const base = "https://survey.example.org"

// messages are the shipped English strings and test translations of the call to action.
func messages(t testing.TB) *i18n.Catalog {
	t.Helper()
	en, err := fs.ReadFile(public.Files, "locales/active.en.toml")
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{"locales/active.en.toml": {Data: en}}
	others, _ := filepath.Glob("testdata/locales/*.toml")
	for _, file := range others {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		fsys["locales/"+filepath.Base(file)] = &fstest.MapFile{Data: data}
	}
	c, err := i18n.Load(fsys, "locales")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func printer(t testing.TB) *poster.Printer {
	t.Helper()
	p, err := poster.New(public.Files, qr.New(), messages(t), base)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func testSurvey() *survey.Survey {
	s := &survey.Survey{Slug: "community-safety", Version: 1, Status: survey.StatusOpen, DefaultLanguage: "en", Closes: "2027-03-31",
		Title: survey.Text{"en": "How safe do you feel?"}}
	for _, code := range []string{"en", "pl", "uk", "ar", "bn"} {
		s.Languages = append(s.Languages, survey.Language{Code: code})
	}
	return s
}

// channels makes n channels with codes from the unambiguous alphabet.
func channels(n int) []*survey.Channel {
	out := make([]*survey.Channel, n)
	for i := range out {
		out[i] = &survey.Channel{Code: "K7P" + code3(i), Survey: "community-safety",
			Name: fmt.Sprintf("Setting %d Żółw Школа", i+1), Setting: survey.SettingSchool}
	}
	return out
}

// code3 spells i in three letters of the code alphabet, so every test channel's code differs.
func code3(i int) string {
	const letters = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
	n := len(letters)
	return string([]byte{letters[i/(n*n)%n], letters[i/n%n], letters[i%n]})
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if name == "zbarimg" && errors.As(err, &exit) && exit.ExitCode() == 4 {
			t.Fatalf("zbarimg found no code in %v", args)
		}
		t.Fatalf("%s %v: %v\n%s", name, args, err, stderr.String())
	}
	return stdout.String()
}

func TestPDFPack(t *testing.T) {
	p := printer(t)
	chs := channels(5)
	chs[2].Closes = "2027-02-14"
	var buf bytes.Buffer
	if err := p.PDF(&buf, testSurvey(), chs, survey.PosterOptions{}); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "pack.pdf")
	if err := os.WriteFile(file, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if pages := regexp.MustCompile(`(?m)^Pages:\s+(\d+)$`).FindStringSubmatch(run(t, "pdfinfo", file)); pages == nil || pages[1] != "5" {
		t.Fatalf("pdfinfo pages = %v, want 5", pages)
	}
	for i, ch := range chs {
		page := strings.Join(strings.Fields(run(t, "pdftotext", "-f", fmt.Sprint(i+1), "-l", fmt.Sprint(i+1), "-enc", "UTF-8", file, "-")), " ")
		for _, want := range []string{
			ch.Name, "survey.example.org/j/" + ch.Code,
			"How safe do you feel where you live?", "Tell us. It's anonymous.",
			"Наскільки безпечно ти почуваєшся", "Jak bezpiecznie czujesz się",
			"The survey is also in ar, bn.",
		} {
			if !strings.Contains(page, want) {
				t.Errorf("page %d lacks %q:\n%s", i+1, want, page)
			}
		}
		closes := "Open until 31 March 2027"
		if i == 2 {
			closes = "Open until 14 February 2027"
		}
		if !strings.Contains(page, closes) {
			t.Errorf("page %d lacks %q", i+1, closes)
		}
		if strings.ContainsAny(page, "ماত") {
			t.Errorf("page %d printed Arabic or Bengali text the PDF cannot shape", i+1)
		}
	}
	t.Run("OKQRCodeScans", func(t *testing.T) {
		prefix := filepath.Join(t.TempDir(), "page")
		run(t, "pdftoppm", "-r", "100", "-png", "-f", "2", "-l", "2", file, prefix)
		images, _ := filepath.Glob(prefix + "*.png")
		if len(images) != 1 {
			t.Fatalf("pdftoppm made %v", images)
		}
		if got := strings.TrimSpace(run(t, "zbarimg", "--raw", "-q", images[0])); got != chs[1].Link(base) {
			t.Errorf("the printed code reads %q, want %q", got, chs[1].Link(base))
		}
	})
}

func TestPDFStrips(t *testing.T) {
	var buf bytes.Buffer
	chs := channels(1)
	if err := printer(t).PDF(&buf, testSurvey(), chs, survey.PosterOptions{Strips: true, Lang: "ar"}); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "strips.pdf")
	if err := os.WriteFile(file, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(run(t, "pdftotext", "-enc", "UTF-8", file, "-")), " ")
	if got := strings.Count(text, "/j/"+chs[0].Code); got != 9 {
		t.Errorf("the short link is printed %d times, want once and on 8 strips", got)
	}
	if !strings.Contains(text, "How safe do you feel where you live?") || !strings.Contains(text, "The survey is also in ar, bn.") {
		t.Errorf("an Arabic poster did not fall back to English in the PDF, naming Arabic as left out:\n%s", text)
	}
}

func TestHTML(t *testing.T) {
	var buf bytes.Buffer
	ch := channels(1)[0]
	if err := printer(t).HTML(&buf, testSurvey(), ch, survey.PosterOptions{Strips: true}); err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for sel, want := range map[string]string{
		"h1":          "How safe do you feel where you live? Tell us. It's anonymous.",
		".short-link": "survey.example.org/j/" + ch.Code,
		".setting":    ch.Name,
		".closes":     "Open until 31 March 2027",
	} {
		if got := strings.TrimSpace(doc.Find(sel).Text()); got != want {
			t.Errorf("%s = %q, want %q", sel, got, want)
		}
	}
	if doc.Find(".qr svg path").Length() != 1 {
		t.Error("the poster has no QR code")
	}
	if got := doc.Find(`.calls li[lang="ar"][dir="rtl"]`).Length(); got != 1 {
		t.Errorf("%d Arabic calls to action, want 1: the web poster shows every language", got)
	}
	if doc.Find(`.calls li[lang="bn"]`).Length() != 1 || doc.Find(`.calls li[lang="en"]`).Length() != 0 {
		t.Error("the calls to action should be every other language of the survey")
	}
	if got := doc.Find(".strips li").Length(); got != 8 {
		t.Errorf("%d tear-off strips, want 8", got)
	}
	if strings.Contains(doc.Text(), "poster.") {
		t.Error("a message id was printed instead of its text")
	}
}

// BenchmarkPack builds a borough's poster pack: 160 channels in one PDF.
func BenchmarkPack(b *testing.B) {
	p := printer(b)
	chs := channels(160)
	s := testSurvey()
	var size int
	for b.Loop() {
		var buf bytes.Buffer
		if err := p.PDF(&buf, s, chs, survey.PosterOptions{Strips: true}); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size)/1e6, "MB/pack")
}
