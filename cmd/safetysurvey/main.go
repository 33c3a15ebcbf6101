// Command safetysurvey runs the anonymous survey service for children and young people.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

func main() {
	ctx, stop := signalContext()
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "safetysurvey:", err)
		}
		os.Exit(exitCode(err))
	}
}

// signalContext ends on SIGINT or SIGTERM, which start a graceful shutdown.
func signalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
}

// run dispatches to a sub-command; with none it serves.
func run(ctx context.Context, args []string, getenv func(string) string) error {
	command := "serve"
	if len(args) > 0 && args[0] != "help" && isHelp(args[0]) {
		fmt.Fprint(os.Stdout, usage)
		return nil
	}
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		command, args = args[0], args[1:]
	}
	if groups[command] && len(args) > 0 && isHelp(args[0]) {
		fmt.Fprint(os.Stdout, usageOf(command))
		return nil
	}
	switch command {
	case "serve":
		return serve(ctx, args, getenv)
	case "surveys":
		return surveysCommand(ctx, args, getenv)
	case "users":
		return usersCommand(ctx, args, getenv, os.Stdin, os.Stdout)
	case "responses":
		return responsesCommand(ctx, args, getenv)
	case "channels":
		return channelsCommand(ctx, args, getenv, os.Stdout)
	case "i18n":
		return i18nCommand(ctx, args, getenv, os.Stdout)
	case "healthcheck":
		return healthcheck(ctx, args, getenv)
	case "version":
		return versionCommand(args, os.Stdout)
	case "help":
		switch {
		case len(args) == 0 || isHelp(args[0]):
			fmt.Fprint(os.Stdout, usage)
		case groups[args[0]]:
			fmt.Fprint(os.Stdout, usageOf(args[0]))
		default:
			return usageError{fmt.Sprintf("help: no command %q has sub-commands; run safetysurvey %s --help", args[0], args[0])}
		}
		return nil
	default:
		return usageError{fmt.Sprintf("unknown command %q\n\n%s", command, usage)}
	}
}

const usage = `safetysurvey: an anonymous survey for children and young people.

Usage:
  safetysurvey [serve] [flags]      run the service (the default)
  safetysurvey surveys check FILE…  check survey definition files and report every problem
  safetysurvey surveys verify       recount stored responses and compare them with the counters
  safetysurvey surveys rebuild      recount stored responses and replace the counters (server stopped)
  safetysurvey surveys suspect      list the responses held back as suspect, as JSON lines, to review
  safetysurvey responses purge      delete the responses of surveys closed longer than --retention ago
                                    (--dry-run only counts them); counters are kept
  safetysurvey users add --email E --role R…  add a staff account (the first admin is made this way);
                                    the password is asked for, or read from stdin or --password-file
  safetysurvey users list           list staff accounts
  safetysurvey users roles --email E --role R…  set a staff account's roles
  safetysurvey i18n check           check every language's UI strings and survey text against English
  safetysurvey i18n export --lang L --format xliff [--out FILE]
                                    write a language's UI strings, survey text, actions and theme labels
                                    as XLIFF 2.0 for a translation tool (OmegaT, Poedit, Weblate)
  safetysurvey i18n import --locales DIR --surveys DIR FILE
                                    write a translated XLIFF file back into the translation files, refusing
                                    it whole if an id, placeholder or plural form does not match
  safetysurvey i18n signoff --lang L --by NAME [--set ui|phrases|survey:SLUG]
                                    record in the store (and the audit log) that a native speaker reviewed
                                    a language as it is now; any later change to its strings reopens the review
  safetysurvey i18n reopen --lang L [--set …]  remove a sign-off
  safetysurvey healthcheck          exit 0 only if the server on this machine is ready (container health checks)
  safetysurvey version              print the version and source revision this binary was built from
  safetysurvey channels add --survey SLUG --name NAME --setting TYPE [--area A --opens D --closes D]
                                    add a channel (a school, youth club…) and print its code and short link
  safetysurvey channels list [--survey SLUG] [--csv]
                                    list channels with links opened, surveys sent and completion rate
  safetysurvey channels import [--survey SLUG] FILE.csv
                                    add a channel for every row of a spreadsheet (columns name, setting, area, opens, closes)
  safetysurvey channels qr --code CODE --out FILE.png|FILE.svg [--size PIXELS]
  safetysurvey channels poster --code CODE --out FILE.pdf|FILE.html [--lang L] [--strips]
  safetysurvey channels pack [--survey SLUG] --out FILE.pdf [--lang L] [--strips]
                                    every channel's poster in one PDF

Commands work on the same --data-dir as a running server: they reach its store through it.
Run a command with --help to see its flags. Exit status: 0 done, 1 failed, 2 wrong usage.
`

// groups are the commands that only gather sub-commands.
var groups = map[string]bool{"surveys": true, "users": true, "responses": true, "channels": true, "i18n": true}

// isHelp says whether arg asks for help rather than naming a sub-command or flag.
func isHelp(arg string) bool {
	switch arg {
	case "-h", "-help", "--help", "help":
		return true
	}
	return false
}

// usageOf is the part of usage about the sub-commands of command.
func usageOf(command string) string {
	var b strings.Builder
	b.WriteString("Usage:\n")
	inside := false
	for _, line := range strings.Split(usage, "\n") {
		switch {
		case strings.HasPrefix(line, "  safetysurvey "+command+" "):
			inside = true
		case !strings.HasPrefix(line, "    "):
			inside = false
		}
		if inside {
			b.WriteString(line + "\n")
		}
	}
	b.WriteString("\nRun a sub-command with --help to see its flags.\n")
	return b.String()
}

// usageError is a mistake in how the command was called; it exits with status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// exitCode is 0 for success and for --help, 2 for a usage error and 1 for any other failure.
func exitCode(err error) int {
	var ue usageError
	switch {
	case err == nil || errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		return 2
	}
	return 1
}

// serve runs the service until ctx is cancelled (SIGINT or SIGTERM), then shuts down gracefully.
func serve(ctx context.Context, args []string, getenv func(string) string) error {
	m := NewMain()
	if err := m.ParseFlags(args, getenv); err != nil {
		return err
	}
	if err := m.Run(ctx); err != nil {
		m.Close()
		return err
	}
	if err := m.welcome(ctx, os.Stdout, programName()); err != nil {
		return errors.Join(err, m.Close())
	}
	<-ctx.Done()
	fmt.Fprintln(os.Stdout, "safetysurvey is stopping: finishing requests under way")
	return m.Close()
}
