// Package xliff reads and writes XLIFF 2.0 files (OASIS, urn:oasis:names:tc:xliff:document:2.0),
// the exchange format of CAT tools such as OmegaT, Poedit and Weblate: one <file> per set of
// strings, one <unit> per string with <note>s for context, and {{.Name}} placeholders as <ph>
// elements a translation tool protects.
package xliff

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// Namespace is the XML namespace of XLIFF 2.0 documents.
const Namespace = "urn:oasis:names:tc:xliff:document:2.0"

// Document is an XLIFF 2.0 document: strings translated from SrcLang into TrgLang.
type Document struct {
	SrcLang, TrgLang string
	Files            []File
}

// File is one set of strings, such as the UI strings or one survey's text.
type File struct {
	ID       string
	Original string // the file the strings come from, for the translator
	Units    []Unit
}

// Unit is one string: its id, notes giving context, the source text and, once translated, the
// target. Texts keep placeholders as {{.Name}}.
type Unit struct {
	ID        string
	Notes     []string
	Source    string
	Target    string
	HasTarget bool
}

// placeholder matches the go-i18n placeholders that become <ph> elements.
var placeholder = regexp.MustCompile(`\{\{\s*\.[A-Za-z]+\s*\}\}`)

// Marshal writes the document with two-space indentation, the same bytes for the same document.
func (d *Document) Marshal() []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	fmt.Fprintf(&b, "<xliff xmlns=%q version=\"2.0\" srcLang=%s trgLang=%s>\n", Namespace, attr(d.SrcLang), attr(d.TrgLang))
	for _, f := range d.Files {
		fmt.Fprintf(&b, "  <file id=%s original=%s>\n", attr(f.ID), attr(f.Original))
		for _, u := range f.Units {
			fmt.Fprintf(&b, "    <unit id=%s>\n", attr(u.ID))
			if len(u.Notes) > 0 {
				b.WriteString("      <notes>\n")
				for _, n := range u.Notes {
					fmt.Fprintf(&b, "        <note>%s</note>\n", text(n))
				}
				b.WriteString("      </notes>\n")
			}
			ids := phIDs{}
			b.WriteString("      <segment>\n")
			fmt.Fprintf(&b, "        <source>%s</source>\n", ids.inline(u.Source, true))
			if u.HasTarget {
				fmt.Fprintf(&b, "        <target>%s</target>\n", ids.inline(u.Target, false))
			}
			b.WriteString("      </segment>\n")
			b.WriteString("    </unit>\n")
		}
		b.WriteString("  </file>\n")
	}
	b.WriteString("</xliff>\n")
	return b.Bytes()
}

// phIDs numbers the placeholders of a unit: every <ph> of the source gets its own id, and the
// target's n-th {{.Name}} takes the id of the source's n-th {{.Name}}, as XLIFF 2.0 pairs them.
type phIDs struct {
	n      int
	byText map[string][]string
}

// inline writes text with each placeholder as <ph>.
func (p *phIDs) inline(s string, source bool) string {
	if p.byText == nil {
		p.byText = map[string][]string{}
	}
	used := map[string]int{}
	var b strings.Builder
	last := 0
	for _, m := range placeholder.FindAllStringIndex(s, -1) {
		b.WriteString(text(s[last:m[0]]))
		ph := s[m[0]:m[1]]
		known := p.byText[ph]
		var id string
		if source || used[ph] >= len(known) {
			p.n++
			id = fmt.Sprintf("ph%d", p.n)
			if source {
				p.byText[ph] = append(known, id)
			}
		} else {
			id = known[used[ph]]
		}
		used[ph]++
		fmt.Fprintf(&b, "<ph id=%s equiv=%s disp=%s/>", attr(id), attr(ph), attr(ph))
		last = m[1]
	}
	b.WriteString(text(s[last:]))
	return b.String()
}

