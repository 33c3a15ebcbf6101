package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/netip"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/safeguarding/safetysurvey/survey/design"
	"github.com/safeguarding/safetysurvey/survey/staff"
)

// Config is parsed once from flags, with environment variables as defaults, and passed down.
type Config struct {
	Addr            string
	MetricsAddr     string
	Pprof           bool // profiles at /debug/pprof/ beside the metrics
	DataDir         string
	MongoURI        string
	Database        string
	SurveyDir       string
	ShutdownTimeout time.Duration
	LogLevel        string
	SecureCookies   bool
	SessionIdle     time.Duration
	SessionMax      time.Duration
	Retention       time.Duration // how long responses are kept after their survey closes; 0 keeps them
	// PublicURL is where children reach the service, for the links and QR codes on posters.
	PublicURL string
	// AdminToken is a bearer token that lets scripts use the channels API as an admin; empty turns
	// that API off. People sign in to /staff with their own accounts.
	AdminToken     string
	MinFillTime    time.Duration
	FormSecret     string
	SourceLimit    int
	ChannelLimit   int
	StaffLimit     int
	TrustedProxies []netip.Prefix
	// Approval is who must approve a survey draft in the editor before it may open.
	Approval design.Policy

	envErr error // environment values that could not be read, reported by parse
	// storeNote is where a command says which store it used (stderr); nil for the server, which
	// logs it, and which never works through another process's embedded store.
	storeNote io.Writer
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
			"staff invitation links start with it too; the server defaults to its own address (and invitation links to the "+
			"address staff used), other commands to "+defaultPublicURL+" (env SAFETYSURVEY_PUBLIC_URL)")
	if !server {
		return
	}
	fs.StringVar(&c.Addr, "addr", env("SAFETYSURVEY_ADDR", ":8080"),
		"address to listen on, host:port (env SAFETYSURVEY_ADDR)")
	fs.StringVar(&c.AdminToken, "admin-token", env("SAFETYSURVEY_ADMIN_TOKEN", ""),
		"bearer token that lets scripts use the channels API (/api/v1/surveys/SLUG/channels…) as an admin, at least 16 characters; "+
			"prefer the environment variable, which other users cannot see; empty turns that API off; people sign in to /staff with "+
			"their own accounts (env SAFETYSURVEY_ADMIN_TOKEN)")
	fs.StringVar(&c.MetricsAddr, "metrics-addr", env("SAFETYSURVEY_METRICS_ADDR", ""),
		"address for Prometheus metrics at /metrics, host:port, apart from the public one so the public cannot read them; empty serves none (env SAFETYSURVEY_METRICS_ADDR)")
	fs.BoolVar(&c.Pprof, "pprof", false,
		"also serve Go profiles at /debug/pprof/ on the metrics address, to find where time goes under load; needs -metrics-addr")
	shutdown := env("SAFETYSURVEY_SHUTDOWN_TIMEOUT", "15s")
	c.ShutdownTimeout, _ = time.ParseDuration(shutdown)
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", c.ShutdownTimeout,
		"longest wait for requests under way when stopping (env SAFETYSURVEY_SHUTDOWN_TIMEOUT)")
	c.SecureCookies = envValue(c, "SAFETYSURVEY_SECURE_COOKIES", env, "true", strconv.ParseBool)
	fs.BoolVar(&c.SecureCookies, "secure-cookies", c.SecureCookies,
		"mark staff sign-in cookies Secure, sent over HTTPS only; turn off only for local http other than localhost (env SAFETYSURVEY_SECURE_COOKIES)")
	c.SessionIdle = envValue(c, "SAFETYSURVEY_SESSION_IDLE", env, "30m", time.ParseDuration)
	fs.DurationVar(&c.SessionIdle, "session-idle", c.SessionIdle,
		"sign staff out after this long without using the staff area (env SAFETYSURVEY_SESSION_IDLE)")
	c.SessionMax = envValue(c, "SAFETYSURVEY_SESSION_MAX", env, "12h", time.ParseDuration)
	fs.DurationVar(&c.SessionMax, "session-max", c.SessionMax,
		"sign staff out this long after they signed in, however busy (env SAFETYSURVEY_SESSION_MAX)")
	c.retentionFlag(fs, getenv)
	// Every question may be skipped, so a child can answer one and send within seconds: the
	// default catches programs that send as soon as the page loads, not quick children.
	c.MinFillTime = envValue(c, "SAFETYSURVEY_MIN_FILL_TIME", env, "3s", time.ParseDuration)
	fs.DurationVar(&c.MinFillTime, "min-fill-time", c.MinFillTime,
		"answers sent sooner than this after the form was opened are stored but marked suspect and left out of the findings; 0 turns the check off (env SAFETYSURVEY_MIN_FILL_TIME)")
	fs.StringVar(&c.FormSecret, "form-secret", env("SAFETYSURVEY_FORM_SECRET", ""),
		"at least 32 characters signing the time each form was opened, instead of the keys kept in the store, which every replica shares and which are replaced weekly (env SAFETYSURVEY_FORM_SECRET, better than the flag)")
	// A school's phones share one NAT address, and an assembly sends hundreds within a minute or
	// two, so the limit per address is far above what one person sends (see README.md).
	c.SourceLimit = envValue(c, "SAFETYSURVEY_SOURCE_LIMIT", env, "1200", strconv.Atoi)
	fs.IntVar(&c.SourceLimit, "source-limit", c.SourceLimit,
		"submissions one address may send a minute, and at once; 0 turns the limit off (env SAFETYSURVEY_SOURCE_LIMIT)")
	c.ChannelLimit = envValue(c, "SAFETYSURVEY_CHANNEL_LIMIT", env, "2400", strconv.Atoi)
	fs.IntVar(&c.ChannelLimit, "channel-limit", c.ChannelLimit,
		"submissions one channel (poster) may receive a minute, and at once; 0 turns the limit off (env SAFETYSURVEY_CHANNEL_LIMIT)")
	c.StaffLimit = envValue(c, "SAFETYSURVEY_STAFF_LIMIT", env, "300", strconv.Atoi)
	fs.IntVar(&c.StaffLimit, "staff-limit", c.StaffLimit,
		"requests one address may make to the staff pages a minute, and at once, so a flood of them cannot crowd out children's answers; 0 turns the limit off (env SAFETYSURVEY_STAFF_LIMIT)")
	c.TrustedProxies = envValue(c, "SAFETYSURVEY_TRUSTED_PROXIES", env, "", parseProxies)
	fs.Func("trusted-proxies",
		"comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed; empty believes none (env SAFETYSURVEY_TRUSTED_PROXIES)",
		func(list string) (err error) {
			c.TrustedProxies, err = parseProxies(list)
			return err
		})
	c.Approval.Roles = envValue(c, "SAFETYSURVEY_APPROVERS", env, "admin,scrutineer", parseApprovers)
	fs.Func("approvers",
		"comma-separated roles that must each approve a survey draft before it opens: admin, scrutineer (default admin,scrutineer) (env SAFETYSURVEY_APPROVERS)",
		func(list string) (err error) {
			c.Approval.Roles, err = parseApprovers(list)
			return err
		})
	c.Approval.OnePersonForTwo = envValue(c, "SAFETYSURVEY_ONE_APPROVER_FOR_TWO", env, "false", strconv.ParseBool)
	fs.BoolVar(&c.Approval.OnePersonForTwo, "one-approver-for-two", c.Approval.OnePersonForTwo,
		"let one person who holds several of the --approvers roles give all their approvals; by default each role needs a different person (env SAFETYSURVEY_ONE_APPROVER_FOR_TWO)")
}

