package yamlfile

import (
	"strings"
	"testing"
)

const plFile = `# Polish text.
language: pl
reviewed: false

title: Stary tytuł
intro: >-
  Długi wstęp, który
  zawija się w pliku.

questions:
  safe_home:
    text: Czy czujesz się bezpiecznie?
    options:
      "no": "Nie"
`

func TestSetTranslation(t *testing.T) {
	t.Run("InPlace", func(t *testing.T) {
		got, err := SetTranslation([]byte(plFile), "pl", map[string]string{
			"title":                        "Nowy: tytuł",
			"intro":                        "Krótki wstęp.",
			"question.safe_home.option.no": "Nie wiem",
		})
		if err != nil {
			t.Fatal(err)
		}
		want := strings.NewReplacer("title: Stary tytuł", `title: "Nowy: tytuł"`,
			"intro: >-\n  Długi wstęp, który\n  zawija się w pliku.", "intro: >-\n  Krótki wstęp.",
			`"no": "Nie"`, `"no": Nie wiem`).Replace(plFile)
		if string(got) != want {
			t.Errorf("got\n%s\nwant\n%s", got, want)
		}
	})
	t.Run("Added", func(t *testing.T) {
		got, err := SetTranslation([]byte(plFile), "pl", map[string]string{"question.why.text": "Dlaczego?", "support.2.about": "Pomoc"})
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"# Polish text.", "  why:\n    text: Dlaczego?", "support:\n  - {}\n  - about: Pomoc"} {
			if !strings.Contains(string(got), want) {
				t.Errorf("got\n%s\nwant it to contain %q", got, want)
			}
		}
	})
	t.Run("NewFile", func(t *testing.T) {
		got, err := SetTranslation(nil, "so", map[string]string{"title": "Cinwaan"})
		if err != nil {
			t.Fatal(err)
		}
		if want := "language: so\nreviewed: false\ntitle: Cinwaan\n"; string(got) != want {
			t.Errorf("got %q, want %q", got, want)
		}
	})
	t.Run("ErrUnknownID", func(t *testing.T) {
		if _, err := SetTranslation([]byte(plFile), "pl", map[string]string{"footer": "x"}); err == nil {
			t.Error("an id with no place in the file was accepted")
		}
	})
}

func TestSetActions(t *testing.T) {
	data := "actions:\n  - status: planned\n    text: Do it.\n  - status: done\n    text:\n      en: Done it.\n      pl: Zrobione.\n"
	got, err := SetActions([]byte(data), "pl", map[string]string{"action.1.text": "Zrób to.", "action.2.text": "Zrobione!"})
	if err != nil {
		t.Fatal(err)
	}
	want := "actions:\n  - status: planned\n    text:\n      en: Do it.\n      pl: Zrób to.\n  - status: done\n    text:\n      en: Done it.\n      pl: Zrobione!\n"
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
