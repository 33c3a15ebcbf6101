package report_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/PuerkitoBio/goquery"

	"github.com/safeguarding/safetysurvey/i18n"
	"github.com/safeguarding/safetysurvey/public"
	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/channels"
	"github.com/safeguarding/safetysurvey/survey/qr"
	"github.com/safeguarding/safetysurvey/survey/report"
)

const base = "https://survey.example.org"

func printer(t testing.TB) (*report.Printer, *i18n.Catalog) {
	t.Helper()
	messages, err := sharedMessages()
	if err != nil {
		t.Fatal(err)
	}
	p, err := report.NewPrinter(public.Files, qr.New(), messages, base)
	if err != nil {
		t.Fatal(err)
	}
	return p, messages
}

func testSurvey() *survey.Survey {
	s := &survey.Survey{Slug: "community-safety", Version: 1, Status: survey.StatusOpen, DefaultLanguage: "en", Closes: "2027-03-31",
		Title: survey.Text{"en": "How safe do you feel?"}}
	for _, code := range []string{"en", "pl", "uk", "ar", "bn", "ur"} {
		s.Languages = append(s.Languages, survey.Language{Code: code})
	}
	return s
}

// makeChannels makes n channels with codes from the unambiguous alphabet.
func makeChannels(n int) []*survey.Channel {
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

// TestPDFPack prints a pack of five posters in English: one page each, with the setting, the
// short link, the closing date, "takes about 5 minutes", Childline and the call to action in
// every other language of the survey, Arabic and Bengali included, and a code that scans.
func TestPDFPack(t *testing.T) {
	p, messages := printer(t)
	chs := makeChannels(5)
	chs[2].Closes = "2027-02-14"
	var buf bytes.Buffer
	if err := p.PDF(&buf, testSurvey(), chs, channels.PosterOptions{}); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "pack.pdf")
	if err := os.WriteFile(file, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if pages := regexp.MustCompile(`(?m)^Pages:\s+(\d+)$`).FindStringSubmatch(run(t, "pdfinfo", file)); pages == nil || pages[1] != "5" {
		t.Fatalf("pdfinfo pages = %v, want 5", pages)
	}
	// A call that runs over two lines in Arabic comes back from pdftotext last line first: the
	// first words are enough to tell it is there.
	calls := []string{messages.Localizer("pl").T("poster.call"), messages.Localizer("uk").T("poster.call"), "ما مدى شعورك بالأمان", "কতটা"}
	for i, ch := range chs {
		page := squeeze(run(t, "pdftotext", "-f", fmt.Sprint(i+1), "-l", fmt.Sprint(i+1), "-enc", "UTF-8", file, "-"))
		want := append([]string{
			ch.Name, "survey.example.org/j/" + ch.Code,
			"How safe do you feel where you live?", "Tell us. It's anonymous.", "Takes about 5 minutes", "Childline", "0800 1111",
		}, calls...)
		for _, w := range want {
			if !strings.Contains(page, squeeze(w)) {
				t.Errorf("page %d lacks %q:\n%s", i+1, w, page)
			}
		}
		closes := "Open until 31 March 2027"
		if i == 2 {
			closes = "Open until 14 February 2027"
		}
		if !strings.Contains(page, squeeze(closes)) {
			t.Errorf("page %d lacks %q", i+1, closes)
		}
	}
	t.Run("OKQRCodeScans", func(t *testing.T) {
		if _, err := exec.LookPath("zbarimg"); err != nil {
			t.Log("zbarimg is not installed: the code is not scanned")
			return
		}
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

// TestPDFScripts prints the poster in each script's language, as ?lang= asks: the headline and
// Childline in that language, read back with pdftotext (Bengali: its words without a vowel sign
// drawn before the consonant, which pdftotext reads in drawing order).
func TestPDFScripts(t *testing.T) {
	p, messages := printer(t)
	for _, lang := range []string{"en", "ar", "ur", "bn", "uk"} {
		t.Run(lang, func(t *testing.T) {
			var buf bytes.Buffer
			if err := p.PDF(&buf, testSurvey(), makeChannels(1), channels.PosterOptions{Lang: lang, Strips: true}); err != nil {
				t.Fatal(err)
			}
			save(t, "poster-"+lang+".pdf", buf.Bytes())
			text, info := readPDF(t, buf.Bytes())
			if !strings.Contains(info, "Pages:           1\n") || !strings.Contains(info, "(A4)") {
				t.Errorf("not one A4 page:\n%s", info)
			}
			l := messages.Localizer(lang)
			// The phone number, isolated left to right in Arabic and Urdu, reads 0800 1111 in
			// every script. Word by word, as pdftotext gives a right-to-left paragraph's lines
			// last first.
			want := append(strings.Fields(l.T("poster.headline")+" "+l.T("poster.minutes")), "08001111")
			if lang == "bn" {
				want = []string{"আমরা", "কতটা", "08001111"}
			}
			// Marks and punctuation aside: pdftotext may put a mark on the wrong side of its letter.
			bare := func(s string) string {
				return strings.Map(func(r rune) rune {
					if unicode.Is(unicode.Mn, r) || unicode.IsPunct(r) {
						return -1
					}
					return r
				}, squeeze(s))
			}
			for _, w := range want {
				if !strings.Contains(bare(text), bare(w)) {
					t.Errorf("poster lacks %q:\n%s", w, text)
				}
			}
		})
	}
}

// TestPDFStrips: the short link is on every strip, its code large enough to read off a wall,
// and every strip's words stay inside its cut lines: between the dashed line across the page and
// the strip's sides.
func TestPDFStrips(t *testing.T) {
	p, _ := printer(t)
	var buf bytes.Buffer
	chs := makeChannels(1)
	if err := p.PDF(&buf, testSurvey(), chs, channels.PosterOptions{Strips: true, Lang: "ar"}); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "strips.pdf")
	if err := os.WriteFile(file, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	const strips, height, width = 6, 55.0, 210.0 / 6 // millimetres
	text := strings.Join(strings.Fields(run(t, "pdftotext", "-enc", "UTF-8", file, "-")), " ")
	if got := strings.Count(text, "/j/"+chs[0].Code); got != 1+strips {
		t.Errorf("the short link's path is printed %d times, want once and on %d strips", got, strips)
	}
	// pdftotext -bbox gives each word's box in points, from the top left.
	const pt = 72 / 25.4
	word := regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)
	codes := 0
	for _, m := range word.FindAllStringSubmatch(run(t, "pdftotext", "-bbox", file, "-"), -1) {
		var box [4]float64
		for i := range box {
			fmt.Sscan(m[i+1], &box[i])
		}
		if box[3] < (297-height)*pt {
			continue // above the strips
		}
		strip := float64(int(box[0] / (width * pt)))
		left, right := strip*width*pt, (strip+1)*width*pt
		if box[1] < (297-height)*pt || box[3] > 297*pt || box[0] < left || box[2] > right {
			t.Errorf("%q at %v runs past its strip's cut lines (%.1f to %.1f across, from %.1f down)", m[5], box, left, right, (297-height)*pt)
		}
		if strings.Contains(m[5], chs[0].Code) {
			codes++
			// The text runs up the strip, so the box's width is the size of its letters.
			if size := box[2] - box[0]; size < 14 {
				t.Errorf("the code on a strip is %.1f pt, want at least 14 pt", size)
			}
		}
	}
	if codes != strips {
		t.Errorf("the code is on %d strips, want %d", codes, strips)
	}
}

func TestHTML(t *testing.T) {
	var buf bytes.Buffer
	ch := makeChannels(1)[0]
	p, _ := printer(t)
	if err := p.HTML(&buf, testSurvey(), ch, channels.PosterOptions{Strips: true}); err != nil {
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
		".minutes":    "Takes about 5 minutes",
		".childline":  "Need to talk to someone now? Call Childline free on 0800\u00a01111, any time.",
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
	if got := doc.Find(".strips li").Length(); got != 6 {
		t.Errorf("%d tear-off strips, want 6", got)
	}
	if got, want := doc.Find(".strips li:first-child .strip-link b").Text(), "/j/"+ch.Code; got != want {
		t.Errorf("a strip's large part is %q, want %q", got, want)
	}
	if strings.Contains(doc.Text(), "poster.") {
		t.Error("a message id was printed instead of its text")
	}
}

// BenchmarkPack builds a borough's poster pack: 160 channels in one PDF.
func BenchmarkPack(b *testing.B) {
	p, _ := printer(b)
	chs := makeChannels(160)
	s := testSurvey()
	var size int
	for b.Loop() {
		var buf bytes.Buffer
		if err := p.PDF(&buf, s, chs, channels.PosterOptions{Strips: true}); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size)/1e6, "MB/pack")
}
