package main

import (
	"context"
	"testing"
)

func TestHealthcheck(t *testing.T) {
	m := startMain(t, t.TempDir(), nil)
	addr := m.ln.Addr().String()
	ctx := context.Background()
	t.Run("OKFlag", func(t *testing.T) {
		if err := run(ctx, []string{"healthcheck", "--addr", addr}, func(string) string { return "" }); err != nil {
			t.Errorf("healthcheck of a ready server: %v", err)
		}
	})
	t.Run("OKEnvironment", func(t *testing.T) {
		env := func(k string) string { return map[string]string{"SAFETYSURVEY_ADDR": addr}[k] }
		if err := run(ctx, []string{"healthcheck"}, env); err != nil {
			t.Errorf("healthcheck with the address in the environment: %v", err)
		}
	})
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	t.Run("ErrStopped", func(t *testing.T) {
		err := run(ctx, []string{"healthcheck", "--addr", addr}, func(string) string { return "" })
		if err == nil || exitCode(err) != 1 {
			t.Errorf("healthcheck of a stopped server: %v (exit %d), want exit 1", err, exitCode(err))
		}
	})
}

func TestReadinessURL(t *testing.T) {
	for _, tc := range []struct{ addr, want string }{
		{":8080", "http://127.0.0.1:8080/readyz"},
		{"0.0.0.0:80", "http://127.0.0.1:80/readyz"},
		{"[::]:8080", "http://127.0.0.1:8080/readyz"},
		{"127.0.0.1:9000", "http://127.0.0.1:9000/readyz"},
		{"[::1]:9000", "http://[::1]:9000/readyz"},
		{"localhost:8080", "http://localhost:8080/readyz"},
	} {
		t.Run(tc.addr, func(t *testing.T) {
			got, err := readinessURL(tc.addr)
			if err != nil || got != tc.want {
				t.Errorf("readinessURL(%q) = %q, %v; want %q", tc.addr, got, err, tc.want)
			}
		})
	}
	t.Run("ErrNoPort", func(t *testing.T) {
		if _, err := readinessURL("localhost"); exitCode(err) != 2 {
			t.Errorf("address without a port: %v, want a usage error", err)
		}
	})
}
