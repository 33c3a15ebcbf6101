package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/term"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/staff"
)

// roleFlag collects --role, given more than once or as a comma-separated list.
type roleFlag []string

func (r *roleFlag) String() string { return strings.Join(*r, ",") }

func (r *roleFlag) Set(v string) error {
	for _, name := range strings.Split(v, ",") {
		if name = strings.TrimSpace(name); name != "" {
			*r = append(*r, name)
		}
	}
	return nil
}

// roleNames lists the role names for help texts and errors.
func roleNames() string {
	names := make([]string, len(staff.Roles))
	for i, r := range staff.Roles {
		names[i] = string(r)
	}
	return strings.Join(names, ", ")
}

// usersCommand adds staff accounts, lists them and changes their roles, against the same store the
// server uses. Passwords come from a terminal prompt, standard input or --password-file, never a flag.
func usersCommand(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout io.Writer) error {
	if len(args) == 0 {
		return usageError{"users needs a sub-command: add, list or roles\n\n" + usage}
	}
	var cfg Config
	var email, name, passwordFile string
	var roles, langs roleFlag
	sub := args[0]
	register := func(fs *flag.FlagSet) {
		if sub == "list" {
			return
		}
		fs.StringVar(&email, "email", "", "the person's email address, which they sign in with")
		fs.Var(&roles, "role", "a role to give, repeated or comma-separated: "+roleNames())
		fs.Var(&langs, "lang", "with --role translator: a language they translate, such as pl, repeated or comma-separated")
		if sub == "add" {
			fs.StringVar(&name, "name", "", "the person's name as staff pages show it (default: the email's local part)")
			fs.StringVar(&passwordFile, "password-file", "", "read the password from the first line of this file instead of a prompt or standard input")
		}
	}
	switch sub {
	case "add", "list", "roles":
	default:
		return usageError{fmt.Sprintf("unknown users sub-command %q\n\n%s", sub, usage)}
	}
	if _, err := cfg.parse("safetysurvey users "+sub, args[1:], getenv, false, os.Stderr, register); err != nil {
		return err
	}
	var parsed []staff.Role
	if sub != "list" {
		var err error
		if parsed, err = staff.ParseRoles(roles); email == "" || err != nil {
			return usageError{fmt.Sprintf("users %s needs --email and one or more --role from %s", sub, roleNames())}
		}
	}
	translates, err := translatorLanguages(parsed, langs)
	if err != nil {
		return err
	}
	var password string
	if sub == "add" {
		var err error
		if password, err = readPassword(passwordFile, stdin); err != nil {
			return err
		}
	}
	s, err := openStore(ctx, cfg, newLogger(cfg.LogLevel))
	if err != nil {
		return err
	}
	defer s.Close()
	svc := newStaffService(s.db, time.Now)
	switch sub {
	case "add":
		if name == "" {
			name, _, _ = strings.Cut(email, "@")
		}
		u, err := svc.AddUser(ctx, email, name, parsed, password)
		if err != nil {
			return describe(err)
		}
		if err := setTranslatorLanguages(ctx, svc, u, translates); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "added %s (%s)%s\n", u.Email, strings.Join(roleStrings(u.Roles), ", "), languagesNote(u.Languages))
	case "roles":
		normalized, err := staff.NormalizeEmail(email)
		if err != nil {
			return describe(err)
		}
		u, err := s.db.UserByEmail(ctx, normalized)
		if err != nil {
			return describe(err)
		}
		if err := svc.SetRoles(ctx, nil, u.ID, parsed); err != nil {
			return describe(err)
		}
		if err := setTranslatorLanguages(ctx, svc, u, translates); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s now has the roles %s\n", u.Email, strings.Join(roleStrings(parsed), ", "))
	case "list":
		return listUsers(ctx, svc, stdout)
	}
	return nil
}

func roleStrings(roles []staff.Role) []string {
	out := make([]string, len(roles))
	for i, r := range roles {
		out[i] = string(r)
	}
	return out
}

// listUsers prints every account, one a line.
func listUsers(ctx context.Context, svc *staff.Service, stdout io.Writer) error {
	users, err := svc.Users(ctx)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "EMAIL\tNAME\tROLES\tSTATUS\tSIGN-IN CODES")
	for _, u := range users {
		status, codes := "active", "off"
		if u.Disabled {
			status = "disabled"
		}
		if u.HasSecondFactor() {
			codes = "on"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", u.Email, u.Name, strings.Join(roleStrings(u.Roles), ","), status, codes)
	}
	return w.Flush()
}

// cliMessages explain the domain's refusals on the command line; the web pages translate the same ids.
var cliMessages = map[string]string{
	"staff.password.too_short": fmt.Sprintf("the password needs at least %d characters", staff.MinPasswordLength),
	"staff.password.too_long":  fmt.Sprintf("the password is longer than %d bytes", staff.MaxPasswordLength),
	"staff.password.common":    "the password is too easy to guess: it is a common password, or contains the email address",
	"staff.error.bad_email":    "the email address is not valid",
	"staff.error.bad_name":     "the name must be 1 to 100 characters",
	"staff.error.email_taken":  "someone already has an account with this email address",
	"staff.error.last_admin":   "this is the only active admin: make someone else an admin first",
	"error.not_found":          "there is no account with this email address",
}

// describe turns a domain refusal into a sentence for the terminal.
func describe(err error) error {
	if msg, ok := cliMessages[survey.ErrorMessage(err)]; ok {
		return errors.New(msg)
	}
	return err
}

// readPassword reads the new account's password from file, or asks twice on a terminal, or reads
// the first line of standard input when it is not a terminal. It is never echoed or logged.
func readPassword(file string, stdin io.Reader) (string, error) {
	if file != "" {
		data, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("read --password-file: %w", err)
		}
		line, _, _ := strings.Cut(string(data), "\n")
		return strings.TrimSuffix(line, "\r"), nil
	}
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return promptPassword(int(f.Fd()))
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password from standard input: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// promptPassword asks for the password twice without echoing it.
func promptPassword(fd int) (string, error) {
	fmt.Fprintf(os.Stderr, "Password (at least %d characters): ", staff.MinPasswordLength)
	first, err := term.ReadPassword(fd)
	fmt.Fprintln(os.Stderr)
	if err != nil {
		return "", fmt.Errorf("read password: %w", err)
	}
	fmt.Fprint(os.Stderr, "Password again: ")
	second, err := term.ReadPassword(fd)
	fmt.Fprintln(os.Stderr)
	if err != nil {
		return "", fmt.Errorf("read password: %w", err)
	}
	if string(first) != string(second) {
		return "", errors.New("the two passwords are different")
	}
	return string(first), nil
}
