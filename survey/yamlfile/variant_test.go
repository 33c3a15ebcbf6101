package yamlfile

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"
)

// variantDir holds the mini survey with Portuguese and a pt-PT variant that changes one label;
// the variant's file name sorts before its base language's, as pt-PT.yaml does before pt.yaml.
func variantDir(t *testing.T, variant string) fstest.MapFS {
	t.Helper()
	mini, err := os.ReadFile("testdata/ok/mini.yaml")
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{
		"s/mini.yaml":       {Data: mini},
		"s/mini.pt-PT.yaml": {Data: []byte(variant)},
	}
	return fsys
}

func TestLoadDirVariant(t *testing.T) {
	fsys := variantDir(t, "language: pt-PT\nquestions:\n  why:\n    text: Porque não?\n")
	fsys["s/mini.pt.yaml"] = &fstest.MapFile{Data: []byte("language: pt\ntitle: Mini questionário\nquestions:\n  why:\n    text: Por que não?\n")}
	surveys, err := LoadDir(fsys, "s")
	if err != nil {
		t.Fatalf("LoadDir: %v", err)
	}
	s := surveys[0]
	if got, want := strings.Join(s.LanguageCodes(), " "), "en pt pt-PT"; got != want {
		t.Errorf("languages = %s, want %s", got, want)
	}
	why, _ := s.Question("why")
	tests := []struct{ name, got, want string }{
		{"VariantOwnText", why.Text.In("pt-PT"), "Porque não?"},
		{"BaseText", why.Text.In("pt"), "Por que não?"},
		{"VariantFallsBackToBase", s.Title.In("pt-PT"), "Mini questionário"},
		{"VariantFallsBackToEnglish", s.Questions[0].Text.In("pt-PT"), "Do you feel safe at home?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
	if got, want := strings.Join(s.Untranslated("pt-PT"), "; "), strings.Join(s.Untranslated("pt"), "; "); got != want {
		t.Errorf("pt-PT untranslated %q, want what pt lacks: %q", got, want)
	}
}

func TestLoadDirVariantWithoutBase(t *testing.T) {
	_, err := LoadDir(variantDir(t, "language: pt-PT\ntitle: Mini\n"), "s")
	want := `s/mini.pt-PT.yaml:1: language: definition.variant_without_base Base="pt" Code="pt-PT"`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("err = %v, want %q", err, want)
	}
}