// parseApprovers reads a list of roles that must approve a draft, refusing a role that may not approve.
func parseApprovers(list string) ([]staff.Role, error) {
	roles, err := staff.ParseRoles(strings.Split(list, ","))
	if err != nil {
		return nil, fmt.Errorf("%q must be roles such as admin,scrutineer", list)
	}
	if err := (design.Policy{Roles: roles}).Check(); err != nil {
		return nil, err
	}
	return roles, nil
}

// envValue reads an environment variable, or fallback, with parse; a value parse refuses is
// remembered for parse to report, and fallback used meanwhile.
func envValue[T any](c *Config, name string, env func(string, string) string, fallback string, parse func(string) (T, error)) T {
	v, err := parse(env(name, fallback))
	if err != nil {
		c.envErr = errors.Join(c.envErr, fmt.Errorf("%s: %w", name, err))
		v, _ = parse(fallback)
	}
	return v
}

// parseProxies reads a comma-separated list of addresses and CIDR ranges; an address stands for itself alone.
func parseProxies(list string) ([]netip.Prefix, error) {
	var proxies []netip.Prefix
	for _, item := range strings.Split(list, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		if addr, err := netip.ParseAddr(item); err == nil {
			proxies = append(proxies, netip.PrefixFrom(addr, addr.BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(item)
		if err != nil {
			return nil, fmt.Errorf("%q is neither an address nor a CIDR range", item)
		}
		proxies = append(proxies, p.Masked())
	}
	return proxies, nil
}

// retentionFlag registers --retention, for the commands that delete responses: serve and responses purge.
func (c *Config) retentionFlag(fs *flag.FlagSet, getenv func(string) string) {
	c.Retention, _ = time.ParseDuration(getenv(retentionEnv)) // checked in parse
	fs.DurationVar(&c.Retention, "retention", c.Retention,
		"delete stored responses this long after their survey's closing date, e.g. 8760h for a year; counters are kept; 0 keeps responses (env "+retentionEnv+")")
}

const retentionEnv = "SAFETYSURVEY_RETENTION"

// parseFlags parses args into fs. --help prints fs's usage on stdout and returns flag.ErrHelp,
// which exits 0; a flag fs does not know, or a bad value, is a usage error.
func parseFlags(fs *flag.FlagSet, args []string) error {
	var help bytes.Buffer
	fs.SetOutput(&help)
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		_, _ = os.Stdout.Write(help.Bytes())
		return err
	case err != nil:
		return usageError{fmt.Sprintf("%v\nRun %s --help to see its flags.", err, fs.Name())}
	}
	return nil
}

// parse parses args into c, and into the command's own flags that extra registers, explaining
// every flag on --help.
// A command (not the server) says on stderr which store it used.
func (c *Config) parse(name string, args []string, getenv func(string) string, server bool, stderr io.Writer, extra ...func(*flag.FlagSet)) (*flag.FlagSet, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	c.flags(fs, getenv, server)
	for _, register := range extra {
		register(fs)
	}
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: %s [flags]\n\nFlags (some fall back to the environment variable named):\n", name)
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return nil, err
	}
	if !server {
		c.storeNote = stderr
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
	if c.Pprof && c.MetricsAddr == "" {
		return nil, usageError{"--pprof needs --metrics-addr: profiles are served only on that private address"}
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
	if server && c.MinFillTime < 0 {
		return nil, usageError{"--min-fill-time must be a duration such as 3s, or 0 to turn the check off"}
	}
	if server && (c.SourceLimit < 0 || c.ChannelLimit < 0 || c.StaffLimit < 0) {
		return nil, usageError{"--source-limit, --channel-limit and --staff-limit must be 0 (off) or more"}
	}
	if c.envErr != nil {
		return nil, usageError{c.envErr.Error()}
	}
	if server && c.FormSecret != "" && len(c.FormSecret) < 32 {
		return nil, usageError{"--form-secret must be at least 32 characters, or empty for a random one"}
	}
	return fs, nil
}

// defaultPublicURL is the address `make run` serves on, for commands that print links without serving.
const defaultPublicURL = "http://localhost:8080"
