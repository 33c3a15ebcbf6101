package mongo_test

import (
	"bytes"
	"context"
	"sync"
	"testing"

	"github.com/safeguarding/safetysurvey/survey/mongo/mongotest"
)

// TestFormKey asks for one period's key from many goroutines at once: all get the same one.
func TestFormKey(t *testing.T) {
	db := mongotest.Open(t)
	ctx := context.Background()
	keys := make([][]byte, 8)
	var wg sync.WaitGroup
	for i := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			k, err := db.FormKey(ctx, 2900)
			if err != nil {
				t.Error(err)
			}
			keys[i] = k
		}()
	}
	wg.Wait()
	for _, k := range keys {
		if len(k) != 32 || !bytes.Equal(k, keys[0]) {
			t.Fatalf("keys %x, want one 32-byte key for everyone", keys)
		}
	}
	next, err := db.FormKey(ctx, 2901)
	if err != nil || bytes.Equal(next, keys[0]) {
		t.Errorf("next period: %x, %v; want a new key", next, err)
	}
}
