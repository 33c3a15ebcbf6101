package main

import (
	"flag"
	"fmt"
	"io"
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
	SecureCookies   bool
	SessionIdle     time.Duration
	SessionMax      time.Duration
}

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
	if !server {
		return
	}
	fs.StringVar(&c.Addr, "addr", env("SAFETYSURVEY_ADDR", ":8080"),
		"address to listen on, host:port (env SAFETYSURVEY_ADDR)")
	shutdown := env("SAFETYSURVEY_SHUTDOWN_TIMEOUT", "15s")
	c.ShutdownTimeout, _ = time.ParseDuration(shutdown)
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", c.ShutdownTimeout,
		"longest wait for requests under way when stopping (env SAFETYSURVEY_SHUTDOWN_TIMEOUT)")
	c.SecureCookies = env("SAFETYSURVEY_SECURE_COOKIES", "true") != "false"
	fs.BoolVar(&c.SecureCookies, "secure-cookies", c.SecureCookies,
		"mark staff sign-in cookies Secure, sent over HTTPS only; turn off only for local http other than localhost (env SAFETYSURVEY_SECURE_COOKIES)")
	c.SessionIdle, _ = time.ParseDuration(env("SAFETYSURVEY_SESSION_IDLE", "30m"))
	fs.DurationVar(&c.SessionIdle, "session-idle", c.SessionIdle,
		"sign staff out after this long without using the staff area (env SAFETYSURVEY_SESSION_IDLE)")
	c.SessionMax, _ = time.ParseDuration(env("SAFETYSURVEY_SESSION_MAX", "12h"))
	fs.DurationVar(&c.SessionMax, "session-max", c.SessionMax,
		"sign staff out this long after they signed in, however busy (env SAFETYSURVEY_SESSION_MAX)")
}

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
	if server && (c.SessionIdle <= 0 || c.SessionMax < c.SessionIdle) {
		return nil, usageError{"--session-idle must be a positive duration such as 30m, and --session-max at least as long"}
	}
	return fs, nil
}
