package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestMain lets the test binary act as the server, or as the store, in its own process, so a test
// can kill it.
func TestMain(m *testing.M) {
	if dir := os.Getenv("SAFETYSURVEY_TEST_STORE"); dir != "" {
		os.Exit(serveStore(dir))
	}
	if args := os.Getenv("SAFETYSURVEY_TEST_SERVER"); args != "" {
		ctx, stop := signalContext()
		defer stop()
		if err := run(ctx, strings.Fields(args), func(string) string { return "" }); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// server is the service running in a child process.
type server struct {
	cmd *exec.Cmd
	url string
}

// startServer runs the server in a child process with its embedded store in dataDir.
func startServer(t *testing.T, dataDir string) *server {
	t.Helper()
	return startServerWith(t, "--data-dir", dataDir)
}

// startServerWith runs the server in a child process with the given flags.
func startServerWith(t *testing.T, flags ...string) *server {
	t.Helper()
	cmd, url := startChild(t, "SAFETYSURVEY_TEST_SERVER=serve --addr 127.0.0.1:0 --log-level error --min-fill-time 0 --source-limit 0 "+strings.Join(flags, " "), "safetysurvey is running at ")
	return &server{cmd: cmd, url: url}
}

// startChild runs the test binary again with env set, and returns once it prints a line starting
// with ready, with the rest of that line.
func startChild(t *testing.T, env, ready string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), env)
	return startCommand(t, cmd, ready)
}

// startCommand starts cmd and returns once it prints a line starting with ready, with the rest
// of that line.
func startCommand(t *testing.T, cmd *exec.Cmd, ready string) (*exec.Cmd, string) {
	t.Helper()
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(stdout)
	for lines.Scan() {
		if rest, ok := strings.CutPrefix(lines.Text(), ready); ok {
			go io.Copy(io.Discard, stdout)
			return cmd, rest
		}
	}
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	t.Fatalf("child process %s did not start (%s)", strings.Join(cmd.Args, " "), strings.Join(cmd.Env[min(len(cmd.Env), len(os.Environ())):], " "))
	return nil, ""
}

func (s *server) submit(key string) (int, error) {
	req, _ := http.NewRequest(http.MethodPost, s.url+"/api/v1/surveys/community-safety/responses",
		strings.NewReader(`{"answers":{"area":"roehampton","safe_home":"yes","feel_safer":["lighting","youth_clubs"]},"lang":"en"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", key)
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

// TestKilledMidLoad kills the server with SIGKILL while phones are submitting. After a restart every
// acknowledged submission is stored, none twice, and the summary counters equal a recount.
func TestKilledMidLoad(t *testing.T) {
	dir := t.TempDir()
	srv := startServer(t, dir)
	var mu sync.Mutex
	var acked []string
	attempted := 0
	var wg sync.WaitGroup
	for w := range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				key := fmt.Sprintf("crash-w%02d-n%06d", w, i)
				status, err := srv.submit(key)
				mu.Lock()
				attempted++
				if status == http.StatusCreated {
					acked = append(acked, key)
				}
				mu.Unlock()
				if err != nil {
					return // the server is gone
				}
			}
		}()
	}
	// Killed once some submissions are acknowledged (many more are in flight), however slowly a
	// busy machine lets them through: a fixed pause once left nothing acknowledged to check.
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(10 * time.Millisecond) {
		mu.Lock()
		n, tried := len(acked), attempted
		mu.Unlock()
		if n >= 64 {
			break
		}
		if time.Now().After(deadline) {
			_ = srv.cmd.Process.Signal(syscall.SIGKILL)
			wg.Wait()
			t.Fatalf("only %d of %d submissions acknowledged in 2 minutes", n, tried)
		}
	}
	if err := srv.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	_ = srv.cmd.Wait()

	srv = startServer(t, dir)
	for _, key := range acked {
		if status, err := srv.submit(key); err != nil || status != http.StatusOK {
			t.Fatalf("acknowledged submission %s: resend gave %d %v, want 200 (already stored)", key, status, err)
		}
	}
	if err := srv.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := srv.cmd.Wait(); err != nil {
		t.Fatalf("server did not stop cleanly: %v", err)
	}
	var out strings.Builder
	if err := recount(context.Background(), "verify", []string{"--data-dir", dir, "--log-level", "error"}, func(string) string { return "" }, &out); err != nil {
		t.Fatalf("counters differ from a recount after the crash: %v\n%s", err, out.String())
	}
	var stored int
	if _, err := fmt.Sscanf(out.String(), "community-safety version 1: %d responses", &stored); err != nil {
		t.Fatalf("verify output %q: %v", out.String(), err)
	}
	if stored < len(acked) || stored > attempted {
		t.Errorf("%d stored, %d acknowledged, %d attempted", stored, len(acked), attempted)
	}
	t.Logf("%d attempted, %d acknowledged before SIGKILL, %d stored; counters equal a recount", attempted, len(acked), stored)
}
