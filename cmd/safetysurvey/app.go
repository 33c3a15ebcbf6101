package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/cmd/safetysurvey/wire"
	"github.com/safeguarding/safetysurvey/i18n"
	"github.com/safeguarding/safetysurvey/public"
	"github.com/safeguarding/safetysurvey/survey"
	surveychannels "github.com/safeguarding/safetysurvey/survey/channels"
	"github.com/safeguarding/safetysurvey/survey/design"
	"github.com/safeguarding/safetysurvey/survey/freetext"
	"github.com/safeguarding/safetysurvey/survey/metrics"
	"github.com/safeguarding/safetysurvey/survey/mongo"
	"github.com/safeguarding/safetysurvey/survey/mongo/embedded"
	"github.com/safeguarding/safetysurvey/survey/report"
	"github.com/safeguarding/safetysurvey/survey/staff"
	"github.com/safeguarding/safetysurvey/survey/staff/argon2id"
	"github.com/safeguarding/safetysurvey/survey/web"
	"github.com/safeguarding/safetysurvey/survey/web/backoffice"
	"github.com/safeguarding/safetysurvey/survey/web/site"
	"github.com/safeguarding/safetysurvey/survey/yamlfile"
)

// Main wires the service together; tests use it to run the real thing end to end.
type Main struct {
	Config Config
	Log    *slog.Logger
	Now    func() time.Time

	store   *store
	surveys *survey.Catalog
	editor  *design.Service
	app     *fiber.App
	ln      net.Listener
	served  chan error
	stopBg  context.CancelFunc
	bg      sync.WaitGroup

	metrics       *metrics.Metrics
	metricsLn     net.Listener
	metricsServer *http.Server
}

// NewMain returns a Main that logs JSON to stderr and uses the wall clock.
func NewMain() *Main {
	return &Main{Now: time.Now}
}

// ParseFlags reads the server's configuration from args, with environment variables as defaults.
func (m *Main) ParseFlags(args []string, getenv func(string) string) error {
	_, err := m.Config.parse("safetysurvey serve", args, getenv, true, os.Stderr)
	return err
}

// Run opens the store, loads the surveys and starts listening; it returns once requests are being served.
func (m *Main) Run(ctx context.Context) error {
	if m.Log == nil {
		m.Log = newLogger(m.Config.LogLevel)
	}
	version, revision := buildVersion()
	m.metrics = metrics.New(metrics.Build{Version: version, Revision: revision})
	opts := []mongo.Option{mongo.WithObserver(m.metrics)}
	if m.Config.MongoURI != "" {
		// A MongoDB may hold millions of responses: the server listens while their indexes are
		// built and is ready once they are. The embedded store is small, and builds them first.
		opts = append(opts, mongo.WithIndexesInBackground())
	}
	catalog, st, err := openSurveys(ctx, m.Config, m.Log, opts...)
	if err != nil {
		return err
	}
	m.surveys, m.store = catalog, st
	m.metrics.WatchQueue(m.store.db.QueueDepth)
	staffService := newStaffService(m.store.db, m.Now)
	m.editor = &design.Service{Store: m.store.db, Definitions: m.store.db, Catalog: catalog, Audit: staffService,
		Policy: m.Config.Approval, Now: m.Now}
	for _, s := range catalog.All() {
		if err := m.store.db.RegisterDefinition(ctx, s); err != nil {
			return err
		}
	}
	// An embedded store has no other user, so batches a crash left half-counted are finished at once.
	firstRecovery := m.store.staleWriterAfter()
	bgCtx, stop := context.WithCancel(context.Background())
	m.stopBg = stop
	sessions := m.store.db.SessionStorage(m.Now)
	m.bg.Go(func() { sessions.RunSessionCleanup(bgCtx, sessionCleanupInterval) })
	m.bg.Go(func() { m.store.db.RunRecovery(bgCtx, time.Minute, firstRecovery) })
	m.bg.Go(func() { m.followEditor(bgCtx, editorFollowInterval) })
	if m.Config.Retention > 0 {
		m.bg.Go(func() { m.runRetention(bgCtx, retentionInterval) })
	}
	messages, err := i18n.Load(public.Files, "locales")
	if err != nil {
		return err
	}
	disclosures, err := freetext.LoadDisclosureTerms(public.Files, "safeguarding")
	if err != nil {
		return err
	}
	m.ln, err = net.Listen("tcp", m.Config.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", m.Config.Addr, err)
	}
	// Invitation links go to the configured address; without one, to whatever address staff used.
	inviteBaseURL := m.Config.PublicURL
	if m.Config.PublicURL == "" {
		m.Config.PublicURL = m.URL()
	}
	infographics, err := report.New(messages)
	if err != nil {
		_ = m.ln.Close()
		return err
	}
	cfg, err := wire.Web(wire.Deps{DB: m.store.db, Store: m.metrics.CountSuspect(m.store.db), Surveys: catalog, Messages: messages, Disclosures: disclosures,
		Design: m.editor, Infographics: infographics, RedrawAfter: infographicRedrawAfter, PublicURL: m.Config.PublicURL,
		Log: m.Log, Now: m.Now, MinFillTime: m.Config.MinFillTime,
		Staff: backoffice.StaffConfig{
			Service:       staffService,
			Sessions:      sessions,
			SecureCookies: m.Config.SecureCookies,
			IdleTimeout:   m.Config.SessionIdle,
			MaxAge:        m.Config.SessionMax,
		}})
	if err != nil {
		_ = m.ln.Close()
		return err
	}
	cfg.InviteBaseURL, cfg.AdminToken, cfg.Metrics = inviteBaseURL, m.Config.AdminToken, m.metrics
	m.metrics.WatchUnreviewedFlags(func() (int, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return cfg.Service.AllUnreviewedFlags(ctx)
	})
	cfg.FormKeys = &web.FormKeys{Store: m.store.db, Override: []byte(m.Config.FormSecret), Now: m.Now}
	cfg.TrustedProxies = m.Config.TrustedProxies
	cfg.SourceLimit, cfg.ChannelLimit, cfg.StaffLimit = m.Config.SourceLimit, m.Config.ChannelLimit, m.Config.StaffLimit
	m.app, err = site.New(cfg)
	if err != nil {
		_ = m.ln.Close()
		return err
	}
	m.served = make(chan error, 1)
	go func() { m.served <- m.app.Listener(m.ln) }()
	if err := m.serveMetrics(); err != nil {
		return err
	}
	m.Log.Info("serving", "addr", m.ln.Addr().String(), "store", m.store.kind, "surveys", len(catalog.All()))
	if surveychannels.LocalOnlyURL(m.Config.PublicURL) {
		m.Log.Warn(publicURLWarning(m.Config.PublicURL, "start the server"))
	}
	return nil
}

