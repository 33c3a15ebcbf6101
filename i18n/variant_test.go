package i18n

import (
	"strings"
	"testing"
	"testing/fstest"
)

func variantCatalog(t *testing.T) *Catalog {
	t.Helper()
	c, err := Load(fstest.MapFS{
		"l/active.en.toml":    {Data: []byte("\"bus\" = \"bus\"\n\"hi\" = \"Hello\"\n\"left\" = \"{{.Count}} left\"\n")},
		"l/active.pt.toml":    {Data: []byte("\"bus\" = \"ônibus\"\n\"hi\" = \"Olá\"\n\"left\" = \"faltam {{.Count}}\"\n")},
		"l/active.pt-PT.toml": {Data: []byte("\"bus\" = \"autocarro\"\n")},
	}, "l")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestVariantFallsBackToBase(t *testing.T) {
	c := variantCatalog(t)
	tests := []struct{ lang, id, want string }{
		{"pt-PT", "bus", "autocarro"},
		{"pt-PT", "hi", "Olá"},
		{"pt", "bus", "ônibus"},
		{"pt-PT", "nowhere", "nowhere"},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+tt.id, func(t *testing.T) {
			if got := c.Localizer(tt.lang).T(tt.id); got != tt.want {
				t.Errorf("T(%s) in %s = %q, want %q", tt.id, tt.lang, got, tt.want)
			}
		})
	}
	if !c.Has("pt-PT", "hi") {
		t.Error("Has(pt-PT, hi) = false, want the base language's string to count")
	}
}

func TestCheckVariant(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		if problems := variantCatalog(t).Check(); len(problems) > 0 {
			t.Errorf("a variant holding only what differs has problems: %v", problems)
		}
	})
	t.Run("ErrPlaceholder", func(t *testing.T) {
		c, err := Load(fstest.MapFS{
			"l/active.en.toml":    {Data: []byte("\"left\" = \"{{.Count}} left\"\n")},
			"l/active.pt.toml":    {Data: []byte("\"left\" = \"faltam {{.Count}}\"\n")},
			"l/active.pt-PT.toml": {Data: []byte("\"left\" = \"faltam {{.Number}}\"\n\"extra\" = \"x\"\n")},
		}, "l")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range c.Check() {
			got = append(got, p.String())
		}
		want := []string{"pt-PT: left: placeholders [Number] in the other form, English has [Count]", "pt-PT: extra: not in English: remove it or add it to active.en.toml"}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("problems = %q, want %q", got, want)
		}
	})
}

func TestLoadVariantNeedsBase(t *testing.T) {
	_, err := Load(fstest.MapFS{
		"l/active.en.toml":    {Data: []byte("\"a\" = \"b\"\n")},
		"l/active.pt-PT.toml": {Data: []byte("\"a\" = \"c\"\n")},
	}, "l")
	if err == nil || !strings.Contains(err.Error(), "no active.pt.toml") {
		t.Fatalf("err = %v, want the missing base language named", err)
	}
}

func TestNegotiateVariant(t *testing.T) {
	offered := []string{"en", "pt", "pt-PT"}
	tests := []struct{ name, query, accept, want string }{
		{"AsksForVariant", "", "pt-PT,pt;q=0.9", "pt-PT"},
		{"AsksLowerCase", "", "pt-pt", "pt-PT"},
		{"BrazilGetsBase", "", "pt-BR", "pt"},
		{"BaseGetsBase", "", "pt", "pt"},
		{"QueryChoosesVariant", "pt-PT", "en", "pt-PT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Negotiate(tt.query, "", tt.accept, offered, "en"); got != tt.want {
				t.Errorf("Negotiate(%q, %q) = %q, want %q", tt.query, tt.accept, got, tt.want)
			}
		})
	}
}

func TestDescribeVariant(t *testing.T) {
	tests := []struct{ code, name, dir string }{
		{"pt-PT", "Português (Portugal)", "ltr"},
		{"ar-EG", "العربية (EG)", "rtl"},
	}
	for _, tt := range tests {
		if got := Describe(tt.code); got.Name != tt.name || got.Dir != tt.dir {
			t.Errorf("Describe(%s) = %+v, want %s, %s", tt.code, got, tt.name, tt.dir)
		}
	}
}
