package i18n

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestPluralFormsOf(t *testing.T) {
	tests := []struct {
		lang string
		want []string
	}{
		{"en", []string{"one", "other"}},
		{"pl", []string{"one", "few", "many", "other"}},
		{"ar", []string{"zero", "one", "two", "few", "many", "other"}},
		{"bn", []string{"one", "other"}},
		{"uk", []string{"one", "few", "many", "other"}},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			if got := PluralFormsOf(tt.lang); !slices.Equal(got, tt.want) {
				t.Errorf("PluralFormsOf(%s) = %v, want %v", tt.lang, got, tt.want)
			}
		})
	}
}

func TestMessages(t *testing.T) {
	c, err := Load(fstest.MapFS{
		"l/active.en.toml": {Data: []byte("# Phone page.\n\"hi\" = \"Hello\"\n\n[\"left\"]\none = \"{{.Count}} left\"\nother = \"{{.Count}} left\"\n")},
		"l/active.pl.toml": {Data: []byte("\"hi\" = \"Cześć\"\n")},
	}, "l")
	if err != nil {
		t.Fatal(err)
	}
	got := c.Messages("pl")
	if len(got) != 2 || got[0].ID != "hi" || got[1].ID != "left" {
		t.Fatalf("messages = %+v", got)
	}
	if hi := got[0]; hi.Plural() || hi.Target["other"] != "Cześć" || hi.Context != "Phone page." {
		t.Errorf("hi = %+v", hi)
	}
	if left := got[1]; !slices.Equal(left.Forms, []string{"one", "few", "many", "other"}) || len(left.Target) != 0 {
		t.Errorf("left = %+v", left)
	}
}

func TestCheckForms(t *testing.T) {
	m := Message{ID: "left", Source: map[string]string{"one": "{{.Count}} left", "other": "{{.Count}} left"}, Forms: []string{"one", "other"}}
	tests := []struct {
		name   string
		target map[string]string
		want   string
	}{
		{"OK", map[string]string{"one": "zostało {{.Count}}", "other": "zostało {{.Count}}"}, ""},
		{"OneWithoutCount", map[string]string{"one": "jedno", "other": "zostało {{.Count}}"}, ""},
		{"ErrFormMissing", map[string]string{"other": "zostało {{.Count}}"}, "plural forms other; the language needs one, other"},
		{"ErrPlaceholder", map[string]string{"one": "x", "other": "zostało {{.Number}}"}, "placeholders {{.Number}} in the other form, English has {{.Count}}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := strings.Join(m.CheckForms(tt.target), "; "); got != tt.want {
				t.Errorf("CheckForms = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSetMessages(t *testing.T) {
	file := "# Polish.\n\"hi\" = \"Cześć\"\n\"call\" = \"Zadzwoń \\u20660800\\u2069\"\n\n[\"left\"]\none = \"a\"\nother = \"b\"\n"
	got := string(SetMessages([]byte(file), map[string]map[string]string{
		"hi":   {"other": "Hej \"ty\""},
		"left": {"one": "c", "few": "d", "other": "b"},
		"new":  {"other": "Nowy\u2066"},
	}))
	want := "# Polish.\n\"hi\" = \"Hej \\\"ty\\\"\"\n\"call\" = \"Zadzwoń \\u20660800\\u2069\"\n\n[\"left\"]\none = \"c\"\nfew = \"d\"\nother = \"b\"\n\n[\"new\"]\nother = \"Nowy\\u2066\"\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
