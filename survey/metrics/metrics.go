// Package metrics exposes the service's request, submission and store figures to Prometheus.
// Labels only ever name a route pattern, a method, a status or a store operation: never a path, an
// answer, a channel, an address or anything else a child or a device could be told apart by.
package metrics

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds the service's collectors in a registry of its own, so nothing global is shared.
type Metrics struct {
	registry    *prometheus.Registry
	requests    *prometheus.CounterVec
	latency     *prometheus.HistogramVec
	accepted    prometheus.Counter
	batchSize   prometheus.Histogram
	storeErrors *prometheus.CounterVec
}

// New registers every collector, with the Go runtime's and the process's own (memory, CPU, files).
func New() *Metrics {
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
	m.registry.MustRegister(m.requests, m.latency, m.accepted, m.batchSize, m.storeErrors,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
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

// Handler serves the metrics in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{Registry: m.registry})
}
