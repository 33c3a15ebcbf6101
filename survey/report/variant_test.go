package report_test

import (
	"bytes"
	"io/fs"
	"testing"
	"testing/fstest"

	"github.com/PuerkitoBio/goquery"

	"github.com/safeguarding/safetysurvey/i18n"
	"github.com/safeguarding/safetysurvey/public"
	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/channels"
	"github.com/safeguarding/safetysurvey/survey/qr"
	"github.com/safeguarding/safetysurvey/survey/report"
)

// TestVariantCall checks a regional variant that words the call to action as its base language
// does is not printed twice, and one that words it its own way is.
func TestVariantCall(t *testing.T) {
	en, err := fs.ReadFile(public.Files, "locales/active.en.toml")
	if err != nil {
		t.Fatal(err)
	}
	catalog, err := i18n.Load(fstest.MapFS{
		"l/active.en.toml":    {Data: en},
		"l/active.pt.toml":    {Data: []byte(`"poster.call" = "Você se sente em segurança?"` + "\n")},
		"l/active.pt-PT.toml": {Data: []byte(`"poster.title" = "Cartaz"` + "\n")},
		"l/active.fr.toml":    {Data: []byte(`"poster.call" = "Tu te sens en sécurité ?"` + "\n")},
		"l/active.fr-CA.toml": {Data: []byte(`"poster.call" = "Te sens-tu en sécurité ?"` + "\n")},
	}, "l")
	if err != nil {
		t.Fatal(err)
	}
	p, err := report.NewPrinter(public.Files, qr.New(), catalog, base)
	if err != nil {
		t.Fatal(err)
	}
	s := testSurvey()
	s.Languages = nil
	for _, code := range []string{"en", "pt", "pt-PT", "fr", "fr-CA"} {
		s.Languages = append(s.Languages, survey.Language{Code: code})
	}
	var buf bytes.Buffer
	if err := p.HTML(&buf, s, makeChannels(1)[0], channels.PosterOptions{}); err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for lang, want := range map[string]int{"pt": 1, "pt-PT": 0, "fr": 1, "fr-CA": 1} {
		if got := doc.Find(`.calls li[lang="` + lang + `"]`).Length(); got != want {
			t.Errorf("%d calls in %s, want %d", got, lang, want)
		}
	}
}
