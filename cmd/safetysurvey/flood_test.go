package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/safeguarding/safetysurvey/survey"
)

// TestFlood sends 50,000 junk submissions from one address as fast as the server answers them,
// while 200 phones, each from its own address, open the form, answer for a few seconds and send.
// Every phone's answer must be stored and counted, and nothing the junk sends may reach the
// findings. The phones' latency is logged, not asserted: it depends on the machine.
func TestFlood(t *testing.T) {
	const (
		junkTotal = 50_000
		junkConns = 16
		phones    = 200
		channel   = "K7P3QX"
	)
	var defaults Config
	if _, err := defaults.parse("t", nil, func(string) string { return "" }, true, io.Discard); err != nil {
		t.Fatal(err)
	}
	m := startMain(t, t.TempDir(), nil, "--log-level", "error",
		"--source-limit", fmt.Sprint(defaults.SourceLimit), "--channel-limit", fmt.Sprint(defaults.ChannelLimit), "--min-fill-time", defaults.MinFillTime.String())
	defer m.Close()
	// The phones came from a poster: the channel must exist for their answers to count against it.
	if err := m.store.db.CreateChannel(context.Background(), &survey.Channel{Code: channel, Survey: "community-safety", Name: "Tooting School", Setting: "school"}); err != nil {
		t.Fatal(err)
	}
	addr := m.ln.Addr().String()
	if !strings.HasPrefix(addr, "127.0.0.1:") {
		t.Fatalf("server at %s, want loopback so each phone can have its own address", addr)
	}

	start := time.Now()
	flooding := make(chan struct{})
	var junk map[int]int
	go func() {
		defer close(flooding)
		junk = sendJunk(t, addr, junkTotal, junkConns, channel)
	}()
	results := make([]phoneResult, phones)
	var wg sync.WaitGroup
	for i := range phones {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = playPhone("http://"+addr, i, channel, defaults.MinFillTime, flooding)
		}()
	}
	wg.Wait()
	phonesDone := time.Since(start)
	<-flooding
	floodTime := time.Since(start)

	var latencies []time.Duration
	during, resent := 0, 0
	for i, r := range results {
		resent += r.resent
		if r.err != nil {
			t.Errorf("phone %d: %v", i, r.err)
			continue
		}
		latencies = append(latencies, r.latency)
		if r.duringFlood {
			during++
		}
	}
	// A store slowed down far enough (as under the race detector) may make a junk submission wait
	// past the write timeout: 503, to be resent, and perhaps stored once the batch lands.
	if junk[http.StatusCreated]+junk[http.StatusTooManyRequests]+junk[http.StatusServiceUnavailable] != junkTotal {
		t.Errorf("junk answers by status %v, want only 201 (stored as suspect), 429 or 503", junk)
	}
	if t.Failed() {
		t.FailNow()
	}

	ctx := context.Background()
	if err := m.store.db.Settle(ctx); err != nil {
		t.Fatal(err)
	}
	counters, err := m.store.db.StoredCounters(ctx, "community-safety", 1)
	if err != nil {
		t.Fatal(err)
	}
	// The phones all answered safe_home "yes"; the junk all "no" and safe_area "very_unsafe".
	all, held := counters[survey.GroupAll], counters[survey.GroupSuspect]
	if all == nil || all.N != phones || all.Chosen["safe_home"]["yes"] != phones || all.Chosen["safe_home"]["no"] != 0 || all.Chosen["safe_area"]["very_unsafe"] != 0 {
		t.Errorf("findings count %+v, want exactly the %d phones' answers and none of the junk's", all, phones)
	}
	if got := counters[survey.GroupKey(survey.DimChannel, channel)]; got == nil || got.N != phones {
		t.Errorf("channel completions %+v, want the %d phones'", got, phones)
	}
	if held == nil || held.N < int64(junk[http.StatusCreated]) || held.N > int64(junk[http.StatusCreated]+junk[http.StatusServiceUnavailable]) {
		t.Errorf("suspect count %+v, want the %d junk submissions acknowledged, and at most the %d timed out besides",
			held, junk[http.StatusCreated], junk[http.StatusServiceUnavailable])
	}

	slices.Sort(latencies)
	pct := func(p float64) time.Duration { return latencies[min(len(latencies)-1, int(p*float64(len(latencies))))] }
	t.Logf("junk: %d in %v (%.0f/s): %d stored as suspect, %d refused with 429",
		junkTotal, floodTime.Round(time.Millisecond), float64(junkTotal)/floodTime.Seconds(), junk[http.StatusCreated], junk[http.StatusTooManyRequests])
	t.Logf("phones: %d stored and counted, %d of them sent during the flood (all done after %v), %d resends after a 503; send latency p50 %v, p99 %v, max %v",
		len(latencies), during, phonesDone.Round(time.Millisecond), resent, pct(0.50).Round(time.Millisecond), pct(0.99).Round(time.Millisecond), latencies[len(latencies)-1].Round(time.Millisecond))
}

