package kept

import (
	"bytes"
	"context"
	"io"
	"sync/atomic"
	"testing"
	"time"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/findings"
)

func mustKey(t *testing.T, kind string, inputs ...any) [32]byte {
	t.Helper()
	k, err := DrawingKey(kind, inputs...)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestDrawingsKeepByWhatIsDrawn(t *testing.T) {
	d := NewDrawings(DrawingLimits{AtOnce: 2, Wait: time.Second, Keep: 1 << 20, MaxEntry: 1 << 20})
	var calls atomic.Int32
	draw := func(body string) func(io.Writer) error {
		return func(w io.Writer) error { calls.Add(1); _, err := io.WriteString(w, body); return err }
	}
	sum := &findings.Summary{Survey: "s", Lang: "en"}
	for range 3 {
		var buf bytes.Buffer
		if err := d.Draw(context.Background(), &buf, mustKey(t, "page", sum), draw("A")); err != nil || buf.String() != "A" {
			t.Fatalf("Draw = %q, %v", buf.String(), err)
		}
	}
	if got := calls.Load(); got != 1 {
		t.Errorf("drawn %d times for the same findings, want once", got)
	}
	var buf bytes.Buffer
	if err := d.Draw(context.Background(), &buf, mustKey(t, "page", &findings.Summary{Survey: "s", Lang: "ar"}), draw("B")); err != nil || buf.String() != "B" || calls.Load() != 2 {
		t.Errorf("other findings: %q, %v, %d drawings", buf.String(), err, calls.Load())
	}
	if mustKey(t, "page", sum) == mustKey(t, "share", sum) {
		t.Error("two kinds of drawing of the same findings share a key")
	}
}

func TestDrawingsEvictOldest(t *testing.T) {
	d := NewDrawings(DrawingLimits{AtOnce: 1, Wait: time.Second, Keep: 10, MaxEntry: 10})
	var calls atomic.Int32
	draw := func(w io.Writer) error { calls.Add(1); _, err := io.WriteString(w, "four"); return err }
	for i := range 3 {
		if err := d.Draw(context.Background(), io.Discard, mustKey(t, "x", i), draw); err != nil {
			t.Fatal(err)
		}
	}
	if got := d.KeptBytes(); got != 8 {
		t.Errorf("kept %d bytes, want 8 (two drawings of 4 within 10)", got)
	}
	_ = d.Draw(context.Background(), io.Discard, mustKey(t, "x", 2), draw) // newest: kept
	_ = d.Draw(context.Background(), io.Discard, mustKey(t, "x", 0), draw) // oldest: dropped, drawn again
	if got := calls.Load(); got != 4 {
		t.Errorf("%d drawings, want 4: the newest kept, the oldest drawn again", got)
	}
	big := func(w io.Writer) error { _, err := w.Write(make([]byte, 11)); return err }
	_ = d.Draw(context.Background(), io.Discard, mustKey(t, "big"), big)
	if d.KeptBytes() > 10 {
		t.Errorf("kept %d bytes, over the limit of 10", d.KeptBytes())
	}
}

func TestDrawingsTakeTurns(t *testing.T) {
	d := NewDrawings(DrawingLimits{AtOnce: 1, Wait: 50 * time.Millisecond, Keep: 1 << 20, MaxEntry: 1 << 20})
	started, release := make(chan struct{}), make(chan struct{})
	done := make(chan error)
	go func() {
		done <- d.Draw(context.Background(), io.Discard, mustKey(t, "slow"), func(w io.Writer) error {
			close(started)
			<-release
			return nil
		})
	}()
	<-started
	err := d.Draw(context.Background(), io.Discard, mustKey(t, "other"), func(io.Writer) error { return nil })
	if survey.ErrorCode(err) != survey.EUNAVAILABLE {
		t.Errorf("a second drawing while the only turn is taken = %v, want EUNAVAILABLE after the wait", err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := d.Draw(context.Background(), io.Discard, mustKey(t, "other"), func(io.Writer) error { return nil }); err != nil {
		t.Errorf("after the first finished: %v", err)
	}
}
