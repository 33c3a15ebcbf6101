package web

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"sync"
	"time"
)

// FormKeyPeriod is how long one form-signing key signs. A signature is accepted while its key is
// the current or the previous one, so a form opened on any process (or a phone's outbox holding
// it) stays good for at least one whole period after it was opened.
const FormKeyPeriod = 7 * 24 * time.Hour

// formKeyRetry is how long after the store failed to give a key a process signs with its own
// fallback key before asking again, so an outage does not put a store call on every page.
const formKeyRetry = 10 * time.Second

// FormKeyStore keeps the secrets that sign forms, one for each FormKeyPeriod, so that every
// process on one store signs and checks with the same ones.
type FormKeyStore interface {
	// FormKey returns the secret for period (a count of FormKeyPeriods since the Unix epoch),
	// making and keeping a random one if no process has yet.
	FormKey(ctx context.Context, period int64) ([]byte, error)
}

// FormKeys signs what forms carry (the start token, the staff CSRF token) with the shared key
// of the current period and accepts the current and the previous period's, so keys rotate with
// an overlap. With an Override it uses that one secret only (the --form-secret flag). Keys are
// read from the Store once each; while the store cannot be reached a random key made in this
// process signs, which only this process accepts.
type FormKeys struct {
	Store    FormKeyStore // nil: only the fallback key, as in a single process with no store
	Override []byte
	Now      func() time.Time // the period's clock, and the back-off's after the store failed; nil is the wall clock

	once     sync.Once
	fallback []byte
	mu       sync.Mutex
	keys     map[int64][]byte // the periods read, at most the current and the previous
	failedAt time.Time
}

// Sign returns data's HMAC-SHA256 under the current key.
func (k *FormKeys) Sign(ctx context.Context, data string) []byte {
	return mac(k.signing(ctx), data)
}

// Verify reports whether sig, at least 16 bytes long, is data's HMAC-SHA256 (or its first
// len(sig) bytes) under a key still accepted.
func (k *FormKeys) Verify(ctx context.Context, data string, sig []byte) bool {
	if len(sig) < 16 || len(sig) > sha256.Size {
		return false
	}
	for _, key := range k.accepted(ctx) {
		if hmac.Equal(mac(key, data)[:len(sig)], sig) {
			return true
		}
	}
	return false
}

func mac(key []byte, data string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(data))
	return m.Sum(nil)
}

// now is the time by Now, or by the wall clock without it.
func (k *FormKeys) now() time.Time {
	if k.Now != nil {
		return k.Now()
	}
	return time.Now()
}

func (k *FormKeys) period() int64 {
	return k.now().Unix() / int64(FormKeyPeriod/time.Second)
}

// signing is the key to sign with now.
func (k *FormKeys) signing(ctx context.Context) []byte {
	if len(k.Override) > 0 {
		return k.Override
	}
	if key := k.key(ctx, k.period()); key != nil {
		return key
	}
	return k.fallbackKey()
}

// accepted lists every key a signature may have been made with.
func (k *FormKeys) accepted(ctx context.Context) [][]byte {
	if len(k.Override) > 0 {
		return [][]byte{k.Override}
	}
	p := k.period()
	keys := [][]byte{k.fallbackKey()}
	for _, period := range []int64{p, p - 1} {
		if key := k.key(ctx, period); key != nil {
			keys = append(keys, key)
		}
	}
	return keys
}

// key is period's key from the store, read once, or nil when the store has none to give.
func (k *FormKeys) key(ctx context.Context, period int64) []byte {
	if k.Store == nil {
		return nil
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if key, ok := k.keys[period]; ok {
		return key
	}
	if !k.failedAt.IsZero() && k.now().Sub(k.failedAt) < formKeyRetry {
		return nil
	}
	key, err := k.Store.FormKey(ctx, period)
	if err != nil || len(key) == 0 {
		k.failedAt = k.now()
		return nil
	}
	k.failedAt = time.Time{}
	if k.keys == nil {
		k.keys = map[int64][]byte{}
	}
	for old := range k.keys {
		if old < period-1 {
			delete(k.keys, old)
		}
	}
	k.keys[period] = key
	return key
}

func (k *FormKeys) fallbackKey() []byte {
	k.once.Do(func() {
		k.fallback = make([]byte, 32)
		_, _ = rand.Read(k.fallback) // crypto/rand.Read never fails on supported platforms
	})
	return k.fallback
}
