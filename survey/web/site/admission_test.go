package site_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// listen serves the test app on a loopback port, for tests that need a real connection.
func (ta *testApp) listen(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = ta.app.Listener(ln) }()
	t.Cleanup(func() { _ = ta.app.Shutdown() })
	return ln.Addr().String()
}

// rawRequest writes head (and body) on a new connection and returns the final response as read;
// it fails the test if an interim 100 Continue came first, unless continued is given.
func rawRequest(t *testing.T, addr, head string, body io.Reader, continued ...*bool) (*http.Response, string) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(conn, head); err != nil {
		t.Fatal(err)
	}
	if body != nil {
		_, _ = io.Copy(conn, body) // the server may stop reading and answer first
	}
	r := bufio.NewReader(conn)
	resp, err := http.ReadResponse(r, nil)
	for err == nil && resp.StatusCode == http.StatusContinue {
		if len(continued) == 0 {
			t.Error("100 Continue was sent")
		} else {
			*continued[0] = true
		}
		resp, err = http.ReadResponse(r, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	return resp, string(raw)
}

func TestRequestEdges(t *testing.T) {
	ta := newTestApp(t)
	addr := ta.listen(t)
	target := "/api/v1/surveys/" + slug + "/responses"
	apiError := func(t *testing.T, raw string) string {
		t.Helper()
		var out struct {
			Error struct{ Code, Message string }
		}
		if err := json.Unmarshal([]byte(raw), &out); err != nil || out.Error.Message == "" {
			t.Fatalf("not the API's JSON error: %q", raw)
		}
		return out.Error.Code
	}
	t.Run("ErrChunkedTooLarge", func(t *testing.T) {
		chunk := strings.Repeat("x", 16<<10)
		var body strings.Builder
		for range 6 {
			fmt.Fprintf(&body, "%x\r\n%s\r\n", len(chunk), chunk)
		}
		body.WriteString("0\r\n\r\n")
		resp, raw := rawRequest(t, addr, "POST "+target+" HTTP/1.1\r\nHost: example.com\r\nContent-Type: application/json\r\n"+
			"Idempotency-Key: chunked-key-000000001\r\nTransfer-Encoding: chunked\r\n\r\n", strings.NewReader(body.String()))
		if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
			t.Fatalf("%d %s, want 413 in JSON: %q", resp.StatusCode, resp.Header.Get("Content-Type"), raw)
		}
		if code := apiError(t, raw); code != "too_large" {
			t.Errorf("code %q, want too_large", code)
		}
	})
	t.Run("ErrExpectContinueTooLarge", func(t *testing.T) {
		resp, raw := rawRequest(t, addr, "POST "+target+" HTTP/1.1\r\nHost: example.com\r\nContent-Type: application/json\r\n"+
			"Idempotency-Key: continue-key-00000001\r\nContent-Length: 10000000\r\nExpect: 100-continue\r\n\r\n", nil)
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Fatalf("status %d, want 413 and no 100 Continue first", resp.StatusCode)
		}
		if code := apiError(t, raw); code != "too_large" {
			t.Errorf("code %q, want too_large", code)
		}
	})
	t.Run("OKExpectContinue", func(t *testing.T) {
		body := `{"answers":{"area":"putney"}}`
		var continued bool
		resp, _ := rawRequest(t, addr, fmt.Sprintf("POST %s HTTP/1.1\r\nHost: example.com\r\nContent-Type: application/json\r\n"+
			"Idempotency-Key: continue-key-00000002\r\nContent-Length: %d\r\nExpect: 100-continue\r\n\r\n", target, len(body)), strings.NewReader(body), &continued)
		if !continued || resp.StatusCode != http.StatusCreated {
			t.Errorf("100 Continue %v, status %d; want 100 then 201", continued, resp.StatusCode)
		}
	})
	t.Run("ErrJSONP", func(t *testing.T) {
		req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(`{"answers":{"area":"putney"}}`))
		req.Header.Set("Content-Type", "application/jsonp")
		req.Header.Set("Idempotency-Key", "jsonp-key-0000000001")
		resp, raw := ta.do(t, req)
		if resp.StatusCode != http.StatusUnsupportedMediaType {
			t.Fatalf("status %d, want 415", resp.StatusCode)
		}
		if code := apiError(t, string(raw)); code != "unsupported_media_type" {
			t.Errorf("code %q, want unsupported_media_type", code)
		}
	})
	t.Run("OKJSONWithCharset", func(t *testing.T) {
		req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(`{"answers":{"area":"putney"}}`))
		req.Header.Set("Content-Type", "application/json; charset=utf-8")
		req.Header.Set("Idempotency-Key", "jsonp-key-0000000002")
		if resp, _ := ta.do(t, req); resp.StatusCode != http.StatusCreated {
			t.Errorf("status %d, want 201", resp.StatusCode)
		}
	})
}

// TestAdmissionControl holds many bodies half sent, as slow phones would: past the cap on
// bodies in memory, a submission gets a fast 503 with Retry-After instead of waiting its turn,
// and once the slow ones are gone submissions are taken again.
func TestAdmissionControl(t *testing.T) {
	ta := newTestApp(t)
	addr := ta.listen(t)
	target := "/api/v1/surveys/" + slug + "/responses"
	var slow []net.Conn
	for i := range 200 {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		slow = append(slow, conn)
		fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: example.com\r\nContent-Type: application/json\r\nIdempotency-Key: slow-key-%010d\r\nContent-Length: 60000\r\n\r\n%s",
			target, i, strings.Repeat(" ", 9000))
	}
	time.Sleep(500 * time.Millisecond) // every slow request is in a handler, holding a slot or waiting
	start := time.Now()
	body := `{"answers":{"area":"putney"}}`
	resp, raw := rawRequest(t, addr, fmt.Sprintf("POST %s HTTP/1.1\r\nHost: example.com\r\nContent-Type: application/json\r\n"+
		"Idempotency-Key: admission-key-000001\r\nContent-Length: %d\r\n\r\n", target, len(body)), strings.NewReader(body))
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("past the cap: %d Retry-After %q, want 503 with Retry-After: %s", resp.StatusCode, resp.Header.Get("Retry-After"), raw)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("the 503 took %v, want it fast", took)
	}
	for _, conn := range slow {
		conn.Close()
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		resp, _ := rawRequest(t, addr, fmt.Sprintf("POST %s HTTP/1.1\r\nHost: example.com\r\nContent-Type: application/json\r\n"+
			"Idempotency-Key: admission-key-000001\r\nContent-Length: %d\r\n\r\n", target, len(body)), strings.NewReader(body))
		if resp.StatusCode == http.StatusCreated {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after the slow ones left: %d, want 201", resp.StatusCode)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