func text(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

func attr(s string) string {
	return `"` + strings.ReplaceAll(text(s), `"`, "&quot;") + `"`
}

// Error is a problem with one unit (or, with Unit empty, one file) of a document.
type Error struct {
	File, Unit, Problem string
}

func (e *Error) Error() string {
	switch {
	case e.Unit != "":
		return fmt.Sprintf("file %q, unit %q: %s", e.File, e.Unit, e.Problem)
	case e.File != "":
		return fmt.Sprintf("file %q: %s", e.File, e.Problem)
	}
	return e.Problem
}

// Parse reads an XLIFF 2.0 document. Inline codes other than the <ph> placeholders this package
// writes are refused, naming the file and unit, since they would be lost on the way back.
func Parse(data []byte) (*Document, error) {
	var raw struct {
		XMLName xml.Name `xml:"xliff"`
		Version string   `xml:"version,attr"`
		SrcLang string   `xml:"srcLang,attr"`
		TrgLang string   `xml:"trgLang,attr"`
		Files   []struct {
			ID       string `xml:"id,attr"`
			Original string `xml:"original,attr"`
			Units    []struct {
				ID       string   `xml:"id,attr"`
				Notes    []string `xml:"notes>note"`
				Segments []struct {
					Source *content `xml:"source"`
					Target *content `xml:"target"`
				} `xml:"segment"`
			} `xml:"unit"`
		} `xml:"file"`
	}
	if err := xml.Unmarshal(data, &raw); err != nil {
		return nil, &Error{Problem: "not an XLIFF file: " + err.Error()}
	}
	if raw.XMLName.Space != Namespace || raw.Version != "2.0" {
		return nil, &Error{Problem: fmt.Sprintf("not XLIFF 2.0 (version %q, namespace %q)", raw.Version, raw.XMLName.Space)}
	}
	d := &Document{SrcLang: raw.SrcLang, TrgLang: raw.TrgLang}
	for _, rf := range raw.Files {
		f := File{ID: rf.ID, Original: rf.Original}
		for _, ru := range rf.Units {
			fail := func(problem string) error { return &Error{File: rf.ID, Unit: ru.ID, Problem: problem} }
			if len(ru.Segments) != 1 || ru.Segments[0].Source == nil {
				return nil, fail("needs exactly one segment with a source")
			}
			seg := ru.Segments[0]
			u := Unit{ID: ru.ID, Notes: ru.Notes}
			ids := map[string]string{}
			var err error
			if u.Source, err = seg.Source.text(ids, true); err != nil {
				return nil, fail("source: " + err.Error())
			}
			if seg.Target != nil {
				u.HasTarget = true
				if u.Target, err = seg.Target.text(ids, false); err != nil {
					return nil, fail("target: " + err.Error())
				}
			}
			f.Units = append(f.Units, u)
		}
		d.Files = append(d.Files, f)
	}
	return d, nil
}

// content is the inline content of a <source> or <target>, kept raw to read text and <ph> in order.
type content struct {
	Inner []byte `xml:",innerxml"`
}

// text turns inline content back into a string with {{.Name}} placeholders. A <ph> gives its
// placeholder by equiv or, as tools that drop attributes in the target do, by the id the
// source gave it; source collects those ids.
func (c *content) text(ids map[string]string, source bool) (string, error) {
	dec := xml.NewDecoder(bytes.NewReader(c.Inner))
	var b strings.Builder
	depth := 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return b.String(), nil
		}
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.CharData:
			b.Write(t)
		case xml.StartElement:
			if t.Name.Local != "ph" || depth > 0 {
				return "", fmt.Errorf("inline element <%s> is not supported: only <ph/> placeholders", t.Name.Local)
			}
			depth++
			id, equiv := attrValue(t, "id"), attrValue(t, "equiv")
			if equiv == "" {
				equiv = ids[id]
			}
			if !placeholder.MatchString(equiv) || placeholder.FindString(equiv) != equiv {
				return "", fmt.Errorf("placeholder <ph id=%q> is not one of the source's", id)
			}
			if source {
				ids[id] = equiv
			}
			b.WriteString(equiv)
		case xml.EndElement:
			depth--
		}
	}
}

func attrValue(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}
