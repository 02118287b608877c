package server

import (
	"embed"
	"encoding/json"
	"io/fs"
	"net/http"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// OpenAPI is the OpenAPI 3.1 document of the API, served at
// /openapi.json. Its Report schema is report/schema.json's (a test keeps
// them in step).
//
//go:embed openapi.json
var OpenAPI []byte

// web holds the page at / and its assets.
//
//go:embed web
var web embed.FS

const assetPrefix = "/assets/"

// pageCSP lets the page run only its own script and style and talk only
// to this server: even text that slipped into the DOM as markup could not
// run a script.
const pageCSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
	"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

func securityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", pageCSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
}

func (s *Server) handlePage(w http.ResponseWriter, r *http.Request) {
	page, err := web.ReadFile("web/index.html")
	if err != nil {
		s.writeError(w, errorf(http.StatusInternalServerError, codeInternal, "page: "+err.Error()))
		return
	}
	securityHeaders(w.Header())
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(page)
}

func (s *Server) handleAssets() http.HandlerFunc {
	sub, err := fs.Sub(web, "web")
	if err != nil { // the embedded tree always has web/
		return func(w http.ResponseWriter, r *http.Request) {
			s.writeError(w, errorf(http.StatusInternalServerError, codeInternal, "assets: "+err.Error()))
		}
	}
	files := http.StripPrefix(assetPrefix, http.FileServerFS(sub))
	return func(w http.ResponseWriter, r *http.Request) {
		name := r.URL.Path[len(assetPrefix):]
		if name == "" || name == "index.html" {
			s.writeError(w, errorf(http.StatusNotFound, codeNotFound, "no such asset"))
			return
		}
		if _, err := fs.Stat(sub, name); err != nil {
			s.writeError(w, errorf(http.StatusNotFound, codeNotFound, "no such asset: "+name))
			return
		}
		securityHeaders(w.Header())
		w.Header().Set("Cache-Control", "no-cache")
		files.ServeHTTP(w, r)
	}
}

func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Write(OpenAPI)
}

// health is the body of /healthz.
type health struct {
	Status   string `json:"status"`
	Version  string `json:"version,omitempty"`
	InFlight int    `json:"analyses_in_flight"`
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	h := health{Status: "ok", Version: s.opt.Version, InFlight: len(s.work)}
	code := http.StatusOK
	if s.draining.Load() {
		h.Status, code = "shutting_down", http.StatusServiceUnavailable
	}
	b, err := json.Marshal(h)
	if err != nil {
		s.writeError(w, errorf(http.StatusInternalServerError, codeInternal, err.Error()))
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	w.Write(append(b, '\n'))
}

func (s *Server) handleMetrics() http.HandlerFunc {
	h := promhttp.HandlerFor(s.opt.Gatherer, promhttp.HandlerOpts{ErrorLog: slogPrinter{s}})
	return h.ServeHTTP
}

// slogPrinter adapts the logger to promhttp's error log.
type slogPrinter struct{ s *Server }

func (p slogPrinter) Println(v ...any) { p.s.opt.Log.Warn("metrics", "err", v) }
