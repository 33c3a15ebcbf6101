package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/safeguarding/safetysurvey/survey/staff"
)

// TestWelcome checks what the console says on start: the survey and sign-in addresses, how to make
// the first admin until one exists, and a warning while posters would carry a local link.
func TestWelcome(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	welcome := func(t *testing.T, m *Main) string {
		t.Helper()
		var out bytes.Buffer
		if err := m.welcome(ctx, &out, "safetysurvey"); err != nil {
			t.Fatal(err)
		}
		return out.String()
	}
	m := startMain(t, dir, nil)
	got := welcome(t, m)
	want := "safetysurvey is running at " + m.URL() + "\n" +
		`  survey "community-safety": ` + m.URL() + "/s/community-safety\n" +
		"  staff sign-in: " + m.URL() + "/staff/sign-in\n" +
		"No admin account yet. Make the first one with this command (in another terminal; it asks for a password), then sign in:\n" +
		"  safetysurvey users add --email YOU@EXAMPLE.ORG --role admin --data-dir " + dir + "\n" +
		"Warning: posters and QR codes point at " + m.URL() + ", which phones cannot open; start the server with --public-url set to " +
		"the address children reach the service at, such as --public-url https://survey.example.org\n"
	if got != want {
		t.Errorf("first start said:\n%s\nwant:\n%s", got, want)
	}
	if _, err := newStaffService(m.store.db, m.Now).AddUser(ctx, "ada@example.org", "Ada", []staff.Role{staff.Admin}, adminPassword); err != nil {
		t.Fatal(err)
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	m = startMain(t, dir, nil, "--public-url", "https://survey.example.org")
	defer m.Close()
	got = welcome(t, m)
	if strings.Contains(got, "users add") || strings.Contains(got, "Warning") || !strings.Contains(got, "staff sign-in: "+m.URL()+"/staff/sign-in\n") {
		t.Errorf("with an admin and a public address, the start said:\n%s", got)
	}
}
