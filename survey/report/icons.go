package report

import (
	"fmt"
	"image/color"
	"io/fs"
	"regexp"

	"github.com/tdewolff/canvas"

	"github.com/safeguarding/safetysurvey/public"
	"github.com/safeguarding/safetysurvey/survey"
)

// The section icons, drawn for the project on a 24 by 24 grid (public/static/icons, CC0, with
// their LICENSE there): the findings page shows the same files.
var iconNames = []string{"person", "people", "shield", "home", "bulb", "speech", "quote", "actions", "star"}

var pathData = regexp.MustCompile(`\sd="([^"]+)"`)

// icons are the section icons as paths 1 mm across, y up, ready to scale.
type icons map[string]*canvas.Path

func loadIcons() (icons, error) {
	ic := icons{}
	for _, name := range iconNames {
		svg, err := fs.ReadFile(public.Files, "static/icons/"+name+".svg")
		if err != nil {
			return nil, fmt.Errorf("read icon %s: %w", name, err)
		}
		m := pathData.FindSubmatch(svg)
		if m == nil {
			return nil, fmt.Errorf("icon %s has no path", name)
		}
		p, err := canvas.ParseSVGPath(string(m[1]))
		if err != nil {
			return nil, fmt.Errorf("icon %s: %w", name, err)
		}
		ic[name] = p.Scale(1.0/24, -1.0/24).Translate(0, 1)
	}
	return ic, nil
}

// icon draws the named icon size millimetres across with its top-left corner at x, y.
func (s *sheet) icon(ic icons, name string, x, y, size float64, fill color.RGBA) {
	s.ctx.SetFillRule(canvas.EvenOdd)
	s.path(x, y, size, size, ic[name].Copy().Scale(size, size), fill)
	s.ctx.SetFillRule(canvas.NonZero)
}

// logo draws a partnership's logo h millimetres high with its top-left corner at x, y, and
// returns how wide it is; a logo that cannot be drawn takes no room.
func (s *sheet) logo(svg string, x, y, h float64) float64 {
	logo, err := survey.ParseLogo(svg)
	if err != nil {
		return 0
	}
	k := h / logo.H
	w := logo.W * k
	s.ctx.SetFillRule(canvas.EvenOdd)
	defer s.ctx.SetFillRule(canvas.NonZero)
	for _, lp := range logo.Paths {
		p, err := canvas.ParseSVGPath(lp.D)
		if err != nil {
			continue
		}
		fill := canvas.Black
		if lp.Fill != "" {
			fill = canvas.Hex(lp.Fill)
		}
		p = p.Translate(-logo.X, -logo.Y).Scale(k, -k).Translate(0, h)
		s.path(x, y, w, h, p, fill)
	}
	return w
}
