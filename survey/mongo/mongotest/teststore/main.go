// Command teststore runs the embedded store for tests in a process of its own, built without the
// race detector. Under -race every package of a test binary is instrumented, FerretDB and its
// SQLite included, and FerretDB turns on its debug build (a stack trace for every cursor): the
// store took a third of survey/web/site's CPU while checking none of our code. Run outside, it
// answers over the same wire protocol, as MongoDB does in production; the service's side of
// every exchange (the driver, the writer, the handlers) stays instrumented. The tests that run
// the service as it is deployed, with its store inside (cmd/safetysurvey), keep it there.
//
//	teststore [--] command args...
//
// starts one store in a temporary folder, runs the command with SAFETYSURVEY_TEST_MONGODB_URI
// (mongotest.Main then uses that store instead of starting one; each test still has a database of
// its own) and SAFETYSURVEY_TEST_STORE_BIN (this program, for tests that start and kill a store
// of their own), stops the store and exits as the command did. The Makefile runs the unit tests
// so: `go run ./survey/mongo/mongotest/teststore go test -race ./...`.
//
//	teststore serve DIR
//
// serves a store with its files in DIR, prints "store at URI" and runs until it is killed.
package main

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"os/signal"
	"syscall"

	"github.com/safeguarding/safetysurvey/survey/mongo/embedded"
	"github.com/safeguarding/safetysurvey/survey/mongo/mongotest"
)

func main() {
	args := os.Args[1:]
	if len(args) == 2 && args[0] == "serve" {
		os.Exit(serve(args[1]))
	}
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "usage: teststore [--] command args... | teststore serve DIR")
		os.Exit(2)
	}
	os.Exit(run(args))
}

// serve runs the store in dir until the process is killed.
func serve(dir string) int {
	srv, err := embedded.Start(dir, logger())
	if err != nil {
		fmt.Fprintln(os.Stderr, "teststore:", err)
		return 1
	}
	fmt.Printf("store at %s\n", srv.URI())
	select {}
}

// run starts a store, runs the command against it and stops the store.
func run(args []string) int {
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintln(os.Stderr, "teststore:", err)
		return 1
	}
	dir, err := os.MkdirTemp("", "safetysurvey-teststore-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "teststore:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	srv, err := embedded.Start(dir, logger())
	if err != nil {
		fmt.Fprintln(os.Stderr, "teststore:", err)
		return 1
	}
	defer srv.Close()

	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = append(os.Environ(), mongotest.SharedStoreEnv+"="+srv.URI(), mongotest.StoreBinEnv+"="+self)
	// A signal to stop goes on to the command; the store stays until the command has finished.
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "teststore:", err)
		return 1
	}
	go func() {
		for sig := range signals {
			_ = cmd.Process.Signal(sig)
		}
	}()
	err = cmd.Wait()
	if exit := (*exec.ExitError)(nil); errors.As(err, &exit) {
		return max(exit.ExitCode(), 1) // -1 when a signal ended it
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "teststore:", err)
		return 1
	}
	return 0
}

// logger passes the store's errors on to stderr (embedded keeps documents out of them).
func logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
}
