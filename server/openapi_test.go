package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/winnow-project/winnow/report"
)

func openAPI(t *testing.T) []byte {
	t.Helper()
	doc, err := OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func decodeJSON(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("JSON: %v", err)
	}
	return v
}

// TestOpenAPIServed: /openapi.json is the embedded document, OpenAPI 3,
// and names every endpoint.
func TestOpenAPIServed(t *testing.T) {
	_, ts := newTest(t, fakeChecker{}, Options{})
	resp, err := http.Get(ts.URL + "/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	body := readAll(t, resp)
	if resp.StatusCode != 200 || !bytes.Equal(body, openAPI(t)) {
		t.Fatalf("status %d; served document differs from OpenAPI()", resp.StatusCode)
	}
	doc := decodeJSON(t, body)
	if v, _ := doc["openapi"].(string); !strings.HasPrefix(v, "3.") {
		t.Errorf("openapi %q", v)
	}
	paths, _ := doc["paths"].(map[string]any)
	for p, m := range map[string]string{"/v1/check": "post", "/v1/batch": "post", "/healthz": "get", "/metrics": "get", "/openapi.json": "get", "/": "get"} {
		op, _ := paths[p].(map[string]any)
		if op[m] == nil {
			t.Errorf("no %s %s", strings.ToUpper(m), p)
		}
	}
	// Every response of /v1/check other than 200 is an Error.
	check := paths["/v1/check"].(map[string]any)["post"].(map[string]any)["responses"].(map[string]any)
	for _, code := range []string{"400", "405", "413", "415", "422", "503", "504"} {
		if check[code] == nil {
			t.Errorf("/v1/check documents no %s", code)
		}
	}
}

// TestOpenAPIReportSchema: the Report schema in the OpenAPI document is
// report/schema.json's: every required field at every level appears, and
// the whole schema is the same once its $defs are components (checked
// here with a rewrite of the test's own).
func TestOpenAPIReportSchema(t *testing.T) {
	doc := decodeJSON(t, openAPI(t))
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	api, _ := schemas["Report"].(map[string]any)
	if api == nil {
		t.Fatal("no components.schemas.Report")
	}
	src := decodeJSON(t, report.Schema)

	// The required fields, level by level.
	var walk func(path string, want, got map[string]any)
	walk = func(path string, want, got map[string]any) {
		if got == nil {
			t.Errorf("%s: missing in the OpenAPI Report schema", path)
			return
		}
		for _, r := range asStrings(want["required"]) {
			if !slices.Contains(asStrings(got["required"]), r) {
				t.Errorf("%s: %q is required in report/schema.json but not in openapi.json", path, r)
			}
		}
		wp, _ := want["properties"].(map[string]any)
		gp, _ := got["properties"].(map[string]any)
		for name, w := range wp {
			g, _ := gp[name].(map[string]any)
			if g == nil {
				t.Errorf("%s.%s: property missing in openapi.json", path, name)
				continue
			}
			w := w.(map[string]any)
			if items, ok := w["items"].(map[string]any); ok {
				gi, _ := g["items"].(map[string]any)
				walk(path+"."+name+"[]", items, gi)
			}
			walk(path+"."+name, w, g)
		}
	}
	walk("report", src, api)
	signal, _ := schemas["Signal"].(map[string]any)
	walk("$defs.signal", src["$defs"].(map[string]any)["signal"].(map[string]any), signal)

	// The whole schema, once $defs become components.
	want := components(src)
	delete(want, "$schema")
	delete(want, "$id")
	defs := want["$defs"].(map[string]any)
	delete(want, "$defs")
	if !reflect.DeepEqual(want, api) {
		t.Error("components.schemas.Report differs from report/schema.json (with #/$defs/signal as #/components/schemas/Signal)")
	}
	if !reflect.DeepEqual(defs["signal"], signal) {
		t.Error("components.schemas.Signal differs from report/schema.json's $defs.signal")
	}
}

// components rewrites report/schema.json's references to its $defs as
// references to the OpenAPI components.
func components(v any) map[string]any {
	var rw func(v any) any
	rw = func(v any) any {
		switch x := v.(type) {
		case map[string]any:
			out := make(map[string]any, len(x))
			for k, e := range x {
				if s, ok := e.(string); ok && k == "$ref" && strings.HasPrefix(s, "#/$defs/") {
					name := strings.TrimPrefix(s, "#/$defs/")
					out[k] = "#/components/schemas/" + strings.ToUpper(name[:1]) + name[1:]
					continue
				}
				out[k] = rw(e)
			}
			return out
		case []any:
			out := make([]any, len(x))
			for i, e := range x {
				out[i] = rw(e)
			}
			return out
		}
		return v
	}
	return rw(v).(map[string]any)
}

func asStrings(v any) []string {
	l, _ := v.([]any)
	out := make([]string, 0, len(l))
	for _, e := range l {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// TestOpenAPIValidatesResponses: a real /v1/check response and an error
// body are valid against the OpenAPI document's own schemas.
func TestOpenAPIValidatesResponses(t *testing.T) {
	docv, err := jsonschema.UnmarshalJSON(bytes.NewReader(openAPI(t)))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource("openapi.json", docv); err != nil {
		t.Fatal(err)
	}
	compile := func(name string) *jsonschema.Schema {
		s, err := c.Compile("openapi.json#/components/schemas/" + name)
		if err != nil {
			t.Fatalf("compile %s: %v", name, err)
		}
		return s
	}
	_, ts := newTest(t, realChecker(t), Options{})
	for _, tc := range []struct {
		schema, ctype string
		body          []byte
	}{
		{"Report", "text/plain", seed(t)},
		{"Error", "application/json", []byte("{")},
	} {
		body := readAll(t, post(t, ts.URL+"/v1/check", tc.ctype, tc.body))
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if err := compile(tc.schema).Validate(inst); err != nil {
			t.Errorf("%s: %v", tc.schema, err)
		}
	}
	resp := post(t, ts.URL+"/v1/batch", "", []byte(`{"id":1,"text":"一。"}`+"\n"+`oops`+"\n"))
	out := lines(t, readAll(t, resp))
	for i, name := range []string{"Report", "BatchError"} {
		inst, _ := jsonschema.UnmarshalJSON(strings.NewReader(out[i]))
		if err := compile(name).Validate(inst); err != nil {
			t.Errorf("batch line %d as %s: %v", i+1, name, err)
		}
	}
	for _, name := range []string{"CheckRequest", "BatchLine", "Health"} {
		compile(name)
	}
}

func TestBuildOpenAPIErrors(t *testing.T) {
	if _, err := buildOpenAPI([]byte(`{"openapi": "3.1.0"}`), report.Schema); err == nil {
		t.Error("a template without the marker was accepted")
	}
	if _, err := buildOpenAPI(openAPITemplate, []byte(`{`)); err == nil {
		t.Error("a broken schema was accepted")
	}
	if _, err := buildOpenAPI([]byte(`{"a": `+reportMarker+`, }`), report.Schema); err == nil {
		t.Error("invalid JSON came out")
	}
}
