package xliff

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

func sample() *Document {
	return &Document{SrcLang: "en", TrgLang: "pl", Files: []File{
		{ID: "ui", Original: "active.pl.toml", Units: []Unit{
			{ID: "survey.choose_up_to", Notes: []string{"hint under a question"}, Source: "Choose up to {{.Max}}.", Target: "Wybierz najwyżej {{.Max}}.", HasTarget: true},
			{ID: "survey.left:few", Notes: []string{"plural form few", "a <b> & \"c\""}, Source: "{{.Count}} of {{.Total}} & {{.Count}}", Target: "", HasTarget: true},
			{ID: "site.name", Source: "Safety survey"},
		}},
		{ID: "survey:community-safety", Original: "community-safety.pl.yaml", Units: []Unit{
			{ID: "question.safe_area.option.okay", Notes: []string{"answer option 3 of a 5-point scale"}, Source: "Okay", Target: "W porządku", HasTarget: true},
		}},
	}}
}

// TestGolden pins the bytes a CAT tool receives.
func TestGolden(t *testing.T) {
	got := sample().Marshal()
	want, err := os.ReadFile("testdata/sample.xlf")
	if os.Getenv("UPDATE_GOLDEN") != "" {
		err = os.WriteFile("testdata/sample.xlf", got, 0o644)
		want = got
	}
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("Marshal =\n%s\nwant\n%s", got, want)
	}
}

func TestRoundTrip(t *testing.T) {
	first := sample().Marshal()
	d, err := Parse(first)
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Files[0].Units[1].Source; got != "{{.Count}} of {{.Total}} & {{.Count}}" {
		t.Errorf("source with placeholders read back as %q", got)
	}
	if d.Files[0].Units[2].HasTarget {
		t.Error("a unit without <target> read back with one")
	}
	if second := d.Marshal(); !bytes.Equal(first, second) {
		t.Errorf("round trip changed the bytes:\n%s\nthen\n%s", first, second)
	}
}

// TestTargetPlaceholderByID reads a target whose <ph> a CAT tool wrote with its id alone.
func TestTargetPlaceholderByID(t *testing.T) {
	data := strings.Replace(string(sample().Marshal()),
		`<target>Wybierz najwyżej <ph id="ph1" equiv="{{.Max}}" disp="{{.Max}}"/>.</target>`,
		`<target>Wybierz najwyżej <ph id="ph1"></ph>.</target>`, 1)
	d, err := Parse([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := d.Files[0].Units[0].Target, "Wybierz najwyżej {{.Max}}."; got != want {
		t.Errorf("target = %q, want %q", got, want)
	}
}

func TestParseErrors(t *testing.T) {
	good := string(sample().Marshal())
	tests := []struct{ name, data, want string }{
		{"ErrNotXML", "hello", "not an XLIFF file"},
		{"ErrVersion", strings.Replace(good, `version="2.0"`, `version="1.2"`, 1), "not XLIFF 2.0"},
		{"ErrInlineElement", strings.Replace(good, "<target>W porządku</target>", "<target><pc id=\"1\">W</pc> porządku</target>", 1),
			`file "survey:community-safety", unit "question.safe_area.option.okay": target: inline element <pc> is not supported`},
		{"ErrUnknownPlaceholder", strings.Replace(good, `<target>Wybierz najwyżej <ph id="ph1" equiv="{{.Max}}" disp="{{.Max}}"/>.</target>`, `<target>Wybierz <ph id="ph9"/>.</target>`, 1),
			`file "ui", unit "survey.choose_up_to": target: placeholder <ph id="ph9"> is not one of the source's`},
		{"ErrNoSegment", strings.Replace(good, "<segment>\n        <source>Safety survey</source>\n      </segment>", "", 1),
			`file "ui", unit "site.name": needs exactly one segment with a source`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.data))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
}