// sendJunk sends total submissions over conns connections from 127.0.0.1, pipelined so that the
// client costs little next to the server, and counts the answers by status. The junk never opens
// the form, answers "unsafe" to everything, fills in the honeypot every other time, and uses the
// phones' channel.
func sendJunk(t *testing.T, addr string, total, conns int, channel string) map[int]int {
	const window = 32 // requests in flight on a connection
	var mu sync.Mutex
	statuses := map[int]int{}
	var wg sync.WaitGroup
	for c := range conns {
		n := total / conns
		if c < total%conns {
			n++
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				t.Errorf("junk: %v", err)
				return
			}
			defer conn.Close()
			inFlight := make(chan struct{}, window)
			go func() {
				w := bufio.NewWriter(conn)
				for i := range n {
					select {
					case inFlight <- struct{}{}:
					default:
						_ = w.Flush()
						inFlight <- struct{}{}
					}
					trap := ""
					if i%2 == 0 {
						trap = "http://cheap-pills.example"
					}
					body := fmt.Sprintf(`{"answers":{"area":"tooting","safe_home":"no","safe_area":"very_unsafe"},"channel":%q,"website":%q}`, channel, trap)
					fmt.Fprintf(w, "POST /api/v1/surveys/community-safety/responses HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\n"+
						"Idempotency-Key: junk-c%02d-n%07d\r\nContent-Length: %d\r\n\r\n%s", addr, c, i, len(body), body)
				}
				_ = w.Flush()
			}()
			r := bufio.NewReader(conn)
			counts := map[int]int{}
			for range n {
				resp, err := http.ReadResponse(r, nil)
				if err != nil {
					t.Errorf("junk: %v", err)
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				counts[resp.StatusCode]++
				<-inFlight
			}
			mu.Lock()
			defer mu.Unlock()
			for status, k := range counts {
				statuses[status] += k
			}
		}()
	}
	wg.Wait()
	return statuses
}

type phoneResult struct {
	latency     time.Duration // of the send and any resends, not of opening the form
	duringFlood bool
	resent      int // times the store was too slow and answered 503
	err         error
}

// playPhone opens the survey from its own loopback address at some moment in the first two
// seconds, answers for a little longer than the minimum time a person takes, then sends the form
// (even phones) or the same answers to the API (odd phones), as the page's script would.
func playPhone(base string, i int, channel string, minFill time.Duration, flooding <-chan struct{}) (r phoneResult) {
	local := &net.TCPAddr{IP: net.IPv4(127, 0, 1+byte(i/250), 1+byte(i%250))}
	client := &http.Client{
		Timeout:       time.Minute,
		Transport:     &http.Transport{DialContext: (&net.Dialer{LocalAddr: local}).DialContext},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	defer client.CloseIdleConnections()
	time.Sleep(rand.N(2 * time.Second))
	resp, err := client.Get(base + "/s/community-safety?c=" + channel)
	if err != nil {
		r.err = fmt.Errorf("open the survey: %w", err)
		return r
	}
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK {
		r.err = fmt.Errorf("open the survey: status %d, %v", resp.StatusCode, err)
		return r
	}
	form := url.Values{}
	doc.Find(`form#survey input[type="hidden"]`).Each(func(_ int, in *goquery.Selection) {
		form.Set(in.AttrOr("name", ""), in.AttrOr("value", ""))
	})
	time.Sleep(minFill + 500*time.Millisecond + rand.N(time.Second))

	// newRequest builds the send afresh for each try: the form (even phones) or the API (odd
	// phones), whose script resends the same answers, with the same key, after a 503.
	want := http.StatusOK // the thank-you page answers the form itself
	if i%2 == 1 {
		want = http.StatusCreated
	}
	newRequest := func() *http.Request {
		if i%2 == 0 {
			form.Set("website", "")
			form.Set("q.area", "putney")
			form.Set("q.safe_home", "yes")
			form.Set("q.feel_safer", "lighting")
			req, _ := http.NewRequest(http.MethodPost, base+"/s/community-safety", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			return req
		}
		body := fmt.Sprintf(`{"answers":{"area":"putney","safe_home":"yes","feel_safer":["lighting"]},"lang":"en","channel":%q,"started":%q,"website":""}`,
			form.Get("c"), form.Get("started"))
		req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/surveys/community-safety/responses", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Idempotency-Key", form.Get("key"))
		return req
	}
	select {
	case <-flooding:
	default:
		r.duringFlood = true
	}
	sent := time.Now()
	// A store slowed down far enough (as under the race detector on a busy machine) may answer
	// 503: the page's script keeps the answers and sends them again, doubling its wait (see
	// app.js); the form, with JavaScript off, shows the error and the child sends it again.
	for wait := 250 * time.Millisecond; ; wait *= 2 {
		resp, err = client.Do(newRequest())
		if err != nil {
			r.err = fmt.Errorf("send: %w", err)
			return r
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusServiceUnavailable || time.Since(sent) > 2*time.Minute {
			break
		}
		r.resent++
		time.Sleep(wait)
	}
	r.latency = time.Since(sent)
	if resp.StatusCode != want {
		r.err = fmt.Errorf("send: status %d, want %d", resp.StatusCode, want)
	}
	return r
}
