// Package ratelimit keeps token buckets by key, in memory only. Keys (source addresses, channel
// codes) are held only as HMACs under a random secret that never leaves the process and is
// replaced every rotation period, so not even a memory dump links a bucket to an address for long.
package ratelimit

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"hash"
	"sync"
	"time"
)

// Defaults for Config's optional fields.
const (
	DefaultMaxKeys  = 100_000 // about 5 MB of buckets
	DefaultRotation = time.Hour
)

// Config sets a Limiter's limits.
type Config struct {
	// PerMinute is how many requests a key may make a minute, and at once after a quiet minute;
	// zero turns the limit off.
	PerMinute int
	// MaxKeys bounds memory: past it, buckets that have refilled are forgotten first (which loses
	// nothing), then arbitrary ones (which gives those keys a fresh burst).
	MaxKeys int
	// Rotation is how often the secret is replaced; every bucket is forgotten with it.
	Rotation time.Duration
	Now      func() time.Time
}

// Limiter allows each key PerMinute requests at once and PerMinute a minute after that. A nil
// *Limiter allows everything.
type Limiter struct {
	rate     float64 // tokens a second
	burst    float64
	maxKeys  int
	rotation time.Duration
	now      func() time.Time
	epoch    time.Time // bucket times are offsets from it, on the monotonic clock

	mu        sync.Mutex
	mac       hash.Hash // HMAC under the current secret, which exists nowhere else
	rotatedAt time.Duration
	buckets   map[digest]bucket
}

type digest [16]byte

type bucket struct {
	tokens float64
	at     time.Duration // since epoch, when tokens was last brought up to date
}

// New returns a Limiter for cfg, or nil when cfg.PerMinute is zero.
func New(cfg Config) *Limiter {
	if cfg.PerMinute <= 0 {
		return nil
	}
	if cfg.MaxKeys <= 0 {
		cfg.MaxKeys = DefaultMaxKeys
	}
	if cfg.Rotation <= 0 {
		cfg.Rotation = DefaultRotation
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	l := &Limiter{rate: float64(cfg.PerMinute) / 60, burst: float64(cfg.PerMinute), maxKeys: cfg.MaxKeys, rotation: cfg.Rotation, now: cfg.Now, epoch: cfg.Now()}
	l.rotate(0)
	return l
}

// Allow takes a token from key's bucket. When there is none it returns false and how long
// until there will be one.
func (l *Limiter) Allow(key string) (ok bool, wait time.Duration) {
	if l == nil {
		return true, 0
	}
	now := l.now().Sub(l.epoch)
	l.mu.Lock()
	defer l.mu.Unlock()
	if now-l.rotatedAt >= l.rotation {
		l.rotate(now)
	}
	l.mac.Reset()
	l.mac.Write([]byte(key))
	var d digest
	copy(d[:], l.mac.Sum(nil))
	b, known := l.buckets[d]
	if !known {
		l.makeRoom(now)
		b = bucket{tokens: l.burst}
	}
	b.tokens, b.at = l.refilled(b, now), now
	if b.tokens < 1 {
		l.buckets[d] = b
		return false, time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
	}
	b.tokens--
	l.buckets[d] = b
	return true, 0
}

// refilled is how many tokens b holds at now.
func (l *Limiter) refilled(b bucket, now time.Duration) float64 {
	return min(l.burst, b.tokens+max(0, (now-b.at).Seconds())*l.rate)
}

// rotate replaces the secret and forgets every bucket.
func (l *Limiter) rotate(now time.Duration) {
	secret := make([]byte, 32)
	_, _ = rand.Read(secret) // crypto/rand.Read never fails on supported platforms
	l.mac = hmac.New(sha256.New, secret)
	l.rotatedAt = now
	l.buckets = make(map[digest]bucket)
}

// makeRoom keeps the number of buckets under maxKeys. Each pass frees at least an eighth of
// them, so its cost is spread over that many new keys.
func (l *Limiter) makeRoom(now time.Duration) {
	if len(l.buckets) < l.maxKeys {
		return
	}
	for d, b := range l.buckets {
		if l.refilled(b, now) >= l.burst {
			delete(l.buckets, d)
		}
	}
	for d := range l.buckets {
		if len(l.buckets) <= l.maxKeys*7/8 {
			break
		}
		delete(l.buckets, d)
	}
}
