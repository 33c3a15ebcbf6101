// Command loadgen plays many phones against a running safetysurvey: each opens the survey page
// and submits a valid response with its own idempotency key. It reports accepted submissions per
// second, latency percentiles, errors and the server's peak memory, and can measure the store's
// own bulk-insert ceiling in the same run for comparison.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/safeguarding/safetysurvey/survey/mongo/embedded"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

type config struct {
	url       string
	survey    string
	clients   int
	rate      int
	duration  time.Duration
	pid       int
	baseline  bool
	openPage  bool
	batchSize int
}

func run(args []string, out io.Writer) error {
	var c config
	fs := flag.NewFlagSet("loadgen", flag.ContinueOnError)
	fs.StringVar(&c.url, "url", "http://127.0.0.1:8080", "base URL of the running service")
	fs.StringVar(&c.survey, "survey", "community-safety", "survey slug")
	fs.IntVar(&c.clients, "clients", 256, "closed loop: phones submitting back to back (ignored with -rate)")
	fs.IntVar(&c.rate, "rate", 0, "open loop: submissions per second arriving on their own schedule")
	fs.DurationVar(&c.duration, "duration", 10*time.Second, "how long to send")
	fs.IntVar(&c.pid, "pid", 0, "server process id, to sample its memory (RSS)")
	fs.BoolVar(&c.baseline, "baseline", false, "also measure the store's own bulk-insert ceiling (embedded FerretDB, batches of 500)")
	fs.BoolVar(&c.openPage, "page", true, "open the survey page before each submission, as a phone does")
	fs.IntVar(&c.batchSize, "baseline-batch", 500, "documents per insert in the baseline")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx := context.Background()
	var ceiling float64
	if c.baseline {
		var err error
		if ceiling, err = bulkInsertCeiling(ctx, c.batchSize, c.duration); err != nil {
			return err
		}
		fmt.Fprintf(out, "store bulk-insert ceiling: %.0f docs/s (batches of %d, unique index)\n", ceiling, c.batchSize)
	}
	rss := sampleRSS(c.pid)
	res := load(ctx, c)
	peak := rss()
	fmt.Fprintln(out, res.report(c))
	if c.pid > 0 {
		fmt.Fprintf(out, "server peak RSS: %.1f MB\n", float64(peak)/(1<<20))
	}
	if c.baseline && c.rate == 0 {
		fmt.Fprintf(out, "accepted/s as a share of the store's ceiling: %.0f%%\n", 100*res.acceptedPerSecond()/ceiling)
	}
	if res.errors.Load() > 0 {
		return fmt.Errorf("%d submissions failed", res.errors.Load())
	}
	return nil
}

type result struct {
	mu        sync.Mutex
	latencies []time.Duration
	accepted  atomic.Int64
	errors    atomic.Int64
	elapsed   time.Duration
	lastError atomic.Value
}

func (r *result) record(d time.Duration, err error) {
	if err != nil {
		r.errors.Add(1)
		r.lastError.Store(err.Error())
		return
	}
	r.accepted.Add(1)
	r.mu.Lock()
	r.latencies = append(r.latencies, d)
	r.mu.Unlock()
}

func (r *result) acceptedPerSecond() float64 {
	return float64(r.accepted.Load()) / r.elapsed.Seconds()
}

func (r *result) report(c config) string {
	slices.Sort(r.latencies)
	pct := func(p float64) time.Duration {
		if len(r.latencies) == 0 {
			return 0
		}
		return r.latencies[min(len(r.latencies)-1, int(math.Ceil(p*float64(len(r.latencies))))-1)]
	}
	mode := fmt.Sprintf("closed loop, %d clients", c.clients)
	if c.rate > 0 {
		mode = fmt.Sprintf("open loop, %d/s offered (latency from each request's scheduled time)", c.rate)
	}
	s := fmt.Sprintf("%s for %s: %d accepted (%.0f/s), %d errors; submit latency p50 %s, p99 %s, max %s",
		mode, r.elapsed.Round(time.Millisecond), r.accepted.Load(), r.acceptedPerSecond(), r.errors.Load(),
		pct(0.50).Round(100*time.Microsecond), pct(0.99).Round(100*time.Microsecond), pct(1).Round(100*time.Microsecond))
	if e, ok := r.lastError.Load().(string); ok {
		s += "\nlast error: " + e
	}
	return s
}

const answers = `{"answers":{"area":"tooting","age":"age_14_15","safe_home":"yes","safe_area":"safe","travel":"okay","felt_unsafe":"yes","unsafe_where":["walking_dark","transport_night"],"feel_safer":["lighting","police"],"talk_to":["parent_carer","friend"],"needs_done":"More lights near the park and buses that come on time at night."},"lang":"en"}`

