package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// channels runs a channels sub-command against the embedded store in dir and returns its output.
func channels(t *testing.T, dir string, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	args = append([]string{args[0], "--data-dir", dir, "--public-url", "https://survey.example.org"}, args[1:]...)
	err := channelsCommand(context.Background(), args, func(string) string { return "" }, &out)
	return out.String(), err
}

func TestChannelsCommands(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "settings.csv")
	if err := os.WriteFile(csv, []byte("Name,Setting,Area\nSouthfields Academy,School,Southfields\nBalham Youth Club,Youth club,Balham\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Run("ErrImportChecksEveryRowFirst", func(t *testing.T) {
		bad := filepath.Join(dir, "bad.csv")
		if err := os.WriteFile(bad, []byte("name,setting\nGood School,school\n,castle\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := channels(t, dir, "import", bad)
		if err == nil || exitCode(err) != 2 || !strings.Contains(err.Error(), "line 3: setting: Please choose the type of setting.") {
			t.Fatalf("err = %v, want a usage error naming line 3", err)
		}
		if out, _ := channels(t, dir, "list", "--csv"); strings.Count(out, "\n") != 1 {
			t.Errorf("a bad file added channels:\n%s", out)
		}
	})
	out, err := channels(t, dir, "import", "--survey", "community-safety", csv)
	if err != nil || !strings.Contains(out, "2 channels added, 0 skipped") {
		t.Fatalf("import: %v\n%s", err, out)
	}
	if out, _ := channels(t, dir, "import", csv); !strings.Contains(out, "0 channels added, 2 skipped") {
		t.Errorf("second import:\n%s", out)
	}
	out, err = channels(t, dir, "add", "--name", "Online newsletter", "--setting", "online", "--closes", "2027-03-31")
	code := regexp.MustCompile(`^[A-Z2-9]{6}`).FindString(out)
	if err != nil || code == "" || !strings.Contains(out, "https://survey.example.org/j/"+code) {
		t.Fatalf("add: %v\n%s", err, out)
	}
	out, _ = channels(t, dir, "list")
	for _, want := range []string{"Balham Youth Club", "youth_club", "Online newsletter", "3 channels"} {
		if !strings.Contains(out, want) {
			t.Errorf("list lacks %q:\n%s", want, out)
		}
	}

	t.Run("OKQR", func(t *testing.T) {
		png := filepath.Join(dir, "code.png")
		if _, err := channels(t, dir, "qr", "--code", strings.ToLower(code), "--out", png, "--size", "300"); err != nil {
			t.Fatal(err)
		}
		got, err := exec.Command("zbarimg", "--raw", "-q", png).Output()
		if want := "https://survey.example.org/s/community-safety?c=" + code; err != nil || strings.TrimSpace(string(got)) != want {
			t.Errorf("zbarimg: %q %v, want %q", got, err, want)
		}
	})
	t.Run("OKPack", func(t *testing.T) {
		pdf := filepath.Join(dir, "posters.pdf")
		if _, err := channels(t, dir, "pack", "--survey", "community-safety", "--out", pdf, "--strips"); err != nil {
			t.Fatal(err)
		}
		info, _ := exec.Command("pdfinfo", pdf).Output()
		if !regexp.MustCompile(`(?m)^Pages:\s+3$`).Match(info) {
			t.Errorf("pdfinfo:\n%s", info)
		}
		text, _ := exec.Command("pdftotext", "-f", "3", "-l", "3", pdf, "-").Output()
		if !strings.Contains(string(text), "Southfields Academy") || !strings.Contains(string(text), "survey.example.org/j/") {
			t.Errorf("page 3:\n%s", text)
		}
	})
	t.Run("ErrUnknownCode", func(t *testing.T) {
		if _, err := channels(t, dir, "poster", "--code", "NQPE22", "--out", filepath.Join(dir, "p.pdf")); err == nil || exitCode(err) != 2 {
			t.Errorf("err = %v, want a usage error", err)
		}
	})
}

func TestConfigPublicURLAndAdminToken(t *testing.T) {
	for _, tc := range []struct {
		args []string
		ok   bool
		want string // PublicURL after parsing; the server derives it from its listener when empty
	}{
		{[]string{"--public-url", "https://survey.example.org/"}, true, "https://survey.example.org"},
		{[]string{"--public-url", "http://localhost:8080"}, true, "http://localhost:8080"},
		{[]string{"--public-url", "survey.example.org"}, false, ""},
		{[]string{"--public-url", "https://survey.example.org/s"}, false, ""},
		{[]string{"--admin-token", "short"}, false, ""},
		{[]string{"--admin-token", "long-enough-token-123"}, true, ""},
	} {
		var c Config
		_, err := c.parse("test", tc.args, func(string) string { return "" }, true, &bytes.Buffer{})
		if tc.ok != (err == nil) || !tc.ok && exitCode(err) != 2 || c.PublicURL != tc.want && tc.ok {
			t.Errorf("%v: public URL %q, err %v; want ok=%v %q", tc.args, c.PublicURL, err, tc.ok, tc.want)
		}
	}
	var c Config
	if _, err := c.parse("test", nil, func(string) string { return "" }, false, &bytes.Buffer{}); err != nil || c.PublicURL != defaultPublicURL {
		t.Errorf("commands default to %q, got %q (%v)", defaultPublicURL, c.PublicURL, err)
	}
}

// TestChannelsPublicURLWarning: the commands that print links for phones warn on stderr while the
// public address is one only this machine opens, and name the flag that fixes it.
func TestChannelsPublicURLWarning(t *testing.T) {
	dir := t.TempDir()
	out, err := channels(t, dir, "add", "--name", "Tooting Library", "--setting", "community_group")
	code := regexp.MustCompile(`^[A-Z2-9]{6}`).FindString(out)
	if err != nil || code == "" {
		t.Fatalf("add: %v\n%s", err, out)
	}
	store := []string{"--data-dir", dir, "--log-level", "error"}
	for name, args := range map[string][]string{
		"qr":     {"channels", "qr", "--code", code, "--out", filepath.Join(dir, "code.svg")},
		"poster": {"channels", "poster", "--code", code, "--out", filepath.Join(dir, "poster.html")},
		"pack":   {"channels", "pack", "--out", filepath.Join(dir, "pack.pdf")},
	} {
		t.Run("Warn/"+name, func(t *testing.T) {
			_, stderr, exit := runCommand(t, append(args, store...)...)
			if exit != 0 || !strings.Contains(stderr, "warning: posters and QR codes point at http://localhost:8080, which phones cannot open") ||
				!strings.Contains(stderr, "--public-url") {
				t.Errorf("exit %d, stderr %q; want a warning naming --public-url", exit, stderr)
			}
		})
		t.Run("OK/"+name, func(t *testing.T) {
			_, stderr, exit := runCommand(t, append(args, append(store, "--public-url", "https://survey.example.org")...)...)
			if exit != 0 || strings.Contains(stderr, "warning") {
				t.Errorf("exit %d, stderr %q; want no warning", exit, stderr)
			}
		})
	}
	t.Run("OKList", func(t *testing.T) {
		if _, stderr, exit := runCommand(t, append([]string{"channels", "list"}, store...)...); exit != 0 || strings.Contains(stderr, "warning") {
			t.Errorf("exit %d, stderr %q; want no warning on a list", exit, stderr)
		}
	})
}
