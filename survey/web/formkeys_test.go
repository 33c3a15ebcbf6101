package web_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/safeguarding/safetysurvey/survey/web"
)

// memoryFormKeys is a FormKeyStore in memory: the first key made for a period is kept.
type memoryFormKeys struct {
	mu   sync.Mutex
	keys map[int64][]byte
	down bool
}

func (m *memoryFormKeys) FormKey(_ context.Context, period int64) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.down {
		return nil, errors.New("store unreachable")
	}
	if m.keys == nil {
		m.keys = map[int64][]byte{}
	}
	if _, ok := m.keys[period]; !ok {
		m.keys[period] = []byte("key-for-period-" + time.Unix(period, 0).String())
	}
	return m.keys[period], nil
}

func TestFormKeys(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	store := &memoryFormKeys{}
	one := &web.FormKeys{Store: store, Now: clock}
	other := &web.FormKeys{Store: store, Now: clock}
	sig := one.Sign(ctx, "start\x00slug\x00123")

	t.Run("OKOtherProcess", func(t *testing.T) {
		if !other.Verify(ctx, "start\x00slug\x00123", sig[:16]) {
			t.Error("a signature made by one process is refused by another on the same store")
		}
	})
	t.Run("ErrOtherData", func(t *testing.T) {
		if other.Verify(ctx, "start\x00slug\x00124", sig) {
			t.Error("a signature was accepted for other data")
		}
		if other.Verify(ctx, "start\x00slug\x00123", sig[:8]) {
			t.Error("a signature of 8 bytes was accepted")
		}
	})
	t.Run("OKPreviousPeriod", func(t *testing.T) {
		now = now.Add(web.FormKeyPeriod)
		if !other.Verify(ctx, "start\x00slug\x00123", sig) {
			t.Error("a signature from the previous period is refused: keys rotate without overlap")
		}
		if string(one.Sign(ctx, "start\x00slug\x00123")) == string(sig) {
			t.Error("the key did not rotate")
		}
	})
	t.Run("ErrTwoPeriodsAgo", func(t *testing.T) {
		now = now.Add(web.FormKeyPeriod)
		if other.Verify(ctx, "start\x00slug\x00123", sig) {
			t.Error("a signature two periods old is still accepted")
		}
	})
	t.Run("OKStoreDown", func(t *testing.T) {
		down := &web.FormKeys{Store: &memoryFormKeys{down: true}, Now: clock}
		if !down.Verify(ctx, "d", down.Sign(ctx, "d")) {
			t.Error("with the store down, a process refuses its own signature")
		}
	})
	t.Run("OKStoreBackAfterRetry", func(t *testing.T) {
		flaky := &memoryFormKeys{down: true}
		k := &web.FormKeys{Store: flaky, Now: clock}
		fallback := k.Sign(ctx, "r")
		flaky.mu.Lock()
		flaky.down = false
		flaky.mu.Unlock()
		if got := k.Sign(ctx, "r"); string(got) != string(fallback) {
			t.Error("the store was asked again at once after it failed, want the fallback key until the retry")
		}
		now = now.Add(10 * time.Second)
		if got := k.Sign(ctx, "r"); string(got) == string(fallback) {
			t.Error("10 seconds by the injected clock after the store failed, the fallback key still signs")
		}
	})
	t.Run("OKOverride", func(t *testing.T) {
		a := &web.FormKeys{Store: store, Now: clock, Override: []byte("a secret of at least thirty-two characters")}
		b := &web.FormKeys{Now: clock, Override: []byte("a secret of at least thirty-two characters")}
		if !b.Verify(ctx, "o", a.Sign(ctx, "o")) || other.Verify(ctx, "o", a.Sign(ctx, "o")) {
			t.Error("the override is not the one key used")
		}
	})
}
