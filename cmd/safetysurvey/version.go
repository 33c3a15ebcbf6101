package main

import (
	"flag"
	"fmt"
	"io"
	"runtime/debug"
)

// buildVersion is the module version and the source revision this binary was built from, as the Go
// toolchain stamped them; "unknown" for what it did not stamp (a test binary, a build outside git).
// A revision with changes not yet committed ends in "-modified".
func buildVersion() (version, revision string) {
	version, revision = "unknown", "unknown"
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return version, revision
	}
	if v := info.Main.Version; v != "" {
		version = v
	}
	modified := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			revision = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if modified && revision != "unknown" {
		revision += "-modified"
	}
	return version, revision
}

// versionCommand prints the version and revision, the same values the metrics give as
// safetysurvey_build_info.
func versionCommand(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("safetysurvey version", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: safetysurvey version\n\nPrints the module version and the source revision this binary was built from.")
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{"version takes no arguments"}
	}
	version, revision := buildVersion()
	fmt.Fprintf(stdout, "safetysurvey %s (revision %s)\n", version, revision)
	return nil
}
