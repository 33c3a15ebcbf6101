package i18n

import (
	"testing"
	"testing/fstest"
)

func TestSetEdits(t *testing.T) {
	c, err := Load(fstest.MapFS{
		"l/active.en.toml": {Data: []byte("\"hi\" = \"Hi {{.Name}}\"\n\"bye\" = \"Bye\"\n[\"left\"]\none = \"{{.Count}} question left\"\nother = \"{{.Count}} questions left\"\n")},
		"l/active.pl.toml": {Data: []byte("\"hi\" = \"Cześć {{.Name}}\"\n\"bye\" = \"Pa\"\n[\"left\"]\none = \"Została {{.Count}} pytanie\"\nfew = \"Zostały {{.Count}} pytania\"\nmany = \"Zostało {{.Count}} pytań\"\nother = \"Zostało {{.Count}} pytania\"\n")},
		"l/active.uk.toml": {Data: []byte("\"hi\" = \"Привіт {{.Name}}\"\n")},
	}, "l")
	if err != nil {
		t.Fatal(err)
	}
	pl := c.Localizer("pl")
	err = c.SetEdits("pl", map[string]map[string]string{
		"hi":   {"other": "Hej {{.Name}}"},
		"left": {"one": "Jeszcze {{.Count}} pytanie", "few": "Jeszcze {{.Count}} pytania", "many": "Jeszcze {{.Count}} pytań", "other": "Jeszcze {{.Count}} pytania"},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, lang, id string
		count          int
		want           string
	}{
		{"Edited", "pl", "hi", -1, "Hej Ala"},
		{"EditedPlural", "pl", "left", 5, "Jeszcze 5 pytań"},
		{"NotEdited", "pl", "bye", -1, "Pa"},
		{"OtherLanguage", "uk", "hi", -1, "Привіт Ala"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := []any{"Name", "Ala"}
			if tc.count >= 0 {
				args = []any{"Count", tc.count}
			}
			// pl was taken before the edits: localizers already handed out see them too.
			l := pl
			if tc.lang != "pl" {
				l = c.Localizer(tc.lang)
			}
			if got := l.T(tc.id, args...); got != tc.want {
				t.Errorf("T(%s) = %q, want %q", tc.id, got, tc.want)
			}
		})
	}
	if err := c.SetEdits("pl", nil); err != nil {
		t.Fatal(err)
	}
	if got := pl.T("hi", "Name", "Ala"); got != "Cześć Ala" {
		t.Errorf("after the edits are removed: %q, want the file's text", got)
	}
}
