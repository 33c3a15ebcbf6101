package main

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

var startedInput = regexp.MustCompile(`name="started" value="([^"]+)"`)

// TestFormOpenedOnOtherReplica opens the form on one server and sends it to another on the same
// store after the minimum fill time, with no --form-secret: the response counts, not suspect.
func TestFormOpenedOnOtherReplica(t *testing.T) {
	t.Parallel() // mostly waiting on other processes
	store := startStore(t)
	a := startServerWith(t, "--mongodb-uri", store.uri, "--min-fill-time", "1s")
	b := startServerWith(t, "--mongodb-uri", store.uri, "--min-fill-time", "1s")
	for _, s := range []*server{a, b} {
		t.Cleanup(func() { _ = s.cmd.Process.Kill() })
	}
	m := startedInput.FindStringSubmatch(get(t, a.url+"/s/community-safety"))
	if m == nil {
		t.Fatal("the form has no start token")
	}
	time.Sleep(1500 * time.Millisecond) // a child answering, past the minimum fill time
	req, _ := http.NewRequest(http.MethodPost, b.url+"/api/v1/surveys/community-safety/responses",
		strings.NewReader(`{"answers":{"area":"tooting"},"lang":"en","started":"`+m[1]+`"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", "other-replica-key-0001")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("submit to the other server: %d, want 201", resp.StatusCode)
	}
	deadline := time.Now().Add(2 * time.Minute) // a bound for a busy machine, not a speed
	for {
		stats := get(t, b.url+"/api/v1/surveys/community-safety/stats")
		if strings.Contains(stats, `"responses":1,`) && strings.Contains(stats, `"suspect":0,`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("stats %s, want one response counted and none suspect", stats)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
