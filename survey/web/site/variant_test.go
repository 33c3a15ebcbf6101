package site_test

import (
	"strings"
	"testing"
)

// TestRegionalVariantPage checks a phone asking for European Portuguese gets the pt-PT variant's
// own words, and the Portuguese text for what the variant does not change.
func TestRegionalVariantPage(t *testing.T) {
	ta := newTestApp(t)
	tests := []struct {
		name, accept, lang, title, help, area string
	}{
		{"Portugal", "pt-PT,pt;q=0.9", "pt-PT", "Sentes-te em segurança?", "É anónimo, demora uns 5 minutos e podes saltar o que quiseres.", "Não moro em Wandsworth"},
		{"Brazil", "pt-BR", "pt", "Você se sente em segurança?", "É anônima, leva uns 5 minutos e você pode pular o que quiser.", "Não moro em Wandsworth"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, doc := ta.get(t, "/s/"+slug, "Accept-Language", tt.accept)
			if got, _ := doc.Find("html").Attr("lang"); got != tt.lang {
				t.Errorf("lang = %q, want %q", got, tt.lang)
			}
			if got := strings.TrimSpace(doc.Find("h1").First().Text()); got != tt.title {
				t.Errorf("h1 = %q, want %q", got, tt.title)
			}
			text := doc.Text()
			for _, want := range []string{tt.help, tt.area} {
				if !strings.Contains(text, want) {
					t.Errorf("page lacks %q", want)
				}
			}
		})
	}
}
