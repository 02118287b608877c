package server

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/winnow-project/winnow/report"
)

// openAPITemplate is the OpenAPI 3.1 document of the API with a marker
// where the report schema goes.
//
//go:embed openapi.json
var openAPITemplate []byte

// reportMarker stands for components.schemas.Report in openapi.json.
const reportMarker = `"Report": {"$comment": "report/schema.json and its $defs, filled in by the server"}`

// OpenAPI returns the OpenAPI 3.1 document served at /openapi.json. Its
// Report schema is report/schema.json (report.Schema) itself, and each of
// that schema's $defs is a component of its own (signal → Signal), so the
// two cannot drift apart.
var OpenAPI = sync.OnceValues(func() ([]byte, error) { return buildOpenAPI(openAPITemplate, report.Schema) })

// buildOpenAPI puts the report schema into the template.
func buildOpenAPI(tmpl, schema []byte) ([]byte, error) {
	if n := bytes.Count(tmpl, []byte(reportMarker)); n != 1 {
		return nil, fmt.Errorf("openapi.json: %d report schema markers, want 1", n)
	}
	var rs map[string]any
	if err := json.Unmarshal(schema, &rs); err != nil {
		return nil, fmt.Errorf("report schema: %w", err)
	}
	defs, _ := rs["$defs"].(map[string]any)
	delete(rs, "$schema")
	delete(rs, "$id")
	delete(rs, "$defs")
	var b bytes.Buffer
	add := func(name string, v any) error {
		j, err := json.Marshal(componentRefs(v))
		if err != nil {
			return fmt.Errorf("report schema: %w", err)
		}
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q: %s", name, j)
		return nil
	}
	if err := add("Report", rs); err != nil {
		return nil, err
	}
	for _, name := range slices.Sorted(maps.Keys(defs)) {
		if err := add(componentName(name), defs[name]); err != nil {
			return nil, err
		}
	}
	var out bytes.Buffer
	if err := json.Indent(&out, bytes.Replace(tmpl, []byte(reportMarker), b.Bytes(), 1), "", "  "); err != nil {
		return nil, fmt.Errorf("openapi.json: %w", err)
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}

// componentName is the OpenAPI component of a report schema $def.
func componentName(def string) string {
	if def == "" {
		return def
	}
	return strings.ToUpper(def[:1]) + def[1:]
}

// componentRefs rewrites "#/$defs/x" references as "#/components/schemas/X".
func componentRefs(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			if ref, ok := e.(string); ok && k == "$ref" && strings.HasPrefix(ref, "#/$defs/") {
				out[k] = "#/components/schemas/" + componentName(strings.TrimPrefix(ref, "#/$defs/"))
				continue
			}
			out[k] = componentRefs(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = componentRefs(e)
		}
		return out
	}
	return v
}

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
	doc, err := OpenAPI()
	if err != nil {
		s.writeError(w, errorf(http.StatusInternalServerError, codeInternal, err.Error()))
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Write(doc)
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
