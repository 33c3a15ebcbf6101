package report

import (
	"embed"
	"fmt"
	"image/color"
	"slices"
	"strings"
	"unicode"

	"github.com/benoitkugler/textprocessing/fribidi"
	"github.com/tdewolff/canvas"
	"github.com/tdewolff/canvas/text"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// The Noto fonts for the scripts the Go fonts lack, with their licence (fonts/OFL.txt). The Go
// fonts, already in the binary for the poster PDF, print Latin, Greek and Cyrillic.
//
//go:embed fonts/*.ttf fonts/OFL.txt
var fontFiles embed.FS

// fonts are the font families text is set in, the first that has a letter's glyph winning.
type fonts struct {
	families []*canvas.FontFamily // Go, Noto Sans Arabic, Noto Sans Bengali
	regular  []*canvas.Font       // the regular font of each family, to ask which glyphs it has
}

func loadFonts() (*fonts, error) {
	f := &fonts{}
	add := func(name string, regular, bold []byte) error {
		family := canvas.NewFontFamily(name)
		if err := family.LoadFont(regular, 0, canvas.FontRegular); err != nil {
			return fmt.Errorf("load font %s: %w", name, err)
		}
		if err := family.LoadFont(bold, 0, canvas.FontBold); err != nil {
			return fmt.Errorf("load bold font %s: %w", name, err)
		}
		font, err := canvas.LoadFont(regular, 0, canvas.FontRegular)
		if err != nil {
			return fmt.Errorf("load font %s: %w", name, err)
		}
		f.families, f.regular = append(f.families, family), append(f.regular, font)
		return nil
	}
	if err := add("Go", goregular.TTF, gobold.TTF); err != nil {
		return nil, err
	}
	for _, name := range []string{"NotoSansArabic", "NotoSansBengali"} {
		regular, err := fontFiles.ReadFile("fonts/" + name + "-Regular.ttf")
		if err != nil {
			return nil, err
		}
		bold, err := fontFiles.ReadFile("fonts/" + name + "-Bold.ttf")
		if err != nil {
			return nil, err
		}
		if err := add(name, regular, bold); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// has reports whether family i has a glyph for r.
func (f *fonts) has(i int, r rune) bool {
	return f.regular[i].SFNT.GlyphIndex(r) != 0
}

// familyOf picks the family for r: the one its script needs, else the current one when it
// has the glyph (punctuation, digits and spaces stay with the words around them), else the first
// that has it.
func (f *fonts) familyOf(r rune, current int) int {
	switch {
	case unicode.Is(unicode.Arabic, r):
		return 1
	case unicode.Is(unicode.Bengali, r):
		return 2
	case current >= 0 && (unicode.Is(unicode.Mn, r) || !unicode.IsLetter(r)) && f.has(current, r):
		return current
	}
	for i := range f.families {
		if f.has(i, r) {
			return i
		}
	}
	return 0
}

// style is how a piece of text looks: its size in points, weight and colour.
type style struct {
	size   float64
	bold   bool
	colour color.RGBA
}

// lineHeight is the distance between baselines of text in st, in millimetres.
func (st style) lineHeight() float64 {
	return st.size * 0.3528 * 1.4
}

func (f *fonts) face(family int, st style) *canvas.FontFace {
	weight := canvas.FontRegular
	if st.bold {
		weight = canvas.FontBold
	}
	return f.families[family].Face(st.size, st.colour, weight)
}

// line is one line of text shaped into runs, each in one font and direction, in visual order
// from left to right.
type line struct {
	runs  []*canvas.Text
	width float64
}

// run is a stretch of a line in one font at one bidirectional embedding level.
type run struct {
	text   string
	family int
	level  int
}

// shape lays out s on one line of a paragraph written right to left when rtl: the Unicode
// bidirectional algorithm (FriBidi's port) orders its runs, and HarfBuzz (go-text's port) shapes
// each, joining Arabic letters, mirroring brackets and placing Bengali vowel signs.
func (f *fonts) shape(s string, st style, rtl bool) line {
	runes := []rune(s)
	if len(runes) == 0 {
		return line{}
	}
	base := fribidi.ParType(fribidi.LTR)
	if rtl {
		base = fribidi.RTL
	}
	visual, _ := fribidi.LogicalToVisual(fribidi.DefaultFlags, runes, &base)
	levels := visual.EmbeddingLevels
	families := make([]int, len(runes))
	current := -1
	for i, r := range runes {
		current = f.familyOf(r, current)
		families[i] = current
	}
	// Neutrals before the first letter take the font of that letter.
	if first := slices.IndexFunc(runes, unicode.IsLetter); first > 0 {
		for i := range first {
			if f.has(families[first], runes[i]) {
				families[i] = families[first]
			}
		}
	}
	var runs []run
	start := 0
	for i := 1; i <= len(runes); i++ {
		if i == len(runes) || families[i] != families[start] || levels[i] != levels[start] {
			runs = append(runs, run{text: string(runes[start:i]), family: families[start], level: int(levels[start])})
			start = i
		}
	}
	reorder(runs)
	var l line
	for _, r := range runs {
		face := f.face(r.family, st)
		face.Direction = text.LeftToRight
		if r.level%2 == 1 {
			face.Direction = text.RightToLeft
		}
		t := canvas.NewTextLine(face, r.text, canvas.Left)
		l.runs = append(l.runs, t)
		l.width += t.Width
	}
	return l
}

// reorder puts runs in visual order (rule L2 of the bidirectional algorithm): from the highest
// level down to the lowest odd one, every sequence of runs at that level or above is reversed.
func reorder(runs []run) {
	highest, lowestOdd := 0, 1<<30
	for _, r := range runs {
		highest = max(highest, r.level)
		if r.level%2 == 1 {
			lowestOdd = min(lowestOdd, r.level)
		}
	}
	for level := highest; level >= lowestOdd; level-- {
		for i := 0; i < len(runs); {
			if runs[i].level < level {
				i++
				continue
			}
			j := i
			for j < len(runs) && runs[j].level >= level {
				j++
			}
			slices.Reverse(runs[i:j])
			i = j
		}
	}
}

// paragraph is text wrapped to a width, in the direction it is written.
type paragraph struct {
	lines []line
	st    style
	rtl   bool
}

// height is how much room the paragraph takes, from the top of its first line to below its last.
func (p paragraph) height() float64 {
	return float64(len(p.lines)) * p.st.lineHeight()
}

// wrap breaks s into lines no wider than width, at spaces other than no-break spaces (which keep
// a phone number on one line). Words are measured one by one, which is exact for every script
// here: none joins letters across a space.
func (f *fonts) wrap(s string, st style, width float64, rtl bool) paragraph {
	p := paragraph{st: st, rtl: rtl}
	fields := strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) && r != '\u00a0' })
	if len(fields) == 0 {
		return p
	}
	if whole := f.shape(strings.Join(fields, " "), st, rtl); whole.width <= width || len(fields) < 2 {
		p.lines = append(p.lines, whole) // most labels fit on one line: shape them once
		return p
	}
	space := f.shape(" ", st, rtl).width
	var words []string
	used := 0.0
	for _, word := range fields {
		w := f.shape(word, st, rtl).width
		if len(words) > 0 && used+space+w > width {
			p.lines = append(p.lines, f.shape(strings.Join(words, " "), st, rtl))
			words, used = nil, 0
		}
		if len(words) > 0 {
			used += space
		}
		words, used = append(words, word), used+w
	}
	if len(words) > 0 {
		p.lines = append(p.lines, f.shape(strings.Join(words, " "), st, rtl))
	}
	return p
}
