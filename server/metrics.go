package server

import (
	"fmt"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// metrics are the server's Prometheus collectors.
type metrics struct {
	requests  *prometheus.CounterVec   // endpoint, code
	latency   *prometheus.HistogramVec // endpoint, code
	inFlight  prometheus.Gauge         // HTTP requests being served
	analyses  prometheus.Gauge         // analyses running
	documents *prometheus.CounterVec   // label (spam, suspicious, clean, error)
	rejected  *prometheus.CounterVec   // reason (overloaded, too_large, deadline)
	bytesIn   prometheus.Counter
}

func collectorsGo() []prometheus.Collector {
	return []prometheus.Collector{
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	}
}

func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "winnow_http_requests_total",
			Help: "HTTP requests served, by endpoint and status code.",
		}, []string{"endpoint", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "winnow_http_request_duration_seconds",
			Help:    "Time from request to the end of the response, by endpoint and status code.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60},
		}, []string{"endpoint", "code"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "winnow_http_requests_in_flight",
			Help: "HTTP requests being served.",
		}),
		analyses: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "winnow_analyses_in_flight",
			Help: "Documents being analysed.",
		}),
		documents: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "winnow_documents_total",
			Help: "Documents checked, by verdict label (error: not checked).",
		}, []string{"label"}),
		rejected: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "winnow_rejected_total",
			Help: "Requests or documents refused by a limit, by reason.",
		}, []string{"reason"}),
		bytesIn: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "winnow_document_bytes_total",
			Help: "Bytes of documents analysed.",
		}),
	}
	for _, c := range []prometheus.Collector{m.requests, m.latency, m.inFlight, m.analyses, m.documents, m.rejected, m.bytesIn} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("register: %w", err)
		}
	}
	// Make the labels known before the first document, so dashboards see
	// zeros rather than nothing.
	for _, l := range []string{"spam", "suspicious", "clean", "error"} {
		m.documents.WithLabelValues(l)
	}
	for _, r := range []string{reasonOverloaded, reasonTooLarge, reasonDeadline} {
		m.rejected.WithLabelValues(r)
	}
	return m, nil
}
