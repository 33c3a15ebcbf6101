package site_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/safeguarding/safetysurvey/public"
)

// apiDescription is public/openapi.json, loaded and checked once for every test that calls the API.
var apiDescription = sync.OnceValues(func() (*apiDoc, error) {
	data, err := public.Files.ReadFile("openapi.json")
	if err != nil {
		return nil, err
	}
	doc, err := openapi3.NewLoader().LoadFromData(data)
	if err != nil {
		return nil, err
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, err
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, err
	}
	// Downloads are checked for their status, headers and media type; their bytes are the
	// downloads' own tests' business.
	for _, media := range []string{"text/csv", "application/pdf", "image/png", "image/svg+xml", "text/html"} {
		openapi3filter.RegisterBodyDecoder(media, openapi3filter.FileBodyDecoder)
	}
	return &apiDoc{doc: doc, router: router}, nil
})

type apiDoc struct {
	doc    *openapi3.T
	router routers.Router
}

// checkAgainstDescription holds an API exchange to public/openapi.json, so the description cannot
// drift from the app: ta.do calls it for every request under /api/v1. Every response is checked
// (status listed, headers, body schema); a request is checked when the app accepted it (below
// 400), since the tests of refusals send requests the description rightly calls invalid. A path
// the description does not have may only be a 404, a method it does not list only a 405 or the
// 204 to OPTIONS.
func checkAgainstDescription(t testing.TB, req *http.Request, reqBody []byte, resp *http.Response, body []byte) {
	t.Helper()
	api, err := apiDescription()
	if err != nil {
		t.Fatalf("public/openapi.json: %v", err)
	}
	if req.Method == http.MethodHead {
		return
	}
	check := req.Clone(context.Background())
	check.Body = io.NopCloser(bytes.NewReader(reqBody))
	route, params, err := api.router.FindRoute(check)
	switch {
	case errors.Is(err, routers.ErrPathNotFound) && resp.StatusCode == http.StatusNotFound:
		return
	case errors.Is(err, routers.ErrMethodNotAllowed) && (resp.StatusCode == http.StatusMethodNotAllowed || req.Method == http.MethodOptions && resp.StatusCode == http.StatusNoContent):
		return
	case err != nil:
		t.Fatalf("%s %s answered %d but is not in public/openapi.json: %v", req.Method, req.URL.Path, resp.StatusCode, err)
	}
	opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, IncludeResponseStatus: true, MultiError: true}
	in := &openapi3filter.RequestValidationInput{Request: check, PathParams: params, Route: route, Options: opts}
	if resp.StatusCode < 400 {
		if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
			t.Errorf("%s %s was accepted (%d) but public/openapi.json refuses the request: %v", req.Method, req.URL, resp.StatusCode, err)
		}
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: resp.StatusCode, Header: resp.Header, Options: opts}
	out.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		t.Errorf("%s %s answered %d unlike public/openapi.json: %v\nbody: %.300s", req.Method, req.URL, resp.StatusCode, err, body)
	}
}

// TestOpenAPIDescribesEveryRoute fails for a route under /api/v1 that the app has and
// public/openapi.json does not describe, with the method it takes.
func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	ta := newTestApp(t)
	api, err := apiDescription()
	if err != nil {
		t.Fatal(err)
	}
	described := 0
	for _, r := range ta.app.GetRoutes(true) {
		if !strings.HasPrefix(r.Path, "/api/v1/") || r.Method == http.MethodHead {
			continue
		}
		segments := strings.Split(r.Path, "/")
		for i, s := range segments {
			if name, ok := strings.CutPrefix(s, ":"); ok {
				segments[i] = "{" + name + "}"
			} else if strings.Contains(s, ":") {
				t.Errorf("route %s: a parameter inside a segment cannot be described", r.Path)
			}
		}
		path := strings.Join(segments, "/")
		item := api.doc.Paths.Value(path)
		if item == nil || item.GetOperation(r.Method) == nil {
			t.Errorf("%s %s is served but not in public/openapi.json", r.Method, path)
			continue
		}
		described++
	}
	if described == 0 {
		t.Fatal("no /api/v1 route found: the walk is broken")
	}
	t.Run("NothingDescribedThatIsNotServed", func(t *testing.T) {
		served := map[string]bool{}
		for _, r := range ta.app.GetRoutes(true) {
			served[r.Method+" "+r.Path] = true
		}
		for path, item := range api.doc.Paths.Map() {
			for method := range item.Operations() {
				fiberPath := strings.NewReplacer("{", ":", "}", "").Replace(path)
				if !served[method+" "+fiberPath] {
					t.Errorf("public/openapi.json describes %s %s, which the app does not serve", method, path)
				}
			}
		}
	})
}

// TestOpenAPIServed: the description is served byte for byte as it is kept, and is OpenAPI 3.1.
func TestOpenAPIServed(t *testing.T) {
	ta := newTestApp(t)
	resp, body := ta.do(t, httptest.NewRequest(http.MethodGet, "/api/v1/openapi.json", nil))
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("status %d Content-Type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	want, err := public.Files.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(body, want) {
		t.Errorf("served %d bytes, want public/openapi.json's %d", len(body), len(want))
	}
	api, err := apiDescription()
	if err != nil {
		t.Fatal(err)
	}
	if got := api.doc.OpenAPI; !api.doc.IsOpenAPI31OrLater() || api.doc.IsOpenAPI32OrLater() {
		t.Errorf("openapi %q, want 3.1", got)
	}
}