// editorFollowInterval is how soon a survey opened or closed in the editor on another server
// process sharing the store is opened or closed on this one too; the drafts it reads are few.
const editorFollowInterval = 2 * time.Second

// followEditor keeps the catalog up to date with the surveys opened or closed in the editor on
// any server process, until ctx ends. It reads the drafts only when their marker has changed.
func (m *Main) followEditor(ctx context.Context, interval time.Duration) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	seen := ""
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		marker, err := m.store.db.DraftsMarker(ctx)
		if err == nil && marker == seen {
			continue
		}
		if err == nil {
			err = m.editor.Restore(ctx)
		}
		if err != nil && ctx.Err() == nil {
			m.Log.Error("follow surveys opened or closed in the editor", "err", err)
			continue
		}
		seen = marker
	}
}

// infographicRedrawAfter is how long a downloaded infographic may lag behind its findings.
const infographicRedrawAfter = 30 * time.Second

// sessionCleanupInterval is how often expired staff sessions are deleted; they are refused on
// read as soon as they expire, so this only keeps the collection small.
const sessionCleanupInterval = 10 * time.Minute

// newStaffService runs staff accounts on db; the server and the users command share it.
func newStaffService(db *mongo.DB, now func() time.Time) *staff.Service {
	return &staff.Service{Store: db, Hasher: argon2id.New(argon2id.Default, passwordHashSlots), Now: now}
}

// passwordHashSlots caps concurrent password hashes at 4 × 19 MiB.
const passwordHashSlots = 4

// serveMetrics serves /metrics on its own address, when one is set, so that only whoever can
// reach that address (a scraper inside the cluster) reads them, never the public.
func (m *Main) serveMetrics() error {
	if m.Config.MetricsAddr == "" {
		return nil
	}
	var err error
	m.metricsLn, err = net.Listen("tcp", m.Config.MetricsAddr)
	if err != nil {
		return fmt.Errorf("listen for metrics on %s: %w", m.Config.MetricsAddr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.metrics.Handler())
	if m.Config.Pprof {
		mux.HandleFunc("GET /debug/pprof/", pprof.Index)
		mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
		mux.HandleFunc("GET /debug/pprof/trace", pprof.Trace)
	}
	m.metricsServer = &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, WriteTimeout: 30 * time.Second}
	go func() { _ = m.metricsServer.Serve(m.metricsLn) }()
	return nil
}

// MetricsURL is the address the metrics can be read at from this machine, or "" when none are served.
func (m *Main) MetricsURL() string {
	if m.metricsLn == nil {
		return ""
	}
	return "http://" + m.metricsLn.Addr().String() + "/metrics"
}

// URL is the address the service can be reached at from this machine.
func (m *Main) URL() string {
	addr := m.ln.Addr().(*net.TCPAddr)
	host := addr.IP.String()
	if addr.IP.IsUnspecified() {
		host = "localhost"
	}
	return fmt.Sprintf("http://%s", net.JoinHostPort(host, fmt.Sprint(addr.Port)))
}

// Close stops taking connections, lets requests under way finish (so nothing acknowledged is
// lost and nothing unacknowledged is half-done), then closes the store.
func (m *Main) Close() error {
	var errs []error
	if m.app != nil {
		if err := m.app.ShutdownWithTimeout(m.Config.ShutdownTimeout); err != nil {
			errs = append(errs, fmt.Errorf("stop server: %w", err))
		}
		if err := <-m.served; err != nil {
			errs = append(errs, fmt.Errorf("serve: %w", err))
		}
	}
	if m.metricsServer != nil {
		errs = append(errs, m.metricsServer.Close())
	}
	if m.stopBg != nil {
		m.stopBg()
		m.bg.Wait()
	}
	if m.store != nil {
		errs = append(errs, m.store.Close())
	}
	return errors.Join(errs...)
}

