package kept

import (
	"bytes"
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/channels"
	"github.com/safeguarding/safetysurvey/survey/findings"
)

// DrawingLimits bound how much drawing infographics and posters may take: each drawing holds a
// page or more of vector text and, for images, a full-size bitmap, so a few at once are enough
// to fill a small server's memory.
type DrawingLimits struct {
	AtOnce   int           // drawings made at the same time
	Wait     time.Duration // how long a drawing waits for its turn before EUNAVAILABLE
	Keep     int64         // bytes of finished drawings kept, the least recently used dropped first
	MaxEntry int64         // drawings larger than this are not kept
}

// DefaultDrawingLimits suit the service's 2-core, 256 MB replicas.
var DefaultDrawingLimits = DrawingLimits{AtOnce: 2, Wait: 3 * time.Second, Keep: 32 << 20, MaxEntry: 8 << 20}

// Drawings makes drawings within limits and keeps them by what they draw: a request for a
// drawing already made is answered from memory, whoever asks; other requests take turns, at most
// AtOnce drawing at a time, and one that waits longer than Wait is refused with EUNAVAILABLE
// ("error.drawing_busy"), so it can be retried instead of queueing without end.
type Drawings struct {
	limits DrawingLimits
	turns  chan struct{}

	mu    sync.Mutex
	kept  map[[sha256.Size]byte]*list.Element
	order *list.List // most recently used first
	bytes int64
}

type keptDrawing struct {
	key  [sha256.Size]byte
	body []byte
}

// NewDrawings returns Drawings within limits.
func NewDrawings(limits DrawingLimits) *Drawings {
	return &Drawings{limits: limits, turns: make(chan struct{}, max(1, limits.AtOnce)), kept: map[[sha256.Size]byte]*list.Element{}, order: list.New()}
}

// DrawingKey identifies a drawing by everything it draws: the kind of drawing and its inputs,
// as JSON.
func DrawingKey(kind string, inputs ...any) ([sha256.Size]byte, error) {
	h := sha256.New()
	h.Write([]byte(kind))
	enc := json.NewEncoder(h)
	for _, in := range inputs {
		if err := enc.Encode(in); err != nil {
			return [sha256.Size]byte{}, fmt.Errorf("key of %s drawing: %w", kind, err)
		}
	}
	var key [sha256.Size]byte
	h.Sum(key[:0])
	return key, nil
}

// Draw writes the drawing key names to w: the kept one, or one draw makes in its turn.
func (d *Drawings) Draw(ctx context.Context, w io.Writer, key [sha256.Size]byte, draw func(io.Writer) error) error {
	if body, ok := d.lookup(key); ok {
		_, err := w.Write(body)
		return err
	}
	return d.turn(ctx, func() error {
		if body, ok := d.lookup(key); ok { // drawn while this one waited
			_, err := w.Write(body)
			return err
		}
		var buf bytes.Buffer
		if err := draw(&buf); err != nil {
			return err
		}
		d.keep(key, buf.Bytes())
		_, err := w.Write(buf.Bytes())
		return err
	})
}

// turn runs draw in its turn, keeping nothing: for drawings a cache in front already keeps
// (survey/kept's infographics). One that waits longer than Wait is refused with EUNAVAILABLE.
func (d *Drawings) turn(ctx context.Context, draw func() error) error {
	timer := time.NewTimer(d.limits.Wait)
	defer timer.Stop()
	select {
	case d.turns <- struct{}{}:
	case <-timer.C:
		return survey.Errorf(survey.EUNAVAILABLE, "error.drawing_busy")
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-d.turns }()
	return draw()
}

func (d *Drawings) lookup(key [sha256.Size]byte) ([]byte, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	e, ok := d.kept[key]
	if !ok {
		return nil, false
	}
	d.order.MoveToFront(e)
	return e.Value.(*keptDrawing).body, true
}

// keep remembers a drawing, dropping the least recently used ones until the rest fit in Keep.
func (d *Drawings) keep(key [sha256.Size]byte, body []byte) {
	size := int64(len(body))
	if size > d.limits.MaxEntry || size > d.limits.Keep {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if _, ok := d.kept[key]; ok {
		return
	}
	d.kept[key] = d.order.PushFront(&keptDrawing{key: key, body: body})
	d.bytes += size
	for d.bytes > d.limits.Keep {
		oldest := d.order.Back()
		k := oldest.Value.(*keptDrawing)
		d.order.Remove(oldest)
		delete(d.kept, k.key)
		d.bytes -= int64(len(k.body))
	}
}

// KeptBytes is how many bytes of drawings are kept now.
func (d *Drawings) KeptBytes() int64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.bytes
}

// BoundedInfographics draws infographics in Drawings' turns. It keeps nothing itself: the web
// app keeps infographics by the findings they draw (survey/kept), so they have one cache.
type BoundedInfographics struct {
	Next     findings.Infographics
	Drawings *Drawings
}

var _ findings.Infographics = BoundedInfographics{}

func (b BoundedInfographics) draw(w io.Writer, s *survey.Survey, sum *findings.Summary, draw func(io.Writer, *survey.Survey, *findings.Summary) error) error {
	return b.Drawings.turn(context.Background(), func() error { return draw(w, s, sum) })
}

// OnePage draws the one-page infographic within the limits.
func (b BoundedInfographics) OnePage(w io.Writer, s *survey.Survey, sum *findings.Summary) error {
	return b.draw(w, s, sum, b.Next.OnePage)
}

// Share draws the image to share within the limits.
func (b BoundedInfographics) Share(w io.Writer, s *survey.Survey, sum *findings.Summary) error {
	return b.draw(w, s, sum, b.Next.Share)
}

// PDF draws the full report within the limits.
func (b BoundedInfographics) PDF(w io.Writer, s *survey.Survey, sum *findings.Summary) error {
	return b.draw(w, s, sum, b.Next.PDF)
}

// PNG draws the long image within the limits.
func (b BoundedInfographics) PNG(w io.Writer, s *survey.Survey, sum *findings.Summary) error {
	return b.draw(w, s, sum, b.Next.PNG)
}

// BoundedPosters prints posters through Drawings; web posters are text, made as they are asked for.
type BoundedPosters struct {
	Next     channels.Posters
	Drawings *Drawings
}

var _ channels.Posters = BoundedPosters{}

// HTML writes the web poster.
func (b BoundedPosters) HTML(w io.Writer, s *survey.Survey, ch *survey.Channel, opts channels.PosterOptions) error {
	return b.Next.HTML(w, s, ch, opts)
}

// PDF prints the posters within the limits.
func (b BoundedPosters) PDF(w io.Writer, s *survey.Survey, channels []*survey.Channel, opts channels.PosterOptions) error {
	key, err := DrawingKey("posters", s, channels, opts)
	if err != nil {
		return err
	}
	return b.Drawings.Draw(context.Background(), w, key, func(w io.Writer) error { return b.Next.PDF(w, s, channels, opts) })
}
