// Package metrics exposes the service's request, submission and store figures to Prometheus.
// Labels only ever name a route pattern, a method, a status or a store operation: never a path, an
// answer, a channel, an address or anything else a child or a device could be told apart by.
package metrics

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/safeguarding/safetysurvey/survey"
)

// Metrics holds the service's collectors in a registry of its own, so nothing global is shared.
type Metrics struct {
	registry    *prometheus.Registry
	requests    *prometheus.CounterVec
	latency     *prometheus.HistogramVec
	accepted    prometheus.Counter
	suspect     *prometheus.CounterVec
	batchSize   prometheus.Histogram
	storeErrors *prometheus.CounterVec
}

// Build is the version and source revision of the running binary, for safetysurvey_build_info.
type Build struct {
	Version  string
	Revision string
}

// storeOps are the operations the store reports failures of (survey/mongo's writer), each
// exported at zero from the start so that an alert on their rate has a series before the first.
var storeOps = []string{"journal", "insert", "counters", "recovery"}

// suspectReasons are why a submission is held back as suspect, each exported at zero from the start.
var suspectReasons = []string{survey.SuspectHoneypot, survey.SuspectTooFast, survey.SuspectNoStart}

// New registers every collector, with the Go runtime's and the process's own (memory, CPU, files).
// Every series without a route in its labels is exported from the start, at zero.
func New(build Build) *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "safetysurvey_http_requests_total",
			Help: "HTTP requests answered, by method, route pattern and status.",
		}, []string{"method", "route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "safetysurvey_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by method and route pattern.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"method", "route"}),
		accepted: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "safetysurvey_submissions_accepted_total",
			Help: "Submissions acknowledged as newly stored (201); resends of a stored response are not counted.",
		}),
		suspect: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "safetysurvey_submissions_suspect_total",
			Help: "Submissions newly stored but held back from the findings as suspect, by reason: honeypot, too_fast or no_start.",
		}, []string{"reason"}),
		batchSize: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "safetysurvey_writer_batch_size",
			Help:    "Submissions written together in one group commit.",
			Buckets: []float64{1, 2, 5, 10, 25, 50, 100, 250, 500},
		}),
		storeErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "safetysurvey_store_errors_total",
			Help: "Failed store operations, by operation.",
		}, []string{"op"}),
	}
	buildInfo := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "safetysurvey_build_info",
		Help: "Always 1; its labels are the module version and source revision the binary was built from (safetysurvey version).",
	}, []string{"version", "revision"})
	buildInfo.WithLabelValues(build.Version, build.Revision).Set(1)
	for _, op := range storeOps {
		m.storeErrors.WithLabelValues(op)
	}
	for _, reason := range suspectReasons {
		m.suspect.WithLabelValues(reason)
	}
	m.registry.MustRegister(m.requests, m.latency, m.accepted, m.suspect, m.batchSize, m.storeErrors, buildInfo,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// CountSuspect wraps store so that every response it newly stores as suspect is counted by reason.
func (m *Metrics) CountSuspect(store survey.ResponseStore) survey.ResponseStore {
	return suspectCounter{ResponseStore: store, suspect: m.suspect}
}

// suspectCounter is a survey.ResponseStore that counts the suspect responses it newly stores.
type suspectCounter struct {
	survey.ResponseStore
	suspect *prometheus.CounterVec
}

func (s suspectCounter) SaveResponse(ctx context.Context, r *survey.Response) (bool, error) {
	created, err := s.ResponseStore.SaveResponse(ctx, r)
	if created && err == nil && r.Suspect != "" {
		s.suspect.WithLabelValues(r.Suspect).Inc()
	}
	return created, err
}

// ObserveRequest counts a request and its duration under its route pattern, never its path.
func (m *Metrics) ObserveRequest(method, route string, status int, elapsed time.Duration) {
	m.requests.WithLabelValues(method, route, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(method, route).Observe(elapsed.Seconds())
}

// BatchWritten records one group commit of jobs submissions, created of them newly stored.
func (m *Metrics) BatchWritten(jobs, created int) {
	m.batchSize.Observe(float64(jobs))
	m.accepted.Add(float64(created))
}

// StoreError counts a failed store operation.
func (m *Metrics) StoreError(op string) {
	m.storeErrors.WithLabelValues(op).Inc()
}

// WatchQueue reports depth, read at each scrape, as the writer's queue depth.
func (m *Metrics) WatchQueue(depth func() int) {
	m.registry.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "safetysurvey_writer_queue_depth",
		Help: "Submissions waiting for the next group commit.",
	}, func() float64 { return float64(depth()) }))
}

// WatchUnreviewedFlags reports count, read at each scrape, as how many flagged answers of every
// survey nobody has reviewed yet: a number only, never which survey or answer. A failed count
// is reported as NaN, which alerting rules see as missing data rather than as zero.
func (m *Metrics) WatchUnreviewedFlags(count func() (int, error)) {
	m.registry.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "safetysurvey_flagged_unreviewed",
		Help: "Free-text answers flagged as possibly disclosing harm that the safeguarding lead has not reviewed yet.",
	}, func() float64 {
		n, err := count()
		if err != nil {
			return math.NaN()
		}
		return float64(n)
	}))
}

// Handler serves the metrics in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{Registry: m.registry})
}
