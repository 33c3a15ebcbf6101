package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/safeguarding/safetysurvey/survey/yamlfile"
)

// surveysCommand checks definition files or recounts stored responses.
func surveysCommand(ctx context.Context, args []string, getenv func(string) string) error {
	if len(args) == 0 {
		return usageError{"surveys needs a sub-command: check or recount\n\n" + usage}
	}
	switch args[0] {
	case "check":
		return checkSurveyFiles(args[1:])
	case "recount":
		return recount(ctx, args[1:], getenv)
	default:
		return usageError{fmt.Sprintf("unknown surveys sub-command %q\n\n%s", args[0], usage)}
	}
}

// checkSurveyFiles reports every problem in each file or folder, with its line and field, and
// fails if any has one. For a folder it also lists each translation's labels that fall back to English.
func checkSurveyFiles(paths []string) error {
	if len(paths) == 0 {
		return usageError{"surveys check needs at least one file or folder"}
	}
	failed := 0
	for _, p := range paths {
		if err := checkSurveyPath(p); err != nil {
			failed++
			fmt.Fprintln(os.Stderr, err)
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

// recount counts every survey's stored responses from scratch and corrects the maintained counters.
func recount(ctx context.Context, args []string, getenv func(string) string) error {
	var cfg Config
	if _, err := cfg.parse("safetysurvey surveys recount", args, getenv, false, os.Stderr); err != nil {
		return err
	}
	log := newLogger(cfg.LogLevel)
	catalog, err := loadSurveys(cfg.SurveyDir)
	if err != nil {
		return err
	}
	s, err := openStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer s.Close()
	for _, sv := range catalog.All() {
		n, err := s.db.RecountResponses(ctx, sv.Slug)
		if err != nil {
			return err
		}
		fmt.Fprintf(os.Stdout, "%s: %d responses\n", sv.Slug, n)
	}
	return nil
}
