// Command loadgen plays many phones against a running safetysurvey: each opens the survey page
// and submits a valid response with its own idempotency key. It reports accepted submissions per
// second, latency percentiles, errors and the server's peak memory, and can measure the store's
// own bulk-insert ceiling in the same run for comparison.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	mrand "math/rand/v2"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/safeguarding/safetysurvey/public"
	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/freetext"
	surveymongo "github.com/safeguarding/safetysurvey/survey/mongo"
	"github.com/safeguarding/safetysurvey/survey/mongo/embedded"
	"github.com/safeguarding/safetysurvey/survey/yamlfile"
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
	channel   string
	pad       int    // bytes of JSON white space added to each submission
	retries   bool   // resend after 503 or 429 with the same key, as the phone's outbox does
	flood     int    // connections opening the staff sign-in page without cookies, all through the run
	verify    bool   // check every acknowledged answer was stored, from the stats API
	body      string // what each phone submits
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
	fs.BoolVar(&c.baseline, "baseline", false, "also measure the store's own bulk-insert ceiling: the documents the server stores, inserted into an embedded FerretDB in batches")
	fs.BoolVar(&c.openPage, "page", true, "open the survey page before each submission, as a phone does")
	fs.IntVar(&c.batchSize, "baseline-batch", 500, "documents per insert in the baseline")
	fs.StringVar(&c.channel, "channel", "", "channel code every submission carries, as from a poster (start the server with --channel-limit 0)")
	fs.IntVar(&c.pad, "pad", 0, "bytes of JSON white space added to each submission, to send large bodies (60000 for 60 KB)")
	fs.BoolVar(&c.retries, "retry", true, "resend a submission answered 503 or 429 after its Retry-After, with the same key, as the phone's outbox does")
	fs.IntVar(&c.flood, "staff-flood", 0, "staff sign-in pages opened a second without cookies, each on its own schedule, all through the run (100 for 1,500 in 15 s)")
	fs.BoolVar(&c.verify, "verify", false, "check from the stats API that every acknowledged submission was stored (run against a survey only this load submits to)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	c.body = submission(c.channel) + strings.Repeat(" ", c.pad)
	ctx := context.Background()
	var ceiling float64
	if c.baseline {
		var err error
		if ceiling, err = bulkInsertCeiling(ctx, c, c.duration); err != nil {
			return err
		}
		fmt.Fprintf(out, "store bulk-insert ceiling: %.0f docs/s (batches of %d, unique index)\n", ceiling, c.batchSize)
	}
	before, err := storedResponses(c)
	if c.verify && err != nil {
		return err
	}
	rss := sampleRSS(c.pid)
	cpuBefore := cpuTime(c.pid)
	stopFlood := staffFlood(ctx, c)
	res := load(ctx, c)
	flooded := stopFlood()
	cpu := cpuTime(c.pid) - cpuBefore
	peak := rss()
	fmt.Fprintln(out, res.report(c))
	if c.flood > 0 {
		fmt.Fprintf(out, "staff flood: %d anonymous sign-in pages opened (%d a second offered)\n", flooded, c.flood)
	}
	if c.verify {
		if err := verifyStored(c, before, res.accepted.Load()); err != nil {
			return err
		}
		fmt.Fprintf(out, "every acknowledged submission stored: %d\n", res.accepted.Load())
	}
	if c.pid > 0 {
		// CPU per submission varies far less than submissions per second on a machine shared with other work.
		fmt.Fprintf(out, "server peak RSS: %.1f MB; server CPU %.2f s, %.0f µs per accepted submission\n",
			float64(peak)/(1<<20), cpu.Seconds(), float64(cpu.Microseconds())/float64(max(1, res.accepted.Load())))
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
	s := fmt.Sprintf("%s for %s: %d accepted (%.0f/s), %d errors, %d sends repeated after 503, 429 or no answer; submit latency p50 %s, p99 %s, max %s",
		mode, r.elapsed.Round(time.Millisecond), r.accepted.Load(), r.acceptedPerSecond(), r.errors.Load(), busy.Load(),
		pct(0.50).Round(100*time.Microsecond), pct(0.99).Round(100*time.Microsecond), pct(1).Round(100*time.Microsecond))
	if e, ok := r.lastError.Load().(string); ok {
		s += "\nlast error: " + e
	}
	return s
}

// phoneAnswers is what every phone answers, and phoneLang its language.
var phoneAnswers = survey.Answers{
	"area": {Choices: []string{"tooting"}}, "age": {Choices: []string{"age_14_15"}}, "safe_home": {Choices: []string{"yes"}},
	"safe_area": {Choices: []string{"safe"}}, "travel": {Choices: []string{"okay"}}, "felt_unsafe": {Choices: []string{"yes"}},
	"unsafe_where": {Choices: []string{"walking_dark", "transport_night"}}, "feel_safer": {Choices: []string{"lighting", "police"}},
	"talk_to": {Choices: []string{"parent_carer", "friend"}}, "needs_done": {Text: "More lights near the park and buses that come on time at night."},
}

const phoneLang = "en"

// submission is the body each phone submits: phoneAnswers as the API takes them, choices as
// lists, and the channel if any.
func submission(channel string) string {
	answers := map[string]any{}
	for id, a := range phoneAnswers {
		if a.Choices != nil {
			answers[id] = a.Choices
		} else {
			answers[id] = a.Text
		}
	}
	data, _ := json.Marshal(map[string]any{"answers": answers, "lang": phoneLang, "channel": channel}) // maps of strings always marshal
	return string(data)
}

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
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, c.url+"/api/v1/surveys/"+c.survey+"/responses", strings.NewReader(c.body))
	req.Header.Set("Content-Type", "application/json")
	key := newKey()
	req.Header.Set("Idempotency-Key", key)
	if c.openPage {
		start = time.Now() // closed loop: time the submission itself
	}
	for attempt := 1; ; attempt++ {
		// The outbox sends again later after a 503, a 429 or no answer at all (the server may
		// close a connection whose body it did not read), with the same key.
		wait, err := submitOnce(hc, req)
		switch {
		case err == nil && wait == 0:
			return time.Since(start), nil
		case !c.retries || attempt == maxSends:
			if err == nil {
				err = fmt.Errorf("submit: busy after %d sends", attempt)
			}
			return 0, err
		}
		busy.Add(1)
		// Spread, so that phones told at once do not come back at once.
		time.Sleep(max(time.Second, wait) * time.Duration(50+mrand.IntN(100)) / 100)
		req, _ = http.NewRequestWithContext(ctx, http.MethodPost, req.URL.String(), strings.NewReader(c.body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Idempotency-Key", key)
	}
}

// maxSends is how many times a phone sends one submission before the load counts it failed.
const maxSends = 20

// submitOnce sends req once. It returns how long to wait before sending again when the server
// was busy (503 or 429) or did not answer, zero when the submission was acknowledged (201, or
// 200 for a key already stored), and an error for any other answer.
func submitOnce(hc *http.Client, req *http.Request) (time.Duration, error) {
	resp, err := hc.Do(req)
	if err != nil {
		return time.Second, nil
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusCreated, http.StatusOK:
		return 0, nil
	case http.StatusServiceUnavailable, http.StatusTooManyRequests:
		secs, _ := strconv.Atoi(resp.Header.Get("Retry-After"))
		return time.Duration(max(1, secs)) * time.Second, nil
	}
	return 0, fmt.Errorf("submit: status %d", resp.StatusCode)
}

// busy counts the sends answered 503 or 429, or not at all, that the phones sent again.
var busy atomic.Int64

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

// bulkInsertCeiling inserts the documents the server would store for the load's submissions (as
// validated, scrubbed and grouped by the survey service, each under its own key) straight through
// the driver, in batches, into a fresh embedded store with the same unique id index: the most the
// store can take.
func bulkInsertCeiling(ctx context.Context, c config, d time.Duration) (float64, error) {
	doc, err := storedDocuments(ctx, c.survey, c.channel)
	if err != nil {
		return 0, err
	}
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
	start := time.Now()
	n := 0
	for time.Since(start) < d {
		batch := make([]any, c.batchSize)
		for i := range batch {
			batch[i] = doc()
		}
		if _, err := coll.InsertMany(ctx, batch, options.InsertMany().SetOrdered(false)); err != nil {
			var bulk mongo.BulkWriteException
			if !errors.As(err, &bulk) {
				return 0, fmt.Errorf("baseline insert: %w", err)
			}
		}
		n += c.batchSize
	}
	return float64(n) / time.Since(start).Seconds(), nil
}

// storedDocuments returns a function making the document the server stores for the load's
// submission under a new key: the submission goes through the survey service once, as the
// server takes it, and each document is that response under another id.
func storedDocuments(ctx context.Context, slug, channel string) (func() any, error) {
	surveys, err := yamlfile.LoadDir(public.Files, "surveys")
	if err != nil {
		return nil, err
	}
	catalog, err := survey.NewCatalog(surveys...)
	if err != nil {
		return nil, err
	}
	disclosures, err := freetext.LoadDisclosureTerms(public.Files, "safeguarding")
	if err != nil {
		return nil, err
	}
	sub := survey.Submission{Lang: phoneLang, Answers: phoneAnswers, Channel: channel}
	store := &keptResponse{}
	svc := &survey.Service{Surveys: catalog, Store: store, Disclosures: disclosures, Now: time.Now}
	sub.Key = newKey()
	if _, err := svc.SubmitResponse(ctx, slug, sub); err != nil {
		return nil, fmt.Errorf("baseline document: %w", err)
	}
	return func() any {
		r := *store.r
		r.ID = survey.ResponseID(slug, newKey())
		return surveymongo.StoredDocument(&r)
	}, nil
}

// keptResponse is a survey store that keeps the last response it was given, for the baseline.
type keptResponse struct{ r *survey.Response }

func (k *keptResponse) SaveResponse(_ context.Context, r *survey.Response) (bool, error) {
	k.r = r
	return true, nil
}

func (k *keptResponse) Counts(context.Context, string, int) (survey.Counts, error) {
	return survey.Counts{}, nil
}

func (k *keptResponse) Fingerprint(context.Context, string, string) (string, error) {
	return k.r.Fingerprint, nil
}

// cpuTime reads the CPU time a process has used so far (user and system), or 0 without one.
func cpuTime(pid int) time.Duration {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if pid == 0 || err != nil {
		return 0
	}
	// The fields after the command name, which is in parentheses: utime and stime are the 12th and 13th.
	fields := strings.Fields(string(data[strings.LastIndexByte(string(data), ')')+1:]))
	if len(fields) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(fields[11], 10, 64)
	stime, _ := strconv.ParseInt(fields[12], 10, 64)
	return time.Duration(utime+stime) * time.Second / 100 // clock ticks, 100 a second on Linux
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
