package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	surveychannels "github.com/safeguarding/safetysurvey/survey/channels"
)

// welcome tells whoever started the server what to do next: where children answer, where staff
// sign in, while no admin exists the one command that makes the first, and when posters would
// carry a link phones cannot open, which flag fixes that.
func (m *Main) welcome(ctx context.Context, w io.Writer, program string) error {
	fmt.Fprintf(w, "safetysurvey is running at %s\n", m.URL())
	for _, s := range m.surveys.All() {
		fmt.Fprintf(w, "  survey %q: %s/s/%s\n", s.Slug, m.URL(), s.Slug)
	}
	fmt.Fprintf(w, "  staff sign-in: %s/staff/sign-in\n", m.URL())
	hasAdmin, err := newStaffService(m.store.db, m.Now).HasAdmin(ctx)
	if err != nil {
		return err
	}
	if !hasAdmin {
		store := "--data-dir " + shellQuote(m.Config.DataDir)
		if m.Config.MongoURI != "" {
			store = "(with the same MONGODB_URI as the server)"
		}
		if m.Config.Database != "safetysurvey" {
			store += " --db " + shellQuote(m.Config.Database)
		}
		fmt.Fprintf(w, "No admin account yet. Make the first one with this command (in another terminal; it asks for a password), then sign in:\n")
		fmt.Fprintf(w, "  %s users add --email YOU@EXAMPLE.ORG --role admin %s\n", program, store)
	}
	if surveychannels.LocalOnlyURL(m.Config.PublicURL) {
		fmt.Fprintf(w, "Warning: %s\n", publicURLWarning(m.Config.PublicURL, "start the server"))
	}
	return nil
}

// publicURLWarning says that posters and QR codes carry a link only this machine can open, and
// how to fix it, for the server's start and the channels commands.
func publicURLWarning(publicURL, restart string) string {
	return fmt.Sprintf("posters and QR codes point at %s, which phones cannot open; %s with --public-url set to the address children reach the service at, such as --public-url https://survey.example.org", publicURL, restart)
}

// programName is how to run this binary again: "go run ./cmd/safetysurvey" under go run, whose
// binary lives in a temporary build folder, and otherwise "safetysurvey".
func programName() string {
	if strings.Contains(os.Args[0], "go-build") {
		return "go run ./cmd/safetysurvey"
	}
	return "safetysurvey"
}

// shellQuote quotes s for a POSIX shell when it holds anything but plain path characters.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=@,+") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
