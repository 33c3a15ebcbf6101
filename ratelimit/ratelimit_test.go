package ratelimit

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// clock is a fake time source tests move by hand.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func newLimiter(t *testing.T, cfg Config) (*Limiter, *clock) {
	t.Helper()
	c := &clock{now: time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)}
	cfg.Now = c.Now
	return New(cfg), c
}

// take calls Allow n times and returns how many were allowed and the last wait.
func take(l *Limiter, key string, n int) (allowed int, wait time.Duration) {
	for range n {
		ok, w := l.Allow(key)
		if ok {
			allowed++
		}
		wait = w
	}
	return allowed, wait
}

func TestAllow(t *testing.T) {
	l, c := newLimiter(t, Config{PerMinute: 60})
	if got, wait := take(l, "school", 100); got != 60 || wait != time.Second {
		t.Fatalf("at once: %d allowed, wait %v; want the burst of 60, then a wait of 1s", got, wait)
	}
	t.Run("OKOtherKeysUnaffected", func(t *testing.T) {
		if got, _ := take(l, "another school", 60); got != 60 {
			t.Errorf("%d allowed, want 60", got)
		}
	})
	t.Run("OKRefillsAtTheRate", func(t *testing.T) {
		c.advance(30 * time.Second)
		if got, _ := take(l, "school", 100); got != 30 {
			t.Errorf("after 30s: %d allowed, want 30", got)
		}
	})
	t.Run("OKBurstIsTheCeiling", func(t *testing.T) {
		c.advance(10 * time.Minute)
		if got, _ := take(l, "school", 100); got != 60 {
			t.Errorf("after a quiet spell: %d allowed, want no more than the burst of 60", got)
		}
	})
	t.Run("OKRotationForgets", func(t *testing.T) {
		c.advance(DefaultRotation)
		if got, _ := take(l, "school", 60); got != 60 {
			t.Errorf("after rotation: %d allowed, want a fresh bucket", got)
		}
	})
}

func TestOff(t *testing.T) {
	var l *Limiter = New(Config{PerMinute: 0})
	if l != nil {
		t.Fatal("PerMinute 0 should turn the limit off")
	}
	if ok, _ := l.Allow("anyone"); !ok {
		t.Error("a nil limiter refused")
	}
}

// TestMemoryBounded: many keys never grow the limiter past MaxKeys, and forgetting starts with
// buckets that have refilled, so a busy flooder is not let off its limit.
func TestMemoryBounded(t *testing.T) {
	l, c := newLimiter(t, Config{PerMinute: 60, MaxKeys: 1000})
	take(l, "flooder", 60)
	for i := range 998 {
		l.Allow(fmt.Sprint("phone-", i))
	}
	c.advance(2 * time.Second) // every phone's bucket is full again; the flooder's is not
	for i := range 50_000 {
		l.Allow(fmt.Sprint("new-", i))
		if len(l.buckets) > 1000 {
			t.Fatalf("%d buckets after %d new keys, want at most 1000", len(l.buckets), i)
		}
		if i == 0 {
			if got, _ := take(l, "flooder", 3); got != 2 {
				t.Fatalf("flooder allowed %d of 3 after 2s, want 2: it was forgotten before idle buckets", got)
			}
		}
	}
}

// TestConcurrent: under -race, many goroutines on one key are allowed exactly the burst.
func TestConcurrent(t *testing.T) {
	l, _ := newLimiter(t, Config{PerMinute: 500})
	var allowed atomic.Int64
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, _ := take(l, "nat", 100)
			allowed.Add(int64(n))
		}()
	}
	wg.Wait()
	if allowed.Load() != 500 {
		t.Errorf("%d allowed, want 500", allowed.Load())
	}
}

func BenchmarkAllow(b *testing.B) {
	l := New(Config{PerMinute: 1200})
	keys := make([]string, 1024)
	for i := range keys {
		keys[i] = fmt.Sprintf("198.51.100.%d", i)
	}
	b.ResetTimer()
	for i := range b.N {
		l.Allow(keys[i%len(keys)])
	}
}
