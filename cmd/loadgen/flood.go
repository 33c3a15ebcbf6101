package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// staffFlood opens the staff sign-in page without cookies c.flood times a second, each on its
// own schedule whatever the server does, until the returned function is called; that returns
// how many pages were opened.
func staffFlood(ctx context.Context, c config) func() int64 {
	var opened atomic.Int64
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	if c.flood > 0 {
		hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1024}, Timeout: 30 * time.Second}
		wg.Add(1)
		go func() {
			defer wg.Done()
			tick := time.NewTicker(time.Second / time.Duration(c.flood))
			defer tick.Stop()
			for {
				select {
				case <-ctx.Done():
					return
				case <-tick.C:
				}
				wg.Add(1)
				go func() {
					defer wg.Done()
					req, _ := http.NewRequestWithContext(ctx, http.MethodGet, c.url+"/staff/sign-in", nil)
					resp, err := hc.Do(req)
					if err != nil {
						return
					}
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					opened.Add(1)
				}()
			}
		}()
	}
	return func() int64 {
		cancel()
		wg.Wait()
		return opened.Load()
	}
}

// storedResponses is how many responses the stats API counts for the survey, suspect ones too.
func storedResponses(c config) (int64, error) {
	resp, err := http.Get(c.url + "/api/v1/surveys/" + c.survey + "/stats")
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	var stats struct{ Responses, Suspect int64 }
	if err := json.NewDecoder(resp.Body).Decode(&stats); err != nil {
		return 0, fmt.Errorf("stats: %w", err)
	}
	return stats.Responses + stats.Suspect, nil
}

// verifyStored waits for the stats to count every acknowledged submission, as the counters
// catch up just after the acknowledgements.
func verifyStored(c config, before, acknowledged int64) error {
	deadline := time.Now().Add(60 * time.Second)
	for {
		after, err := storedResponses(c)
		if err == nil && after-before == acknowledged {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("stored %d, acknowledged %d (%v)", after-before, acknowledged, err)
		}
		time.Sleep(500 * time.Millisecond)
	}
}
