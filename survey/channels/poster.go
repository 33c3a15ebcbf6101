package channels

import (
	"io"

	"github.com/safeguarding/safetysurvey/survey"
)

// QRCodes draws links as QR codes fit for print.
type QRCodes interface {
	// Modules returns the code's modules, true for dark, with the quiet zone around them.
	Modules(text string) ([][]bool, error)
	// PNG draws the code size pixels square.
	PNG(text string, size int) ([]byte, error)
	// SVG draws the code as a scalable image.
	SVG(text string) ([]byte, error)
}

// PosterOptions choose how a channel's poster is printed.
type PosterOptions struct {
	Lang   string // language of the headline and labels; the survey's default when it does not offer it
	Strips bool   // add tear-off strips with the short link
	// ScreenNote is a sentence for whoever prints the web poster, in ScreenNoteLang, shown on
	// screen above the poster and never printed; empty shows none. The PDF has no screen.
	ScreenNote     string
	ScreenNoteLang string
}

// Posters prints channels' A4 posters: the headline, the QR code, the short link, the closing
// date, the setting's name and the call to action in each of the survey's languages.
type Posters interface {
	// HTML writes one channel's poster as a web page that prints on A4.
	HTML(w io.Writer, s *survey.Survey, ch *survey.Channel, opts PosterOptions) error
	// PDF writes the channels' posters as one PDF, a page each.
	PDF(w io.Writer, s *survey.Survey, channels []*survey.Channel, opts PosterOptions) error
}
