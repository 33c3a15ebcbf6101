package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/safeguarding/safetysurvey/survey"
)

// outcome is what one phone's submission got.
type outcome struct {
	key        string
	status     int
	retryAfter string
	err        error
}

// submitOnce sends one valid response with key and reports the status and Retry-After header.
func submitOnce(url, key string) outcome {
	req, _ := http.NewRequest(http.MethodPost, url+"/api/v1/surveys/community-safety/responses",
		strings.NewReader(`{"answers":{"area":"tooting","safe_home":"no","feel_safer":["lighting"]},"lang":"en"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", key)
	resp, err := client.Do(req)
	if err != nil {
		return outcome{key: key, err: err}
	}
	resp.Body.Close()
	return outcome{key: key, status: resp.StatusCode, retryAfter: resp.Header.Get("Retry-After")}
}

// phones submit back to back, each with a new key, until stop is closed, and return what each got.
func phones(url, prefix string, n int, stop <-chan struct{}) <-chan []outcome {
	out := make(chan []outcome, 1)
	go func() {
		var mu sync.Mutex
		var all []outcome
		var wg sync.WaitGroup
		for p := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					default:
					}
					o := submitOnce(url, fmt.Sprintf("%s-p%02d-n%06d", prefix, p, i))
					mu.Lock()
					all = append(all, o)
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		out <- all
	}()
	return out
}

// waitReadiness polls /readyz until it answers want.
func waitReadiness(t *testing.T, url string, want int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := client.Get(url + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == want {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz did not answer %d within 30s (last: %v %v)", want, resp.StatusCode, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestStoreOutage crashes the store, then freezes it, while phones submit. While it is away
// /readyz fails and submissions get a prompt 503 with Retry-After; no 201 is given for anything
// not stored; once it is back every phone's resend stores its response exactly once, and the
// counters equal a recount.
func TestStoreOutage(t *testing.T) {
	t.Parallel() // mostly waiting on timeouts and other processes
	store := startStore(t)
	m := startMain(t, t.TempDir(), nil, "--mongodb-uri", store.uri, "--metrics-addr", "127.0.0.1:0")
	defer m.Close()
	url := m.URL()
	var results []outcome
	for _, away := range []struct {
		name       string
		stop, back func()
	}{
		{"crash", store.kill, store.start},
		{"freeze", store.freeze, store.thaw},
	} {
		stop := make(chan struct{})
		load := phones(url, "outage-"+away.name, 8, stop)
		time.Sleep(500 * time.Millisecond)
		away.stop()
		waitReadiness(t, url, http.StatusServiceUnavailable)
		start := time.Now()
		o := submitOnce(url, "outage-"+away.name+"-probe-000")
		if o.status != http.StatusServiceUnavailable || o.retryAfter == "" {
			t.Errorf("%s: a submission with the store away got %d %v, Retry-After %q; want 503 with Retry-After", away.name, o.status, o.err, o.retryAfter)
		}
		t.Logf("%s: a submission with the store away was refused after %v", away.name, time.Since(start).Round(time.Millisecond))
		results = append(results, o)
		close(stop)
		results = append(results, <-load...)
		away.back()
		waitReadiness(t, url, http.StatusOK)
	}

	acked := map[string]bool{}
	refused := 0
	for _, o := range results {
		switch {
		case o.status == http.StatusCreated:
			acked[o.key] = true
		case o.status == http.StatusServiceUnavailable && o.retryAfter != "":
			refused++
		default:
			t.Errorf("%s: got %d %v (Retry-After %q), want 201, or 503 with Retry-After", o.key, o.status, o.err, o.retryAfter)
		}
	}
	if len(acked) == 0 || refused == 0 {
		t.Fatalf("%d acknowledged and %d refused: the test did not catch the outage", len(acked), refused)
	}

	// Each phone resends what was not acknowledged, and, to check nothing acknowledged was lost,
	// what was too.
	for _, o := range results {
		r := submitOnce(url, o.key)
		switch {
		case acked[o.key] && r.status != http.StatusOK:
			t.Errorf("%s was acknowledged, but its resend got %d %v, want 200 (already stored)", o.key, r.status, r.err)
		case r.status != http.StatusOK && r.status != http.StatusCreated:
			t.Errorf("%s: resend got %d %v, want 200 or 201", o.key, r.status, r.err)
		}
	}
	checkCounters(t, m, len(results))
	if n := storeErrors(scrape(t, m.MetricsURL())); n == 0 {
		t.Error("no store error counted during the outage")
	}
	t.Logf("%d submissions: %d acknowledged, %d refused with 503 while the store was away; all stored once after resending", len(results), len(acked), refused)
}

// checkCounters waits until every save is counted, then checks the stored responses number want
// and the counters equal a recount.
func checkCounters(t *testing.T, m *Main, want int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := m.store.db.Settle(ctx); err != nil {
		t.Fatalf("settle: %v", err)
	}
	recounted, err := m.store.db.Recount(ctx, "community-safety", 1)
	if err != nil {
		t.Fatal(err)
	}
	stored, err := m.store.db.StoredCounters(ctx, "community-safety", 1)
	if err != nil {
		t.Fatal(err)
	}
	if diffs := stored.Diff(recounted); len(diffs) > 0 {
		t.Errorf("counters differ from a recount: %v", diffs)
	}
	if got := recounted[survey.GroupAll]; got == nil || got.N != int64(want) {
		t.Errorf("recount: %v responses stored, want %d", got, want)
	}
}