func newLogger(level string) *slog.Logger {
	var l slog.Level
	_ = l.UnmarshalText([]byte(level)) // checked when the flags were parsed
	return slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: l}))
}

// loadSurveys reads the built-in surveys and any in dir; a later file may not reuse a slug.
func loadSurveys(dir string) (*survey.Catalog, error) {
	surveys, err := yamlfile.LoadDir(public.Files, "surveys")
	if err != nil {
		return nil, fmt.Errorf("built-in surveys: %w", err)
	}
	if dir != "" {
		extra, err := yamlfile.LoadDir(os.DirFS(dir), ".")
		if err != nil {
			return nil, fmt.Errorf("surveys in %s: %w", dir, err)
		}
		for _, s := range extra {
			s.Source = filepath.Join(dir, s.Source)
		}
		surveys = append(surveys, extra...)
	}
	return survey.NewCatalog(surveys...)
}

// store is an open connection to MongoDB, to the embedded FerretDB started for it, or to the
// embedded FerretDB a running server holds.
type store struct {
	db       *mongo.DB
	embedded *embedded.Server
	kind     string
	// where says in words which store this is, for the commands to tell on stderr.
	where string
}

// alone says whether this process has the store to itself: it started the embedded store, so no
// server beside it takes answers.
func (s *store) alone() bool { return s.embedded != nil }

// staleWriterAfter is how long another writer's half-counted batch is left to it before this
// process finishes it: at once when the store is this process's alone.
func (s *store) staleWriterAfter() time.Duration {
	if s.alone() {
		return 0
	}
	return mongo.StaleWriterAfter
}

// openSurveys opens the store and the surveys children answer: the survey files, then the versions
// opened or closed in the editor (design.Service.Restore). The server and every command that
// works on stored responses start here, so they all work on the same versions.
func openSurveys(ctx context.Context, cfg Config, log *slog.Logger, opts ...mongo.Option) (*survey.Catalog, *store, error) {
	catalog, err := loadSurveys(cfg.SurveyDir)
	if err != nil {
		return nil, nil, err
	}
	st, err := openStore(ctx, cfg, log, opts...)
	if err != nil {
		return nil, nil, err
	}
	if err := (&design.Service{Store: st.db, Catalog: catalog}).Restore(ctx); err != nil {
		return nil, nil, errors.Join(err, st.Close())
	}
	return catalog, st, nil
}

// openStore connects to cfg.MongoURI, or starts the embedded store under cfg.DataDir when there is
// none. When a running server holds that embedded store, a command (not the server, whose
// cfg.storeNote is nil) reaches it through the server's socket instead. A command says on
// cfg.storeNote which store it used.
func openStore(ctx context.Context, cfg Config, log *slog.Logger, opts ...mongo.Option) (*store, error) {
	s := &store{kind: "mongodb", where: "MongoDB at " + hosts(cfg.MongoURI)}
	uri := cfg.MongoURI
	if uri == "" {
		dir := filepath.Join(cfg.DataDir, "db")
		srv, err := embedded.Start(dir, log)
		var inUse *embedded.InUseError
		switch {
		case errors.As(err, &inUse) && cfg.storeNote != nil:
			s.kind, s.where, uri = "embedded", "the embedded store in "+dir+", through the running server's socket", inUse.URI
		case err != nil:
			return nil, err
		default:
			s.embedded, s.kind, s.where, uri = srv, "embedded", "the embedded store in "+dir, srv.URI()
		}
	}
	db, err := mongo.Open(ctx, uri, cfg.Database, log, opts...)
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("open %s store: %w", s.kind, redact(err, uri))
	}
	s.db = db
	if cfg.storeNote != nil {
		fmt.Fprintf(cfg.storeNote, "safetysurvey: using %s, database %s\n", s.where, cfg.Database)
	}
	return s, nil
}

// hosts is the host list of a MongoDB connection string, without the user, password or options
// it may hold.
func hosts(uri string) string {
	rest := uri
	if _, after, ok := strings.Cut(rest, "://"); ok {
		rest = after
	}
	if at := strings.LastIndex(rest, "@"); at >= 0 {
		rest = rest[at+1:]
	}
	if end := strings.IndexAny(rest, "/?"); end >= 0 {
		rest = rest[:end]
	}
	return rest
}

// Close disconnects and stops the embedded store, if one was started.
func (s *store) Close() error {
	var err error
	if s.db != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		err = s.db.Close(ctx)
	}
	if s.embedded != nil {
		s.embedded.Close()
	}
	return err
}

// redact keeps a connection string's password out of error messages.
func redact(err error, uri string) error {
	if at := strings.LastIndex(uri, "@"); at > 0 {
		return errors.New(strings.ReplaceAll(err.Error(), uri[:at], "mongodb://…"))
	}
	return err
}
