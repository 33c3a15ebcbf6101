// Package qr draws links as QR codes fit for print with github.com/skip2/go-qrcode, as PNG at a
// chosen size and as SVG built from the same modules, and keeps the images it drew in memory.
package qr

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"
	"sync"

	qrcode "github.com/skip2/go-qrcode"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/channels"
)

// Level is the error correction used: go-qrcode's High is QR level Q, which still reads with a
// quarter of the code scuffed, torn or written on, as a poster on a school corridor may be.
const Level = qrcode.High

// QuietZone is the light border, in modules, around every code: the four the standard asks for.
const QuietZone = 4

// Sizes bound the PNG sizes, in pixels, that can be asked for.
const (
	MinSize = 64
	MaxSize = 4096
)

// cacheSize bounds the images kept: a borough's posters in two formats and a few sizes.
const cacheSize = 1024

// Codes draws QR codes and caches the images; it is safe for concurrent use.
type Codes struct {
	mu     sync.Mutex
	images map[imageKey][]byte
	order  []imageKey // oldest first, to drop when full
}

type imageKey struct {
	text   string
	format string
	size   int
}

var _ channels.QRCodes = (*Codes)(nil)

// New returns an empty cache of codes.
func New() *Codes {
	return &Codes{images: map[imageKey][]byte{}}
}

// Modules returns the code's modules, row by row, true for dark, with the quiet zone included.
func (c *Codes) Modules(text string) ([][]bool, error) {
	q, err := qrcode.New(text, Level)
	if err != nil {
		return nil, fmt.Errorf("encode %q as a QR code: %w", text, err)
	}
	// go-qrcode draws its own border of exactly QuietZone modules.
	return q.Bitmap(), nil
}

// PNG draws the code size pixels square. Every module is the same whole number of pixels, so the
// code stays crisp; the pixels left over widen the quiet zone. A size too small to give each
// module a pixel is EINVALID.
func (c *Codes) PNG(text string, size int) ([]byte, error) {
	return c.cached(imageKey{text: text, format: "png", size: size}, func() ([]byte, error) {
		modules, err := c.Modules(text)
		if err != nil {
			return nil, err
		}
		n := len(modules)
		if size < max(n, MinSize) || size > MaxSize {
			return nil, &survey.Error{Code: survey.EINVALID, Message: "error.qr_size"}
		}
		scale, offset := size/n, (size%n)/2
		img := image.NewPaletted(image.Rect(0, 0, size, size), color.Palette{color.White, color.Black})
		for y, row := range modules {
			for x, dark := range row {
				if !dark {
					continue
				}
				for py := offset + y*scale; py < offset+(y+1)*scale; py++ {
					start := img.PixOffset(offset+x*scale, py)
					for i := range scale {
						img.Pix[start+i] = 1
					}
				}
			}
		}
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			return nil, fmt.Errorf("write QR png: %w", err)
		}
		return buf.Bytes(), nil
	})
}

// SVG draws the code with one unit per module: a white square and one path of dark runs, each
// row's neighbouring dark modules joined, so it prints sharp at any size.
func (c *Codes) SVG(text string) ([]byte, error) {
	return c.cached(imageKey{text: text, format: "svg"}, func() ([]byte, error) {
		modules, err := c.Modules(text)
		if err != nil {
			return nil, err
		}
		n := len(modules)
		var b strings.Builder
		fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" shape-rendering="crispEdges">`, n, n, 10*n, 10*n)
		fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, n, n)
		for y, row := range modules {
			for x := 0; x < n; {
				if !row[x] {
					x++
					continue
				}
				run := 1
				for x+run < n && row[x+run] {
					run++
				}
				fmt.Fprintf(&b, "M%d %dh%dv1h-%dz", x, y, run, run)
				x += run
			}
		}
		b.WriteString(`"/></svg>`)
		return []byte(b.String()), nil
	})
}

// cached returns the image under key, drawing and keeping it the first time it is asked for.
func (c *Codes) cached(key imageKey, draw func() ([]byte, error)) ([]byte, error) {
	c.mu.Lock()
	img, ok := c.images[key]
	c.mu.Unlock()
	if ok {
		return img, nil
	}
	img, err := draw()
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.images[key]; !ok {
		if len(c.order) == cacheSize {
			delete(c.images, c.order[0])
			c.order = c.order[1:]
		}
		c.images[key] = img
		c.order = append(c.order, key)
	}
	return img, nil
}
