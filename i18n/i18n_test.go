package i18n

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/safeguarding/safetysurvey/public"
)

func BenchmarkNegotiate(b *testing.B) {
	offered := []string{"en", "pl", "es", "pt", "ar", "so", "bn", "ur", "fr", "uk"}
	for b.Loop() {
		Negotiate("", "", "fr-FR,fr;q=0.9,en-GB;q=0.8,en;q=0.7", offered, "en")
	}
}

func TestNegotiate(t *testing.T) {
	offered := []string{"en", "pl", "pt", "ar", "uk"}
	tests := []struct {
		name, query, cookie, accept, want string
	}{
		{"QueryBeatsAll", "pl", "ar", "uk", "pl"},
		{"CookieBeatsHeader", "", "ar", "uk", "ar"},
		{"HeaderBeatsDefault", "", "", "uk", "uk"},
		{"Default", "", "", "", "en"},
		{"RegionalFallbackPortuguese", "", "", "pt-BR", "pt"},
		{"RegionalFallbackArabic", "", "", "ar-EG,ar;q=0.9", "ar"},
		{"UnderscoreRegion", "pt_BR", "", "", "pt"},
		{"CaseInsensitive", "PL", "", "", "pl"},
		{"QualityOrder", "", "", "fr;q=0.9, uk;q=0.8, pl;q=0.95", "pl"},
		{"QualityZeroIgnored", "", "", "pl;q=0, uk;q=0.1", "uk"},
		{"SkipsUnoffered", "", "", "fr-FR, de;q=0.9, ar;q=0.5", "ar"},
		{"UnofferedQueryFallsThrough", "zz", "", "pl", "pl"},
		{"UnofferedCookieFallsThrough", "", "so", "pt-PT", "pt"},
		{"Wildcard", "", "", "*", "en"},
		{"Garbage", "", "", ";;;q=x,, ,", "en"},
		{"MalformedHeaderIgnored", "", "", "pl;q=abc, uk", "en"},
		{"UnrelatedLanguageNotMatched", "", "", "ru", "en"},
		{"PortugalPortuguese", "", "", "pt-PT", "pt"},
		{"ScriptSubtag", "", "", "uk-Cyrl-UA", "uk"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Negotiate(tt.query, tt.cookie, tt.accept, offered, "en"); got != tt.want {
				t.Errorf("Negotiate(%q, %q, %q) = %q, want %q", tt.query, tt.cookie, tt.accept, got, tt.want)
			}
		})
	}
}

func TestLocalizerNumbers(t *testing.T) {
	c, err := Load(fstest.MapFS{
		"l/active.en.toml": {Data: []byte("\"hi\" = \"Hi\"\n")},
		"l/active.fr.toml": {Data: []byte("\"hi\" = \"Salut\"\n")},
		"l/active.ar.toml": {Data: []byte("\"hi\" = \"مرحبا\"\n")},
	}, "l")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		lang, number, percent, decimal string
	}{
		{"en", "1,234", "53.8%", "3.2"},
		{"fr", "1\u00a0234", "53,8\u00a0%", "3,2"},
		{"ar", "١٬٢٣٤", "٥٣٫٨٪\u061c", "٣٫٢"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			l := c.Localizer(tt.lang)
			if got := l.Number(1234); got != tt.number {
				t.Errorf("Number(1234) = %q, want %q", got, tt.number)
			}
			if got := l.Decimal(3.24); got != tt.decimal {
				t.Errorf("Decimal(3.24) = %q, want %q", got, tt.decimal)
			}
			if got := l.Percent(53.8); got != tt.percent {
				t.Errorf("Percent(53.8) = %q, want %q", got, tt.percent)
			}
		})
	}
}

func TestLocalizerPlurals(t *testing.T) {
	c, err := Load(fstest.MapFS{
		"l/active.en.toml": {Data: []byte("\"hi\" = \"Hi {{.Name}}\"\n[\"left\"]\none = \"{{.Count}} question left\"\nother = \"{{.Count}} questions left\"\n")},
		"l/active.pl.toml": {Data: []byte("[\"left\"]\none = \"Została {{.Count}} pytanie\"\nfew = \"Zostały {{.Count}} pytania\"\nmany = \"Zostało {{.Count}} pytań\"\nother = \"Zostało {{.Count}} pytania\"\n")},
	}, "l")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		lang  string
		count int
		want  string
	}{
		{"en", 1, "1 question left"},
		{"en", 3, "3 questions left"},
		{"pl", 1, "Została 1 pytanie"},
		{"pl", 3, "Zostały 3 pytania"},
		{"pl", 5, "Zostało 5 pytań"},
		{"pl", 22, "Zostały 22 pytania"},
	}
	for _, tt := range tests {
		if got := c.Localizer(tt.lang).T("left", "Count", tt.count); got != tt.want {
			t.Errorf("%s %d: %q, want %q", tt.lang, tt.count, got, tt.want)
		}
	}
	if got := c.Localizer("pl").T("hi", "Name", "Ala"); got != "Hi Ala" {
		t.Errorf("missing Polish message should fall back to English, got %q", got)
	}
	if got := c.Localizer("xx").Lang(); got != "en" {
		t.Errorf("unknown language localizer = %q, want en", got)
	}
	if got := c.Localizer("en").T("no.such.id"); got != "no.such.id" {
		t.Errorf("missing message = %q, want its id", got)
	}
}

