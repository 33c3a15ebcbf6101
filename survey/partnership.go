package survey

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// Partnership is who publishes a survey's findings, as the infographic shows them: its name,
// its colours (Colour behind white text, Accent for marks) and its logo, an SVG of paths.
type Partnership struct {
	Name   Text   `json:"name"`
	Colour string `json:"colour,omitempty"` // #rrggbb
	Accent string `json:"accent,omitempty"` // #rrggbb
	Logo   string `json:"logo,omitempty"`   // SVG markup: a viewBox and path elements only
}

// DefaultColour and DefaultAccent are the infographic's colours when a survey gives none.
const (
	DefaultColour = "#1d4f91"
	DefaultAccent = "#1d4f91"
)

// Colours returns the partnership's colours, or the defaults for those it does not give.
func (p *Partnership) Colours() (colour, accent string) {
	colour, accent = DefaultColour, DefaultAccent
	if p != nil && p.Colour != "" {
		colour = p.Colour
	}
	if p != nil && p.Accent != "" {
		accent = p.Accent
	}
	return colour, accent
}

// MaxLogoBytes is the largest logo a definition may hold.
const MaxLogoBytes = 32 << 10

// LogoPath is one filled shape of a logo.
type LogoPath struct {
	D    string // SVG path data
	Fill string // #rrggbb, or "" for black
}

// Logo is a partnership's logo as the shapes it is drawn with, in a ViewBox of W by H.
type Logo struct {
	X, Y, W, H float64
	Paths      []LogoPath
}

// ParseLogo reads an SVG logo: its viewBox and the d and fill of every path, in order. Anything
// else that draws (text, images, scripts, styles) is refused, so a logo draws the same on paper,
// in an image and on a page, and carries nothing that runs.
func ParseLogo(svg string) (*Logo, error) {
	if len(svg) > MaxLogoBytes {
		return nil, errors.New("logo too large")
	}
	d := xml.NewDecoder(bytes.NewBufferString(svg))
	logo := &Logo{}
	root := true
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		attrs := map[string]string{}
		for _, a := range el.Attr {
			attrs[a.Name.Local] = a.Value
		}
		switch {
		case root && el.Name.Local == "svg":
			var box [4]float64
			fields := listSeparator.Split(strings.TrimSpace(attrs["viewBox"]), -1)
			if len(fields) != 4 {
				return nil, errors.New("logo needs a viewBox")
			}
			for i, f := range fields {
				if box[i], err = strconv.ParseFloat(f, 64); err != nil || math.IsNaN(box[i]) || math.IsInf(box[i], 0) {
					return nil, errors.New("logo viewBox is not four numbers")
				}
			}
			if box[2] <= 0 || box[3] <= 0 {
				return nil, errors.New("logo viewBox is empty")
			}
			logo.X, logo.Y, logo.W, logo.H = box[0], box[1], box[2], box[3]
		case root:
			return nil, errors.New("logo is not an svg element")
		case el.Name.Local == "path":
			fill := attrs["fill"]
			if fill != "" && !colourPattern.MatchString(fill) {
				return nil, errors.New("logo fill is not a #rrggbb colour")
			}
			logo.Paths = append(logo.Paths, LogoPath{D: attrs["d"], Fill: fill})
		case el.Name.Local == "g" || el.Name.Local == "title" || el.Name.Local == "desc":
		default:
			return nil, errors.New("logo may hold paths only, not " + el.Name.Local)
		}
		root = false
	}
	if root || len(logo.Paths) == 0 {
		return nil, errors.New("logo has no paths")
	}
	return logo, nil
}

var (
	colourPattern = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
	listSeparator = regexp.MustCompile(`[\s,]+`)
)

// ContrastWithWhite is the WCAG contrast ratio of a #rrggbb colour with white.
func ContrastWithWhite(hex string) float64 {
	var lum float64
	for i, w := range []float64{0.2126, 0.7152, 0.0722} {
		v, _ := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		c := float64(v) / 255
		if c <= 0.04045 {
			c /= 12.92
		} else {
			c = math.Pow((c+0.055)/1.055, 2.4)
		}
		lum += w * c
	}
	return 1.05 / (lum + 0.05)
}

// The problems checkPartnership reports.
var (
	msgColour     = definitionMessage("definition.colour")
	msgColourDark = definitionMessage("definition.colour_contrast")
	msgLogo       = definitionMessage("definition.logo")
)

func (s *Survey) checkPartnership(c *checker) {
	p := s.Partnership
	if p == nil {
		return
	}
	c.text(0, "partnership: name", p.Name, true)
	for _, fc := range [][2]string{{"colour", p.Colour}, {"accent", p.Accent}} {
		field, colour := fc[0], fc[1]
		switch {
		case colour == "":
		case !colourPattern.MatchString(colour):
			c.add(0, "partnership: "+field, msgColour, "Colour", colour)
		case ContrastWithWhite(colour) < 4.5:
			c.add(0, "partnership: "+field, msgColourDark, "Colour", colour)
		}
	}
	if p.Logo != "" {
		if _, err := ParseLogo(p.Logo); err != nil {
			c.add(0, "partnership: logo", msgLogo, "Detail", err.Error())
		}
	}
}
