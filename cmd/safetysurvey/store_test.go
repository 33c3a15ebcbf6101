package main

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"testing"

	"github.com/safeguarding/safetysurvey/survey/mongo/embedded"
	"github.com/safeguarding/safetysurvey/survey/mongo/mongotest"
)

// externalStore is FerretDB in a process of its own, which a test can kill, freeze and restart to
// play a store going away. Its socket is in its data folder, so it has the same URI every start.
type externalStore struct {
	t    *testing.T
	dir  string
	pid  int
	uri  string
	gone chan struct{} // closed once the running process has exited
}

// serveStore is the child process's side: it serves the store in dir until it is killed.
func serveStore(dir string) int {
	srv, err := embedded.Start(dir, newLogger("error"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Printf("store at %s\n", srv.URI())
	select {}
}

// startStore starts a store in a folder of its own, stopped when the test ends.
func startStore(t *testing.T) *externalStore {
	t.Helper()
	s := &externalStore{t: t, dir: t.TempDir()}
	s.start()
	t.Cleanup(s.kill)
	return s
}

func (s *externalStore) start() {
	s.t.Helper()
	var cmd *exec.Cmd
	var uri string
	if bin := os.Getenv(mongotest.StoreBinEnv); bin != "" {
		// Under make, a store built without the race detector: what these tests put under
		// strain is the server, which stays instrumented, not FerretDB.
		cmd, uri = startCommand(s.t, exec.Command(bin, "serve", s.dir), "store at ")
	} else {
		cmd, uri = startChild(s.t, "SAFETYSURVEY_TEST_STORE="+s.dir, "store at ")
	}
	if s.uri != "" && uri != s.uri {
		s.t.Fatalf("store restarted at %s, was at %s", uri, s.uri)
	}
	s.pid, s.uri, s.gone = cmd.Process.Pid, uri, make(chan struct{})
	go func(gone chan struct{}) {
		_ = cmd.Wait()
		close(gone)
	}(s.gone)
}

// kill stops the store at once, as a crash or a lost machine would; a killed store can be started again.
func (s *externalStore) kill() {
	if s.pid != 0 {
		_ = syscall.Kill(s.pid, syscall.SIGCONT)
		_ = syscall.Kill(s.pid, syscall.SIGKILL)
		<-s.gone
		s.pid = 0
	}
}

// freeze stops the store answering without closing its connections, as a network partition
// would; thaw lets it go on.
func (s *externalStore) freeze() { _ = syscall.Kill(s.pid, syscall.SIGSTOP) }
func (s *externalStore) thaw()   { _ = syscall.Kill(s.pid, syscall.SIGCONT) }
