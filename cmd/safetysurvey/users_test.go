package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

const adminPassword = "violet kettle harbour 42"

// TestUsersCommand makes the first admin on the command line, then signs in as them on the server.
func TestUsersCommand(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	noEnv := func(string) string { return "" }
	users := func(stdin string, args ...string) (string, error) {
		var out bytes.Buffer
		err := usersCommand(ctx, append(args, "--data-dir", dir, "--log-level", "error"), noEnv, strings.NewReader(stdin), &out)
		return out.String(), err
	}

	if out, err := users(adminPassword+"\n", "add", "--email", "Ada@Example.org", "--name", "Ada", "--role", "admin"); err != nil || !strings.Contains(out, "added ada@example.org (admin)") {
		t.Fatalf("add admin: %q, %v", out, err)
	}
	passwordFile := filepath.Join(t.TempDir(), "password")
	if err := os.WriteFile(passwordFile, []byte(adminPassword+"\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := users("", "add", "--email", "sam@example.org", "--role", "youth_worker,scrutineer", "--password-file", passwordFile); err != nil {
		t.Fatalf("add with --password-file: %v", err)
	}
	if out, err := users(adminPassword+"\n", "add", "--email", "ola@example.org", "--role", "translator", "--lang", "uk", "--lang", "pl"); err != nil || !strings.Contains(out, "added ola@example.org (translator), translating pl, uk") {
		t.Fatalf("add translator: %q, %v", out, err)
	}
	for name, tc := range map[string]struct {
		stdin string
		args  []string
		want  string
	}{
		"ErrWeakPassword":      {"password1234\n", []string{"add", "--email", "kim@example.org", "--role", "admin"}, "too easy to guess"},
		"ErrShort":             {"short\n", []string{"add", "--email", "kim@example.org", "--role", "admin"}, "at least 12 characters"},
		"ErrTaken":             {adminPassword + "\n", []string{"add", "--email", "ada@example.org", "--role", "admin"}, "already has an account"},
		"ErrUnknownRole":       {adminPassword + "\n", []string{"add", "--email", "kim@example.org", "--role", "root"}, "--role from admin, safeguarding_lead"},
		"ErrNoEmail":           {"", []string{"roles", "--role", "admin"}, "needs --email"},
		"ErrNoSuchUser":        {"", []string{"roles", "--email", "nobody@example.org", "--role", "admin"}, "no account with this email"},
		"ErrLastAdmin":         {"", []string{"roles", "--email", "ada@example.org", "--role", "scrutineer"}, "only active admin"},
		"ErrTranslatorNoLang":  {adminPassword + "\n", []string{"add", "--email", "kim@example.org", "--role", "translator"}, "needs one or more --lang"},
		"ErrTranslatorEnglish": {adminPassword + "\n", []string{"add", "--email", "kim@example.org", "--role", "translator", "--lang", "en"}, "needs one or more --lang"},
		"ErrLangNotTranslator": {adminPassword + "\n", []string{"add", "--email", "kim@example.org", "--role", "admin", "--lang", "pl"}, "--lang goes with --role translator"},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := users(tc.stdin, tc.args...); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to say %q", err, tc.want)
			}
		})
	}
	if out, err := users("", "roles", "--email", "sam@example.org", "--role", "safeguarding_lead"); err != nil || !strings.Contains(out, "now has the roles safeguarding_lead") {
		t.Fatalf("roles: %q, %v", out, err)
	}
	out, err := users("", "list")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[1], "ada@example.org") || !strings.Contains(lines[2], "translator") ||
		!strings.Contains(lines[3], "safeguarding_lead") || strings.Contains(lines[3], "youth_worker") {
		t.Errorf("list:\n%s", out)
	}
	if strings.Contains(out, adminPassword) || strings.Contains(out, "argon2") {
		t.Error("list shows a password or hash")
	}

	m := startMain(t, dir, nil, "--secure-cookies=false")
	defer m.Close()
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar, Timeout: client.Timeout}
	resp, err := browser.Get(m.URL() + "/staff/sign-in")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	token, _ := doc.Find(`input[name="_csrf"]`).Attr("value")
	resp, err = browser.PostForm(m.URL()+"/staff/sign-in", url.Values{"_csrf": {token}, "email": {"ada@example.org"}, "password": {adminPassword}})
	if err != nil {
		t.Fatal(err)
	}
	doc, _ = goquery.NewDocumentFromReader(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/staff" || strings.TrimSpace(doc.Find("h1").Text()) != "Hello, Ada" {
		t.Errorf("signed in: %d at %s, heading %q", resp.StatusCode, resp.Request.URL.Path, doc.Find("h1").Text())
	}
}
