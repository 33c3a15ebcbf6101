package staff

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"sync"
	"time"
)

// maxThrottleKeys bounds the memory a flood of made-up accounts or sources can take.
const maxThrottleKeys = 100_000

// Throttle counts attempts per key in fixed windows and refuses a key that reaches the limit
// until its window ends. Keys are kept only as HMACs under a random key made at start and
// never stored, so memory holds no address or email, and nothing survives a restart.
type Throttle struct {
	limit    int
	window   time.Duration
	maxDelay time.Duration // zero for a strict Throttle
	now      func() time.Time

	mu     sync.Mutex
	secret []byte
	fails  map[[sha256.Size]byte]*attempts
}

type attempts struct {
	count int
	start time.Time // when the window began
	next  time.Time // the earliest a back-off Throttle lets the next attempt be made
}

// NewThrottle refuses a key after limit attempts that failed or are still being checked within window.
func NewThrottle(limit int, window time.Duration, now func() time.Time) *Throttle {
	secret := make([]byte, 32)
	_, _ = rand.Read(secret) // crypto/rand.Read never fails
	return &Throttle{limit: limit, window: window, now: now, secret: secret, fails: map[[sha256.Size]byte]*attempts{}}
}

// NewBackoff slows a key down after limit attempts within window instead of refusing it: each
// further attempt waits twice as long as the one before, up to maxDelay.
func NewBackoff(limit int, maxDelay, window time.Duration, now func() time.Time) *Throttle {
	t := NewThrottle(limit, window, now)
	t.maxDelay = maxDelay
	return t
}

func (t *Throttle) hash(key string) [sha256.Size]byte {
	mac := hmac.New(sha256.New, t.secret)
	mac.Write([]byte(key))
	var sum [sha256.Size]byte
	copy(sum[:], mac.Sum(nil))
	return sum
}

// Reserve counts an attempt for key before it is checked. It returns zero, or, counting nothing,
// how long key must wait: a strict Throttle refuses a key that has used up its attempts until
// its window ends; a back-off one makes each attempt past the limit wait twice as long as the
// one before, from a second up to maxDelay. Checking and counting are one step, so attempts sent
// at once cannot all pass a check made before any of them is counted.
func (t *Throttle) Reserve(key string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	h := t.hash(key)
	a := t.fails[h]
	if a == nil || now.Sub(a.start) >= t.window {
		if len(t.fails) >= maxThrottleKeys {
			t.prune(now)
		}
		a = &attempts{start: now}
		t.fails[h] = a
	}
	switch {
	case t.maxDelay == 0 && a.count >= t.limit:
		return a.start.Add(t.window).Sub(now)
	case now.Before(a.next):
		return a.next.Sub(now)
	}
	a.count++
	if over := a.count - t.limit; t.maxDelay > 0 && over > 0 {
		a.next = now.Add(min(t.maxDelay, time.Second<<min(over-1, 16)))
	}
	return 0
}

// Release gives back an attempt Reserve counted that did not fail, such as a right password,
// and the wait it started.
func (t *Throttle) Release(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if a := t.fails[t.hash(key)]; a != nil && a.count > 0 {
		a.count--
		a.next = time.Time{}
	}
}

// prune forgets keys whose window has ended, and everything if that is not enough: under such a
// flood the per-account limit and the password hash's cost still slow guessing down.
func (t *Throttle) prune(now time.Time) {
	for h, a := range t.fails {
		if now.Sub(a.start) >= t.window {
			delete(t.fails, h)
		}
	}
	if len(t.fails) >= maxThrottleKeys {
		clear(t.fails)
	}
}
