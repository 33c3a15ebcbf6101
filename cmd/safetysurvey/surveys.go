package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/safeguarding/safetysurvey/i18n"
	"github.com/safeguarding/safetysurvey/public"
	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/yamlfile"
)

// surveysCommand checks definition files, checks or rebuilds the counters of stored responses, or
// lists the responses held back as suspect.
func surveysCommand(ctx context.Context, args []string, getenv func(string) string) error {
	if len(args) == 0 {
		return usageError{"surveys needs a sub-command: check, verify, rebuild or suspect\n\n" + usage}
	}
	switch args[0] {
	case "check":
		fs := flag.NewFlagSet("safetysurvey surveys check", flag.ContinueOnError)
		fs.Usage = func() {
			fmt.Fprintln(fs.Output(), "Usage: safetysurvey surveys check FILE-OR-FOLDER…\n\nChecks survey definition files and reports every problem, with its line and field.")
		}
		if err := parseFlags(fs, args[1:]); err != nil {
			return err
		}
		return checkSurveyFiles(fs.Args())
	case "verify", "rebuild":
		return recount(ctx, args[0], args[1:], getenv, os.Stdout)
	case "suspect":
		return listSuspect(ctx, args[1:], getenv, os.Stdout)
	default:
		return usageError{fmt.Sprintf("unknown surveys sub-command %q\n\n%s", args[0], usage)}
	}
}

// checkSurveyFiles reports every problem in each file or folder, in English with its line and
// field, and fails if any has one. For a folder it also lists each translation's labels that fall
// back to English.
func checkSurveyFiles(paths []string) error {
	if len(paths) == 0 {
		return usageError{"surveys check needs at least one file or folder"}
	}
	messages, err := i18n.Load(public.Files, "locales")
	if err != nil {
		return err
	}
	english := messages.Localizer(i18n.Source).T
	failed := 0
	for _, p := range paths {
		if err := checkSurveyPath(p); err != nil {
			failed++
			fmt.Fprintln(os.Stderr, survey.DescribeProblems(err, english))
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d survey files or folders have problems", failed, len(paths))
	}
	return nil
}

func checkSurveyPath(p string) error {
	info, err := os.Stat(p)
	if err != nil {
		return err
	}
	if !info.IsDir() {
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if _, err := yamlfile.Parse(p, data); err != nil {
			return err
		}
		fmt.Fprintf(os.Stdout, "%s: ok\n", p)
		return nil
	}
	surveys, err := yamlfile.LoadDir(os.DirFS(p), ".")
	if err != nil {
		return err
	}
	for _, s := range surveys {
		fmt.Fprintf(os.Stdout, "%s: ok, in %s\n", filepath.Join(p, s.Source), strings.Join(s.LanguageCodes(), ", "))
		for _, lang := range s.LanguageCodes() {
			for _, label := range s.Untranslated(lang) {
				fmt.Fprintf(os.Stdout, "  %s: %s falls back to English\n", lang, label)
			}
		}
	}
	return nil
}

// recount counts every survey's stored responses from scratch and compares the counters with
// the recount (verify) or replaces them with it (rebuild). Batches a crashed writer left half-done
// are finished first, as the server does on start.
func recount(ctx context.Context, name string, args []string, getenv func(string) string, stdout io.Writer) error {
	var cfg Config
	if _, err := cfg.parse("safetysurvey surveys "+name, args, getenv, false, os.Stderr); err != nil {
		return err
	}
	catalog, s, err := openSurveys(ctx, cfg, newLogger(cfg.LogLevel))
	if err != nil {
		return err
	}
	defer s.Close()
	if name == "rebuild" && s.kind == "embedded" && !s.alone() {
		return errors.New("surveys rebuild replaces the counters the running server is adding to: stop the server first, then run it again")
	}
	// Beside a running server, its batches under way are its own to finish.
	if _, err := s.db.FinishAbandonedBatches(ctx, s.staleWriterAfter()); err != nil {
		return err
	}
	mismatched := 0
	for _, sv := range catalog.All() {
		// Counters outlive the responses the retention setting deletes, so they cannot be recounted.
		if p, purged, err := s.db.LastPurge(ctx, sv.Slug); err != nil {
			return err
		} else if purged {
			fmt.Fprintf(stdout, "%s: responses deleted on %s (retention); counters kept, not recounted\n", sv.Slug, p.On)
			continue
		}
		recounted, err := s.db.Recount(ctx, sv.Slug, sv.Version)
		if err != nil {
			return err
		}
		responses, suspect := int64(0), int64(0)
		if all := recounted[survey.GroupAll]; all != nil {
			responses = all.N
		}
		if held := recounted[survey.GroupSuspect]; held != nil {
			suspect = held.N
		}
		if name == "rebuild" {
			if err := s.db.ReplaceCounters(ctx, sv.Slug, sv.Version, recounted); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "%s version %d: %d responses (and %d suspect), counters rebuilt\n", sv.Slug, sv.Version, responses, suspect)
			continue
		}
		stored, err := s.db.StoredCounters(ctx, sv.Slug, sv.Version)
		if err != nil {
			return err
		}
		diffs := stored.Diff(recounted)
		if len(diffs) > 0 {
			mismatched++
		}
		fmt.Fprintf(stdout, "%s version %d: %d responses (and %d suspect), %d counters differ from a recount\n", sv.Slug, sv.Version, responses, suspect, len(diffs))
		for _, d := range diffs {
			fmt.Fprintln(stdout, "  counter != recount:", d)
		}
	}
	if mismatched > 0 {
		return fmt.Errorf("%d surveys' counters differ from a recount: run safetysurvey surveys rebuild", mismatched)
	}
	return nil
}

// listSuspect writes every response held back as suspect, one JSON object a line, for an admin
// to review: they are stored but left out of the findings.
func listSuspect(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	var cfg Config
	if _, err := cfg.parse("safetysurvey surveys suspect", args, getenv, false, os.Stderr); err != nil {
		return err
	}
	catalog, s, err := openSurveys(ctx, cfg, newLogger(cfg.LogLevel))
	if err != nil {
		return err
	}
	defer s.Close()
	out := json.NewEncoder(stdout)
	for _, sv := range catalog.All() {
		if err := s.db.SuspectResponses(ctx, sv.Slug, sv.Version, func(r *survey.Response) error { return out.Encode(r) }); err != nil {
			return err
		}
	}
	return nil
}
