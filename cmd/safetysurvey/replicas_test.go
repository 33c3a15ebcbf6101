package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/mongo"
)

// TestTwoServersOneStore runs two server processes against one store, as replicas behind a load
// balancer, and submits to both at once, some submissions to both with the same key (a phone's
// retry that the balancer sends elsewhere). Every acknowledged submission is stored once, each
// key is created by one server only, and every figure either server reads equals a recount.
func TestTwoServersOneStore(t *testing.T) {
	t.Parallel() // mostly waiting on timeouts and other processes
	store := startStore(t)
	servers := []*server{
		startServerWith(t, "--mongodb-uri", store.uri),
		startServerWith(t, "--mongodb-uri", store.uri),
	}
	for _, s := range servers {
		t.Cleanup(func() { _ = s.cmd.Process.Kill() })
	}

	start := time.Now()
	const phones, each = 8, 30
	var mu sync.Mutex
	created := map[string]int{} // key: 201s it got
	sent := 0
	var wg sync.WaitGroup
	for p := range phones {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				key := fmt.Sprintf("replicas-p%02d-n%04d", p, i)
				targets := servers[(p+i)%2:][:1]
				if i%3 == 0 {
					targets = servers
				}
				var sends sync.WaitGroup
				for _, s := range targets {
					sends.Add(1)
					go func() {
						defer sends.Done()
						o := submitOnce(s.url, key)
						mu.Lock()
						defer mu.Unlock()
						sent++
						switch o.status {
						case http.StatusCreated:
							created[key]++
						case http.StatusOK:
							created[key] += 0 // seen, created by the other server or an earlier send
						default:
							t.Errorf("%s to %s: %d %v", key, s.url, o.status, o.err)
						}
					}()
				}
				sends.Wait()
			}
		}()
	}
	wg.Wait()
	for key, n := range created {
		if n != 1 {
			t.Errorf("%s: created %d times, want once", key, n)
		}
	}
	want := phones * each
	t.Logf("%d submissions answered in %v", sent, time.Since(start).Round(time.Millisecond))

	// The counters catch up with the batches just after the acknowledgements. The bound is for a
	// busy machine, where two servers under the race detector share two cores with other tests:
	// there a group of batches can outlast the writer's timeout and be counted on a retry.
	deadline := time.Now().Add(2 * time.Minute)
	for {
		var counts []string
		for _, s := range servers {
			counts = append(counts, get(t, s.url+"/api/v1/surveys/community-safety/stats"))
		}
		wantStats := fmt.Sprintf(`"responses":%d,`, want)
		if counts[0] == counts[1] && strings.Contains(counts[0], wantStats) && strings.Contains(counts[0], `"suspect":0,`) {
			break
		}
		if time.Now().After(deadline) {
			t.Errorf("stats from the two servers: %v, want %s from both", counts, wantStats)
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	for _, query := range []string{"", "?by=area", "?by=_lang", "?by=_area", "?by=safe_home", "?format=csv&by=area"} {
		a := get(t, servers[0].url+"/api/v1/surveys/community-safety/summary"+query)
		b := get(t, servers[1].url+"/api/v1/surveys/community-safety/summary"+query)
		if a != b {
			t.Errorf("summary%s differs between the servers:\n%s\n%s", query, a, b)
		}
	}

	ctx := context.Background()
	db, err := mongo.Open(ctx, store.uri, "safetysurvey", newLogger("error"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(ctx)
	recounted, err := db.Recount(ctx, "community-safety", 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := recounted[survey.GroupAll]; got == nil || got.N != int64(want) {
		t.Errorf("recount: %v stored, want %d", got, want)
	}
	stored, err := db.StoredCounters(ctx, "community-safety", 1)
	if err != nil {
		t.Fatal(err)
	}
	if diffs := stored.Diff(recounted); len(diffs) > 0 {
		t.Errorf("counters differ from a recount: %v", diffs)
	}
	for _, s := range servers {
		_ = s.cmd.Process.Signal(syscall.SIGTERM)
		if err := s.cmd.Wait(); err != nil {
			t.Errorf("server did not stop cleanly: %v", err)
		}
	}
	t.Logf("%d keys sent to two servers (a third of them to both at once): each stored and created once; stats, summaries and counters agree with a recount", want)
}

// get returns the body of a GET that must answer 200.
func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v\n%s", url, resp.StatusCode, err, body)
	}
	return string(body)
}
