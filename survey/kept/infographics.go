package kept

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/findings"
)

// Infographics keeps what next draws. Drawing takes a while, so a drawing is kept for as long as
// what it draws stays the same (and for RedrawAfter once it changed), and requests for one
// drawing while it is drawn wait for it.
type Infographics struct {
	next findings.Infographics
	// redrawAfter is how long a drawing is served after its findings changed, before it is drawn
	// again: anyone may ask for one in every language and breakdown while answers arrive.
	redrawAfter time.Duration
	now         func() time.Time
	drawn       sync.Map // drawingKey -> drawing
	drawing     singleflight.Group
}

// NewInfographics keeps what next draws, drawing again redrawAfter after its findings changed, by
// the clock now (nil is the wall clock).
func NewInfographics(next findings.Infographics, redrawAfter time.Duration, now func() time.Time) *Infographics {
	if now == nil {
		now = time.Now
	}
	return &Infographics{next: next, redrawAfter: redrawAfter, now: now}
}

// drawingKey names a drawing: the findings it drew and the format.
type drawingKey struct {
	slug     string
	version  int
	lang, by string
	format   string
}

type drawing struct {
	digest [sha256.Size]byte
	body   []byte
	drawn  time.Time
}

// OnePage writes the one-page infographic, drawn again only when the findings changed.
func (k *Infographics) OnePage(w io.Writer, s *survey.Survey, sum *findings.Summary) error {
	return k.send(w, "page.pdf", s, sum, k.next.OnePage)
}

// Share writes the image to share, drawn again only when the findings changed.
func (k *Infographics) Share(w io.Writer, s *survey.Survey, sum *findings.Summary) error {
	return k.send(w, "share.png", s, sum, k.next.Share)
}

// PDF writes the full findings as A4 pages, drawn again only when they changed.
func (k *Infographics) PDF(w io.Writer, s *survey.Survey, sum *findings.Summary) error {
	return k.send(w, "pdf", s, sum, k.next.PDF)
}

// PNG writes the findings as one image as wide as A4, drawn again only when they changed.
func (k *Infographics) PNG(w io.Writer, s *survey.Survey, sum *findings.Summary) error {
	return k.send(w, "png", s, sum, k.next.PNG)
}

func (k *Infographics) send(w io.Writer, format string, s *survey.Survey, sum *findings.Summary, draw func(io.Writer, *survey.Survey, *findings.Summary) error) error {
	digest, err := digestOf(s, sum)
	if err != nil {
		return err
	}
	// The summary's language and breakdown may share a request's buffers, which Fiber reuses.
	key := drawingKey{slug: s.Slug, version: s.Version, lang: strings.Clone(sum.Lang), by: strings.Clone(sum.By), format: format}
	kept, ok := k.drawn.Load(key)
	if !ok || kept.(drawing).digest != digest && k.now().Sub(kept.(drawing).drawn) >= k.redrawAfter {
		kept, err, _ = k.drawing.Do(fmt.Sprintf("%v %x", key, digest), func() (any, error) {
			var buf bytes.Buffer
			if err := draw(&buf, s, sum); err != nil {
				return nil, err
			}
			d := drawing{digest: digest, body: buf.Bytes(), drawn: k.now()}
			k.drawn.Store(key, d)
			return d, nil
		})
		if err != nil {
			return err
		}
	}
	_, err = w.Write(kept.(drawing).body)
	return err
}

// digestOf identifies everything a drawing draws: the published findings, with their quotes,
// themes and headlines, the partnership's actions and its name, colours and logo.
func digestOf(s *survey.Survey, sum *findings.Summary) ([sha256.Size]byte, error) {
	b, err := json.Marshal(struct {
		Summary     *findings.Summary
		Actions     []survey.Action
		Partnership *survey.Partnership
	}{sum, s.Actions, s.Partnership})
	if err != nil {
		return [sha256.Size]byte{}, fmt.Errorf("digest findings of %s: %w", s.Slug, err)
	}
	return sha256.Sum256(b), nil
}
