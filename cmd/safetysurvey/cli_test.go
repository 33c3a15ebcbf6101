package main

import (
	"strings"
	"testing"
)

// TestCommandConventions: every command and sub-command answers --help on stdout with exit 0,
// a usage mistake exits 2 and a failure 1, each with its reason on stderr.
func TestCommandConventions(t *testing.T) {
	commands := [][]string{
		{}, {"serve"}, {"help"}, {"version"}, {"healthcheck"},
		{"surveys"}, {"surveys", "check"}, {"surveys", "verify"}, {"surveys", "rebuild"}, {"surveys", "suspect"},
		{"responses"}, {"responses", "purge"},
		{"users"}, {"users", "add"}, {"users", "list"}, {"users", "roles"},
		{"i18n"}, {"i18n", "check"},
		{"channels"}, {"channels", "add"}, {"channels", "list"}, {"channels", "import"},
		{"channels", "qr"}, {"channels", "poster"}, {"channels", "pack"},
	}
	for _, command := range commands {
		name := strings.Join(command, " ")
		for _, help := range []string{"--help", "-h"} {
			t.Run("OKHelp/"+name+" "+help, func(t *testing.T) {
				stdout, stderr, code := runCommand(t, append(command, help)...)
				if code != 0 || !strings.Contains(stdout, "Usage") || stderr != "" {
					t.Errorf("exit %d, stdout %q, stderr %q; want exit 0 and usage on stdout alone", code, stdout, stderr)
				}
				if len(command) == 1 && command[0] != "serve" && command[0] != "help" && !strings.Contains(stdout, "safetysurvey "+command[0]) {
					t.Errorf("help %q does not name the command", stdout)
				}
			})
		}
		if len(command) == 0 || groups[command[0]] && len(command) == 1 {
			continue
		}
		t.Run("ErrUnknownFlag/"+name, func(t *testing.T) {
			_, stderr, code := runCommand(t, append(command, "--no-such-flag")...)
			if code != 2 || !strings.Contains(stderr, "no-such-flag") {
				t.Errorf("exit %d, stderr %q; want exit 2 naming the flag", code, stderr)
			}
		})
	}
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"ErrUnknownCommand", []string{"launch"}, 2, `unknown command "launch"`},
		{"ErrNoSubCommand", []string{"users"}, 2, "users needs a sub-command"},
		{"ErrUnknownSubCommand", []string{"channels", "paint"}, 2, `unknown channels sub-command "paint"`},
		{"ErrMissingFlag", []string{"users", "roles", "--data-dir", t.TempDir()}, 2, "needs --email"},
		{"ErrBadSurveyFile", []string{"surveys", "check", "testdata/bad-survey.yaml"}, 1, "defined twice"},
		{"ErrServerNotReady", []string{"healthcheck", "--addr", "127.0.0.1:1"}, 1, "healthcheck"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, code := runCommand(t, tc.args...)
			if code != tc.code || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr, tc.code, tc.want)
			}
		})
	}
	t.Run("OKVersion", func(t *testing.T) {
		stdout, _, code := runCommand(t, "version")
		version, revision := buildVersion()
		if want := "safetysurvey " + version + " (revision " + revision + ")\n"; code != 0 || stdout != want {
			t.Errorf("exit %d, stdout %q; want %q", code, stdout, want)
		}
	})
}
