package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// runCommand runs the command line args as main does, with stdout and stderr captured, and
// returns them with the exit status main would give.
func runCommand(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	outR, outW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var outB, errB []byte
	wg.Go(func() { outB, _ = io.ReadAll(outR) })
	wg.Go(func() { errB, _ = io.ReadAll(errR) })
	origOut, origErr := os.Stdout, os.Stderr
	os.Stdout, os.Stderr = outW, errW
	runErr := run(context.Background(), args, func(string) string { return "" })
	os.Stdout, os.Stderr = origOut, origErr
	outW.Close()
	errW.Close()
	wg.Wait()
	if runErr != nil && !errors.Is(runErr, flag.ErrHelp) {
		errB = append(errB, []byte("safetysurvey: "+runErr.Error()+"\n")...)
	}
	return string(outB), string(errB), exitCode(runErr)
}

// TestCommandsBesideServer runs commands on the data folder of a running server: they reach its
// store through its socket and say so, and the server sees what they did.
func TestCommandsBesideServer(t *testing.T) {
	dir := t.TempDir()
	m := startMain(t, dir, nil, "--min-fill-time", "3s")
	defer m.Close()
	if status, _, err := submit(m, "beside-server-key-0001", `{"answers":{"area":"putney"}}`); err != nil || status != http.StatusCreated {
		t.Fatalf("submit: %d %v", status, err)
	}
	if err := m.store.db.Settle(context.Background()); err != nil {
		t.Fatal(err)
	}
	passwordFile := filepath.Join(t.TempDir(), "password")
	if err := os.WriteFile(passwordFile, []byte(adminPassword+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	socket := filepath.Join(dir, "db")
	wantNote := "safetysurvey: using the embedded store in " + socket + ", through the running server's socket, database safetysurvey\n"
	store := []string{"--data-dir", dir, "--log-level", "error"}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"UsersAdd", []string{"users", "add", "--email", "ada@example.org", "--role", "admin", "--password-file", passwordFile}, "added ada@example.org (admin)"},
		{"UsersList", []string{"users", "list"}, "ada@example.org"},
		{"ChannelsAdd", []string{"channels", "add", "--name", "Putney Library", "--setting", "community_group"}, "Putney Library"},
		{"ChannelsList", []string{"channels", "list"}, "1 channels"},
		{"SurveysSuspect", []string{"surveys", "suspect"}, `"area"`},
		{"SurveysVerify", []string{"surveys", "verify"}, "0 counters differ"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, code := runCommand(t, append(tc.args, store...)...)
			if code != 0 || !strings.Contains(stdout, tc.want) {
				t.Fatalf("exit %d, stdout %q, stderr %q; want exit 0 and %q", code, stdout, stderr, tc.want)
			}
			if stderr != wantNote {
				t.Errorf("stderr = %q, want %q", stderr, wantNote)
			}
		})
	}
	t.Run("ErrRebuild", func(t *testing.T) {
		_, stderr, code := runCommand(t, append([]string{"surveys", "rebuild"}, store...)...)
		if code != 1 || !strings.Contains(stderr, "stop the server first") {
			t.Errorf("exit %d, stderr %q; want exit 1 asking to stop the server", code, stderr)
		}
	})
	// The server reads what the commands wrote.
	users, err := m.store.db.Users(context.Background())
	if err != nil || len(users) != 1 || users[0].Email != "ada@example.org" {
		t.Errorf("server sees users %v (%v), want ada@example.org", users, err)
	}
	var suspect struct{ Suspect string }
	stdout, _, _ := runCommand(t, append([]string{"surveys", "suspect"}, store...)...)
	if err := json.Unmarshal([]byte(stdout), &suspect); err != nil || suspect.Suspect == "" {
		t.Errorf("surveys suspect printed %q (%v), want one suspect response", stdout, err)
	}
}

// TestCommandNamesItsStore: a command with the store to itself says which one it started.
func TestCommandNamesItsStore(t *testing.T) {
	dir := t.TempDir()
	_, stderr, code := runCommand(t, "users", "list", "--data-dir", dir, "--log-level", "error")
	if want := "safetysurvey: using the embedded store in " + filepath.Join(dir, "db") + ", database safetysurvey\n"; code != 0 || stderr != want {
		t.Errorf("exit %d, stderr %q; want exit 0 and %q", code, stderr, want)
	}
}
