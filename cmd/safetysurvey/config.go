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
	MetricsAddr     string
	DataDir         string
	MongoURI        string
	Database        string
	SurveyDir       string
	ShutdownTimeout time.Duration
	LogLevel        string
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
	fs.StringVar(&c.MetricsAddr, "metrics-addr", env("SAFETYSURVEY_METRICS_ADDR", ""),
		"address for Prometheus metrics at /metrics, host:port, apart from the public one so the public cannot read them; empty serves none (env SAFETYSURVEY_METRICS_ADDR)")
	shutdown := env("SAFETYSURVEY_SHUTDOWN_TIMEOUT", "15s")
	c.ShutdownTimeout, _ = time.ParseDuration(shutdown)
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", c.ShutdownTimeout,
		"longest wait for requests under way when stopping (env SAFETYSURVEY_SHUTDOWN_TIMEOUT)")
}

// parse parses args into c, explaining every flag on --help.
func (c *Config) parse(name string, args []string, getenv func(string) string, server bool, out io.Writer) (*flag.FlagSet, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	c.flags(fs, getenv, server)
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
	return fs, nil
}