func TestLoadNeedsEnglish(t *testing.T) {
	_, err := Load(fstest.MapFS{"l/active.pl.toml": {Data: []byte(`"a" = "b"`)}}, "l")
	if err == nil || !strings.Contains(err.Error(), "active.en.toml") {
		t.Fatalf("err = %v, want English required", err)
	}
}

// TestShippedLanguages checks every shipped UI language is named in its own script, knows its
// direction, and passes the completeness check.
func TestShippedLanguages(t *testing.T) {
	c, err := Load(public.Files, "locales")
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range c.Languages() {
		l := Describe(code)
		if l.Name == code {
			t.Errorf("%s has no native name", code)
		}
		wantDir := "ltr"
		if code == "ar" || code == "ur" {
			wantDir = "rtl"
		}
		if l.Dir != wantDir {
			t.Errorf("%s dir = %s, want %s", code, l.Dir, wantDir)
		}
	}
	if problems := c.Check(); len(problems) > 0 {
		t.Errorf("shipped translations have problems: %v", problems)
	}
}

func TestPluralForms(t *testing.T) {
	c, err := Load(public.Files, "locales")
	if err != nil {
		t.Fatal(err)
	}
	for lang, want := range map[string][]string{
		"en": {"one", "other"},
		"pl": {"few", "many", "one", "other"},
		"ar": {"few", "many", "one", "other", "two", "zero"},
	} {
		forms := c.Localizer(lang).PluralForms("survey.characters_left")
		got := slices.Sorted(maps.Keys(forms))
		if !slices.Equal(got, want) {
			t.Errorf("%s: forms %v, want %v", lang, got, want)
		}
		// Some forms may say the number in words ("one character left"); "other" never can.
		if !strings.Contains(forms["other"], "{{.Count}}") {
			t.Errorf("%s other: %q lacks {{.Count}}", lang, forms["other"])
		}
	}
	if forms := c.Localizer("pl").PluralForms("no.such.message"); forms != nil {
		t.Errorf("unknown message gave %v", forms)
	}
}

func TestLocalizerDate(t *testing.T) {
	c, err := Load(fstest.MapFS{
		"l/active.en.toml": {Data: []byte("\"date.day_month_year\" = \"{{.Day}} {{.Month}} {{.Year}}\"\n\"date.month_3\" = \"March\"\n")},
		"l/active.es.toml": {Data: []byte("\"date.day_month_year\" = \"{{.Day}} de {{.Month}} de {{.Year}}\"\n\"date.month_3\" = \"marzo\"\n")},
		"l/active.ar.toml": {Data: []byte("\"date.month_3\" = \"مارس\"\n")},
	}, "l")
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2027, time.March, 4, 23, 0, 0, 0, time.UTC)
	for lang, want := range map[string]string{"en": "4 March 2027", "es": "4 de marzo de 2027", "ar": "٤ مارس ٢٠٢٧"} {
		if got := c.Localizer(lang).Date(day); got != want {
			t.Errorf("%s: Date = %q, want %q", lang, got, want)
		}
	}
}

func TestCheckUsed(t *testing.T) {
	c, err := Load(fstest.MapFS{"l/active.en.toml": {Data: []byte(`"have" = "Here"`)}}, "l")
	if err != nil {
		t.Fatal(err)
	}
	got := c.CheckUsed([]string{"have", "lack"})
	if len(got) != 1 || got[0].String() != "en: lack: used by the code but not in active.en.toml" {
		t.Errorf("CheckUsed = %v, want only lack reported", got)
	}
}

func TestPluralCategory(t *testing.T) {
	tests := []struct {
		lang string
		n    int64
		want string
	}{
		{"en", 1, "one"}, {"en", 7, "other"},
		{"pl", 1, "one"}, {"pl", 3, "few"}, {"pl", 7, "many"}, {"pl", 22, "few"}, {"pl", 12, "many"},
		{"uk", 21, "one"}, {"uk", 4, "few"}, {"uk", 5, "many"},
		{"ar", 0, "zero"}, {"ar", 2, "two"}, {"ar", 7, "few"}, {"ar", 11, "many"}, {"ar", 100, "other"},
		{"fr", 0, "one"}, {"fr", 2, "other"}, {"bn", 1, "one"}, {"ur", 1, "one"}, {"so", 3, "other"},
		{"not a language", 1, "other"},
	}
	for _, tt := range tests {
		if got := PluralCategory(tt.lang, tt.n); got != tt.want {
			t.Errorf("PluralCategory(%s, %d) = %q, want %q", tt.lang, tt.n, got, tt.want)
		}
	}
}
