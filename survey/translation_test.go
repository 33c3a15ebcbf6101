package survey

import (
	"slices"
	"strings"
	"testing"
)

func TestSortLanguages(t *testing.T) {
	codes := []string{"zu", "pl", "en", "ar", "de"}
	SortLanguages(codes, []string{"en", "pl", "ar"})
	if want := []string{"en", "pl", "ar", "de", "zu"}; !slices.Equal(codes, want) {
		t.Errorf("sorted %v, want %v", codes, want)
	}
}

func TestTextInVariant(t *testing.T) {
	text := Text{"en": "bus", "pt": "ônibus", "pt-PT": "autocarro", "ar": "حافلة"}
	tests := []struct{ lang, want string }{
		{"pt-PT", "autocarro"},
		{"pt", "ônibus"},
		{"pt-BR", "ônibus"},
		{"ar-EG", "حافلة"},
		{"pl", "bus"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			if got := text.In(tt.lang); got != tt.want {
				t.Errorf("In(%s) = %q, want %q", tt.lang, got, tt.want)
			}
		})
	}
}

func TestCheckVariantNeedsBase(t *testing.T) {
	s := &Survey{Slug: "s1", Version: 1, Status: StatusOpen, DefaultLanguage: "en", Title: Text{"en": "T"},
		Languages: []Language{{Code: "en"}, {Code: "pt-PT"}}}
	err := s.Check()
	if err == nil || !strings.Contains(err.Error(), `definition.variant_without_base Base="pt" Code="pt-PT"`) {
		t.Fatalf("Check = %v, want the variant's missing base reported", err)
	}
	s.Languages = append(s.Languages, Language{Code: "pt"})
	if err := s.Check(); err != nil && strings.Contains(err.Error(), "variant_without_base") {
		t.Errorf("Check with pt offered = %v", err)
	}
}
