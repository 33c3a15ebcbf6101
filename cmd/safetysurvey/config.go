package main

import (
	"flag"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"
)

// Config is parsed once from flags, with environment variables as defaults, and passed down.
type Config struct {
	Addr            string
	DataDir         string
	MongoURI        string
	Database        string
	SurveyDir       string
	ShutdownTimeout time.Duration
	LogLevel        string
	Retention       time.Duration // how long responses are kept after their survey closes; 0 keeps them
	// PublicURL is where children reach the service, for the links and QR codes on posters.
	PublicURL string
	// AdminToken lets staff in until staff accounts exist; empty keeps the staff area shut.
	AdminToken string
}

// minAdminToken is the shortest admin token accepted: 16 random characters resist guessing.
const minAdminToken = 16

// flags registers the store flags shared by every command, and the server's when server is true.
func (c *Config) flags(fs *flag.FlagSet, getenv func(string) string, server bool) {
	env := func(name, fallback string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return fallback
	}
	fs.StringVar(&c.DataDir, "data-dir", env("SAFETYSURVEY_DATA_DIR", "data"),
		"folder for the embedded store, used when no MongoDB URI is given (env SAFETYSURVEY_DATA_DIR)")
	fs.StringVar(&c.MongoURI, "mongodb-uri", env("MONGODB_URI", ""),
		"MongoDB connection string, e.g. mongodb://db1,db2,db3/?replicaSet=rs0; empty runs the embedded store (env MONGODB_URI)")
	fs.StringVar(&c.Database, "db", env("SAFETYSURVEY_DB", "safetysurvey"),
		"database name in the store (env SAFETYSURVEY_DB)")
	fs.StringVar(&c.SurveyDir, "survey-dir", env("SAFETYSURVEY_SURVEY_DIR", ""),
		"folder of extra survey definition files (*.yaml) besides the built-in demo survey (env SAFETYSURVEY_SURVEY_DIR)")
	fs.StringVar(&c.LogLevel, "log-level", env("SAFETYSURVEY_LOG_LEVEL", "info"),
		"least important log level written: debug, info, warn or error (env SAFETYSURVEY_LOG_LEVEL)")
	publicURL := env("SAFETYSURVEY_PUBLIC_URL", "")
	if !server && publicURL == "" {
		publicURL = defaultPublicURL
	}
	fs.StringVar(&c.PublicURL, "public-url", publicURL,
		"address children reach the service at, as printed on posters and encoded in QR codes, e.g. https://survey.example.org; "+
			"the server defaults to its own address, other commands to "+defaultPublicURL+" (env SAFETYSURVEY_PUBLIC_URL)")
	if !server {
		return
	}
	fs.StringVar(&c.Addr, "addr", env("SAFETYSURVEY_ADDR", ":8080"),
		"address to listen on, host:port (env SAFETYSURVEY_ADDR)")
	fs.StringVar(&c.AdminToken, "admin-token", env("SAFETYSURVEY_ADMIN_TOKEN", ""),
		"secret that lets staff into /staff and the channels API, at least 16 characters; prefer the environment variable, "+
			"which other users cannot see; empty keeps the staff area shut (env SAFETYSURVEY_ADMIN_TOKEN)")
	shutdown := env("SAFETYSURVEY_SHUTDOWN_TIMEOUT", "15s")
	c.ShutdownTimeout, _ = time.ParseDuration(shutdown)
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", c.ShutdownTimeout,
		"longest wait for requests under way when stopping (env SAFETYSURVEY_SHUTDOWN_TIMEOUT)")
	c.retentionFlag(fs, getenv)
}

// retentionFlag registers --retention, for the commands that delete responses: serve and responses purge.
func (c *Config) retentionFlag(fs *flag.FlagSet, getenv func(string) string) {
	c.Retention, _ = time.ParseDuration(getenv(retentionEnv)) // checked in parse
	fs.DurationVar(&c.Retention, "retention", c.Retention,
		"delete stored responses this long after their survey's closing date, e.g. 8760h for a year; counters are kept; 0 keeps responses (env "+retentionEnv+")")
}

const retentionEnv = "SAFETYSURVEY_RETENTION"

// parse parses args into c, and into the command's own flags that extra registers, explaining
// every flag on --help.
func (c *Config) parse(name string, args []string, getenv func(string) string, server bool, out io.Writer, extra ...func(*flag.FlagSet)) (*flag.FlagSet, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	c.flags(fs, getenv, server)
	for _, register := range extra {
		register(fs)
	}
	fs.Usage = func() {
		fmt.Fprintf(out, "Usage: %s [flags]\n\nFlags (each falls back to the environment variable named):\n", name)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if !strings.Contains("debug info warn error", c.LogLevel) || c.LogLevel == "" {
		return nil, usageError{fmt.Sprintf("--log-level %q must be debug, info, warn or error", c.LogLevel)}
	}
	if server && c.ShutdownTimeout <= 0 {
		return nil, usageError{"--shutdown-timeout must be a positive duration such as 15s"}
	}
	if fs.Lookup("retention") != nil {
		// A mistyped setting must not quietly keep responses for good.
		if v := getenv(retentionEnv); v != "" {
			if _, err := time.ParseDuration(v); err != nil {
				return nil, usageError{fmt.Sprintf("%s=%q must be a duration such as 8760h (a year)", retentionEnv, v)}
			}
		}
		if c.Retention < 0 {
			return nil, usageError{"--retention must not be negative"}
		}
	}
	if c.AdminToken != "" && len(c.AdminToken) < minAdminToken {
		return nil, usageError{fmt.Sprintf("--admin-token must be at least %d characters", minAdminToken)}
	}
	if c.PublicURL != "" {
		u, err := url.Parse(c.PublicURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.Trim(u.Path, "/") != "" || u.RawQuery != "" || u.Fragment != "" {
			return nil, usageError{fmt.Sprintf("--public-url %q must be an http or https address with no path, such as https://survey.example.org", c.PublicURL)}
		}
		c.PublicURL = u.Scheme + "://" + u.Host
	}
	return fs, nil
}

// defaultPublicURL is the address `make run` serves on, for commands that print links without serving.
const defaultPublicURL = "http://localhost:8080"
