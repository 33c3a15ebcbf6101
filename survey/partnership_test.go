package survey_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/surveytest"
)

func TestParseLogo(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		logo, err := survey.ParseLogo(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20"><title>WSCP</title><g><path d="M0 0h20v20H0z" fill="#1d4f91"/></g><path d="M20 0h20v20H20z"/></svg>`)
		if err != nil {
			t.Fatal(err)
		}
		if logo.W != 40 || logo.H != 20 || len(logo.Paths) != 2 || logo.Paths[0].Fill != "#1d4f91" || logo.Paths[1].Fill != "" {
			t.Errorf("logo = %+v", logo)
		}
	})
	for name, svg := range map[string]string{
		"ErrScript":    `<svg viewBox="0 0 10 10"><script>alert(1)</script><path d="M0 0h1v1z"/></svg>`,
		"ErrText":      `<svg viewBox="0 0 10 10"><text>Hi</text></svg>`,
		"ErrNoViewBox": `<svg><path d="M0 0h1v1z"/></svg>`,
		"ErrNotSVG":    `<html><path d="M0 0h1v1z"/></html>`,
		"ErrNoPaths":   `<svg viewBox="0 0 10 10"></svg>`,
		"ErrFill":      `<svg viewBox="0 0 10 10"><path d="M0 0h1v1z" fill="url(#x)"/></svg>`,
		"ErrBroken":    `<svg viewBox="0 0 10 10"><path`,
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := survey.ParseLogo(svg); err == nil {
				t.Errorf("ParseLogo(%s) passed", svg)
			}
		})
	}
}

func TestCheckPartnership(t *testing.T) {
	tests := []struct {
		name  string
		p     survey.Partnership
		field string
		want  string
	}{
		{"ErrColour", survey.Partnership{Name: survey.Text{"en": "P"}, Colour: "blue"}, "partnership: colour", "definition.colour"},
		{"ErrTooLight", survey.Partnership{Name: survey.Text{"en": "P"}, Accent: "#ffcc00"}, "partnership: accent", "definition.colour_contrast"},
		{"ErrLogo", survey.Partnership{Name: survey.Text{"en": "P"}, Logo: "<svg/>"}, "partnership: logo", "definition.logo"},
		{"ErrName", survey.Partnership{}, "partnership: name", "definition.needs_english"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := surveytest.SmallSurvey()
			s.Partnership = &tt.p
			var des survey.DefinitionErrors
			if err := s.Check(); !errors.As(err, &des) {
				t.Fatalf("Check = %v", err)
			}
			if !slices.ContainsFunc(des, func(e survey.DefinitionError) bool { return e.Field == tt.field && e.Message == tt.want }) {
				t.Errorf("problems = %v, want %s: %s", des, tt.field, tt.want)
			}
		})
	}
	s := surveytest.SmallSurvey()
	s.Partnership = &survey.Partnership{Name: survey.Text{"en": "P"}, Colour: "#1d4f91", Accent: "#8a1538"}
	if err := s.Check(); err != nil {
		t.Errorf("dark colours refused: %v", err)
	}
}
