package site_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/survey/web/site"
)

// wantSecurityHeaders checks every header the issue lists, one subtest each.
func wantSecurityHeaders(t *testing.T, h http.Header) {
	t.Helper()
	t.Run("ContentSecurityPolicy", func(t *testing.T) {
		csp := map[string]string{}
		for _, d := range strings.Split(h.Get("Content-Security-Policy"), ";") {
			name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
			csp[name] = value
		}
		for name, want := range map[string]string{
			"default-src": "'none'", "script-src": "'self'", "object-src": "'none'", "base-uri": "'none'", "frame-ancestors": "'none'", "form-action": "'self'",
		} {
			if csp[name] != want {
				t.Errorf("%s = %q, want %q (policy %q)", name, csp[name], want, h.Get("Content-Security-Policy"))
			}
		}
		if strings.Contains(h.Get("Content-Security-Policy"), "unsafe-") {
			t.Errorf("policy allows unsafe sources: %q", h.Get("Content-Security-Policy"))
		}
	})
	t.Run("ReferrerPolicy", func(t *testing.T) {
		if got := h.Get("Referrer-Policy"); got != "no-referrer" {
			t.Errorf("Referrer-Policy = %q", got)
		}
	})
	t.Run("ContentTypeOptions", func(t *testing.T) {
		if got := h.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("X-Content-Type-Options = %q", got)
		}
	})
	t.Run("PermissionsPolicy", func(t *testing.T) {
		got := h.Get("Permissions-Policy")
		for _, feature := range []string{"camera=()", "microphone=()", "geolocation=()"} {
			if !strings.Contains(got, feature) {
				t.Errorf("Permissions-Policy = %q, lacks %s", got, feature)
			}
		}
	})
	t.Run("FrameOptions", func(t *testing.T) {
		if got := h.Get("X-Frame-Options"); got != "DENY" {
			t.Errorf("X-Frame-Options = %q, want DENY for browsers without frame-ancestors", got)
		}
	})
}

func TestSecurityHeaders(t *testing.T) {
	ta := newTestApp(t)
	for _, tt := range []struct {
		name, method, target string
	}{
		{"SurveyPage", http.MethodGet, "/s/" + slug},
		{"ThanksPage", http.MethodGet, "/s/" + slug + "/thanks"},
		{"HelpPage", http.MethodGet, "/s/" + slug + "/help"},
		{"NotFoundPage", http.MethodGet, "/nowhere"},
		{"Stats", http.MethodGet, "/api/v1/surveys/" + slug + "/stats"},
		{"APIError", http.MethodPost, "/api/v1/surveys/" + slug + "/responses"},
		{"Health", http.MethodGet, "/healthz"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resp, _ := ta.do(t, httptest.NewRequest(tt.method, tt.target, nil))
			wantSecurityHeaders(t, resp.Header)
			if hsts := resp.Header.Get("Strict-Transport-Security"); hsts != "" {
				t.Errorf("HSTS %q over plain HTTP", hsts)
			}
		})
	}
	t.Run("NoInlineScript", func(t *testing.T) {
		_, doc := ta.get(t, "/s/"+slug)
		if n := doc.Find("script:not([src])").Length(); n > 0 {
			t.Errorf("%d inline scripts, which the policy would block", n)
		}
	})
}

func TestHSTS(t *testing.T) {
	hsts := func(t *testing.T, trusted bool, proto string) string {
		ta := newConfiguredApp(t, func(cfg *site.Config) {
			if trusted {
				cfg.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("0.0.0.0/32")}
			}
		})
		req := httptest.NewRequest(http.MethodGet, "/s/"+slug, nil)
		if proto != "" {
			req.Header.Set("X-Forwarded-Proto", proto)
		}
		resp, _ := ta.do(t, req)
		return resp.Header.Get("Strict-Transport-Security")
	}
	t.Run("OKTrustedProxySaysHTTPS", func(t *testing.T) {
		if got := hsts(t, true, "https"); !strings.HasPrefix(got, "max-age=") {
			t.Errorf("HSTS = %q, want it behind a trusted TLS-terminating proxy", got)
		}
	})
	t.Run("ErrTrustedProxySaysHTTP", func(t *testing.T) {
		if got := hsts(t, true, "http"); got != "" {
			t.Errorf("HSTS = %q over plain HTTP", got)
		}
	})
	t.Run("ErrUntrustedForwardedProto", func(t *testing.T) {
		if got := hsts(t, false, "https"); got != "" {
			t.Errorf("HSTS = %q on a client's word", got)
		}
	})
	t.Run("OKDirectTLS", func(t *testing.T) {
		ta := newTestApp(t)
		base, client := serveTLS(t, ta.app)
		resp, err := client.Get(base + "/s/" + slug)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Strict-Transport-Security"); !strings.HasPrefix(got, "max-age=") {
			t.Errorf("HSTS = %q over TLS", got)
		}
	})
}

// TestRequestLimits: oversized headers are refused with the usual headers and error body, and
// the slow-client timeouts are set.
func TestRequestLimits(t *testing.T) {
	ta := newTestApp(t)
	base, client := serveTLS(t, ta.app)
	req, _ := http.NewRequest(http.MethodGet, base+"/api/v1/surveys/"+slug+"/stats", nil)
	req.Header.Set("X-Padding", strings.Repeat("x", 9<<10))
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("9 KiB of headers: status %d, want 431", resp.StatusCode)
	}
	wantSecurityHeaders(t, resp.Header)
	cfg := ta.app.Config()
	for name, got := range map[string]time.Duration{"ReadTimeout": cfg.ReadTimeout, "WriteTimeout": cfg.WriteTimeout, "IdleTimeout": cfg.IdleTimeout} {
		if got <= 0 || got > time.Minute {
			t.Errorf("%s = %v, want a bound of a minute or less", name, got)
		}
	}
	if cfg.BodyLimit != 64<<10 {
		t.Errorf("BodyLimit = %d, want 64 KiB", cfg.BodyLimit)
	}
}

// serveTLS serves app over TLS on a loopback port with a throwaway certificate, until the test
// ends, and returns its URL and a client that trusts it.
func serveTLS(t *testing.T, app *fiber.App) (string, *http.Client) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"}, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	tlsLn := tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}})
	go func() { _ = app.Listener(tlsLn) }()
	t.Cleanup(func() { _ = app.Shutdown() })
	roots := x509.NewCertPool()
	roots.AddCert(cert)
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}}}
	return fmt.Sprintf("https://%s", ln.Addr()), client
}
