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

// Throttle counts failed attempts per key in fixed windows and blocks a key that reaches the
// limit until its window ends. Keys are kept only as HMACs under a random key made at start and
// never stored, so memory holds no address or email, and nothing survives a restart.
type Throttle struct {
	limit  int
	window time.Duration
	now    func() time.Time

	mu     sync.Mutex
	secret []byte
	fails  map[[sha256.Size]byte]*attempts
}

type attempts struct {
	count int
	start time.Time
}

// NewThrottle blocks a key after limit failures within window.
func NewThrottle(limit int, window time.Duration, now func() time.Time) *Throttle {
	secret := make([]byte, 32)
	_, _ = rand.Read(secret) // crypto/rand.Read never fails
	return &Throttle{limit: limit, window: window, now: now, secret: secret, fails: map[[sha256.Size]byte]*attempts{}}
}

func (t *Throttle) hash(key string) [sha256.Size]byte {
	mac := hmac.New(sha256.New, t.secret)
	mac.Write([]byte(key))
	var sum [sha256.Size]byte
	copy(sum[:], mac.Sum(nil))
	return sum
}

// Blocked reports whether key has used up its failures for the current window.
func (t *Throttle) Blocked(key string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	a := t.fails[t.hash(key)]
	return a != nil && a.count >= t.limit && t.now().Sub(a.start) < t.window
}

// Fail counts a failed attempt for key.
func (t *Throttle) Fail(key string) {
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
	a.count++
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
