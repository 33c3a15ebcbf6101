package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"
)

// healthcheck asks the server on this machine whether it is ready, for container runtimes whose
// image has no shell or curl (distroless): it exits 0 only when /readyz answers 200. It reads the
// server's own flags and environment, so it finds the address the server listens on.
func healthcheck(ctx context.Context, args []string, getenv func(string) string) error {
	var cfg Config
	if _, err := cfg.parse("safetysurvey healthcheck", args, getenv, true, os.Stderr); err != nil {
		return err
	}
	url, err := readinessURL(cfg.Addr)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: %s answered %s", url, resp.Status)
	}
	return nil
}

// readinessURL is /readyz on the loopback interface when the server listens on every interface.
func readinessURL(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", usageError{fmt.Sprintf("--addr %q must be host:port: %v", addr, err)}
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/readyz", nil
}