// phone opens the survey page (as a phone would, compressed) and submits; it returns the submission's latency.
func phone(ctx context.Context, hc *http.Client, c config, start time.Time) (time.Duration, error) {
	if c.openPage {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, c.url+"/s/"+c.survey, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		resp, err := hc.Do(req)
		if err != nil {
			return 0, err
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return 0, fmt.Errorf("page: status %d", resp.StatusCode)
		}
	}
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, c.url+"/api/v1/surveys/"+c.survey+"/responses", strings.NewReader(answers))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", newKey())
	if c.openPage {
		start = time.Now() // closed loop: time the submission itself
	}
	resp, err := hc.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		return 0, fmt.Errorf("submit: status %d", resp.StatusCode)
	}
	return time.Since(start), nil
}

func load(ctx context.Context, c config) *result {
	transport := &http.Transport{MaxIdleConns: 4096, MaxIdleConnsPerHost: 4096, IdleConnTimeout: 30 * time.Second}
	hc := &http.Client{Transport: transport, Timeout: 30 * time.Second}
	res := &result{}
	start := time.Now()
	deadline := start.Add(c.duration)
	var wg sync.WaitGroup
	if c.rate > 0 {
		// Open loop: arrivals on a fixed schedule whatever the server does; latency counts from
		// the scheduled time, so a server that falls behind cannot hide its queue.
		interval := time.Second / time.Duration(c.rate)
		oc := c
		oc.openPage = false
		for i := 0; ; i++ {
			at := start.Add(time.Duration(i) * interval)
			if at.After(deadline) {
				break
			}
			time.Sleep(time.Until(at))
			wg.Add(1)
			go func() {
				defer wg.Done()
				res.record(phone(ctx, hc, oc, at))
			}()
		}
	} else {
		for range c.clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for time.Now().Before(deadline) {
					res.record(phone(ctx, hc, c, time.Now()))
				}
			}()
		}
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	return res
}

// bulkInsertCeiling inserts documents shaped like stored responses straight through the driver, in
// batches, into a fresh embedded store with the same unique id index: the most the store can take.
func bulkInsertCeiling(ctx context.Context, batchSize int, d time.Duration) (float64, error) {
	dir, err := os.MkdirTemp("", "loadgen-baseline-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	srv, err := embedded.Start(dir, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return 0, err
	}
	defer srv.Close()
	client, err := mongo.Connect(options.Client().ApplyURI(srv.URI()))
	if err != nil {
		return 0, err
	}
	defer client.Disconnect(ctx)
	coll := client.Database("baseline").Collection("responses")
	doc := func(i int) bson.D {
		return bson.D{{Key: "_id", Value: newKey()}, {Key: "survey", Value: "community-safety"}, {Key: "version", Value: 1}, {Key: "lang", Value: "en"},
			{Key: "date", Value: "2026-11-24"}, {Key: "answers", Value: bson.D{
				{Key: "area", Value: bson.D{{Key: "c", Value: bson.A{"tooting"}}}},
				{Key: "feel_safer", Value: bson.D{{Key: "c", Value: bson.A{"lighting", "police"}}}},
				{Key: "needs_done", Value: bson.D{{Key: "t", Value: "More lights near the park and buses that come on time at night. " + strconv.Itoa(i)}}}}},
			{Key: "g", Value: bson.A{"area=tooting", "age=age_14_15", "_lang=en"}}}
	}
	start := time.Now()
	n := 0
	for time.Since(start) < d {
		batch := make([]any, batchSize)
		for i := range batch {
			batch[i] = doc(n + i)
		}
		if _, err := coll.InsertMany(ctx, batch, options.InsertMany().SetOrdered(false)); err != nil {
			var bulk mongo.BulkWriteException
			if !errors.As(err, &bulk) {
				return 0, fmt.Errorf("baseline insert: %w", err)
			}
		}
		n += batchSize
	}
	return float64(n) / time.Since(start).Seconds(), nil
}

// sampleRSS samples a process's resident memory every 50 ms and returns a function giving the peak.
func sampleRSS(pid int) func() int64 {
	if pid == 0 {
		return func() int64 { return 0 }
	}
	var peak atomic.Int64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			if data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid)); err == nil {
				for _, line := range strings.Split(string(data), "\n") {
					if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
						kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
						if kb*1024 > peak.Load() {
							peak.Store(kb * 1024)
						}
					}
				}
			}
			select {
			case <-stop:
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	}()
	return func() int64 {
		close(stop)
		<-done
		return peak.Load()
	}
}

func newKey() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return hex.EncodeToString(b)
}
