// Package web serves the child-facing survey pages and the JSON API with Fiber.
package web

import (
	"context"
	"crypto/rand"
	"log/slog"
	"net/netip"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"

	"github.com/safeguarding/safetysurvey/i18n"
	"github.com/safeguarding/safetysurvey/ratelimit"
	"github.com/safeguarding/safetysurvey/survey"
)

// Config is everything the web layer needs, wired by cmd/safetysurvey.
type Config struct {
	Surveys   *survey.Catalog
	Service   *survey.Service
	Store     survey.ResponseStore
	Summaries survey.SummaryStore
	Ready     func(ctx context.Context) error // reports whether the store can be reached
	Messages  *i18n.Catalog
	Log       *slog.Logger
	// PublicURL is where children reach the service (scheme and host, no trailing slash), for
	// channel links, QR codes and posters.
	PublicURL string
	QR        survey.QRCodes
	Posters   survey.Posters
	// AdminToken lets staff in, until staff accounts exist; empty keeps the staff area shut.
	AdminToken string
	// FormSecret signs the start token in each form (see bots.go). Replicas behind one load
	// balancer need the same secret; when it is empty a random one is made at start, and forms
	// opened before a restart are then stored but marked suspect if the timing check is on.
	FormSecret []byte
	// SourceLimit and ChannelLimit are how many submissions one source address, and one channel,
	// may send a minute (and at once); zero turns a limit off. See README.md for the defaults.
	SourceLimit  int
	ChannelLimit int
	// TrustedProxies are the proxies whose X-Forwarded-For and X-Forwarded-Proto are believed;
	// with none, no forwarded header is.
	TrustedProxies []netip.Prefix
	Metrics        RequestObserver // optional: counts and times requests
}

// RequestObserver is told the route pattern, status and duration of every request, for metrics.
type RequestObserver interface {
	ObserveRequest(method, route string, status int, elapsed time.Duration)
}

// Limits that keep slow or oversized requests from tying up the server (slowloris and friends).
const (
	bodyLimit    = 64 << 10
	headerLimit  = 8 << 10 // the read buffer, which a request's line and headers must fit in
	readTimeout  = 10 * time.Second
	writeTimeout = 15 * time.Second
	idleTimeout  = 60 * time.Second
)

// Server holds the parsed templates and dependencies shared by every handler.
type Server struct {
	cfg          Config
	views        *views
	assets       *assets
	scriptCache  sync.Map // language and survey -> the page script's strings, see scriptUI
	formSecret   []byte
	sourceLimit  *ratelimit.Limiter
	channelLimit *ratelimit.Limiter
}

// New builds the Fiber app with every route.
func New(cfg Config) (*fiber.App, error) {
	a, err := loadAssets()
	if err != nil {
		return nil, err
	}
	v, err := loadViews(a)
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, views: v, assets: a, formSecret: cfg.FormSecret,
		sourceLimit:  ratelimit.New(ratelimit.Config{PerMinute: cfg.SourceLimit}),
		channelLimit: ratelimit.New(ratelimit.Config{PerMinute: cfg.ChannelLimit}),
	}
	if len(s.formSecret) == 0 {
		s.formSecret = make([]byte, 32)
		_, _ = rand.Read(s.formSecret) // crypto/rand.Read never fails on supported platforms
	}
	app := fiber.New(fiber.Config{
		AppName:               "safetysurvey",
		BodyLimit:             bodyLimit,
		ReadTimeout:           readTimeout,
		WriteTimeout:          writeTimeout,
		IdleTimeout:           idleTimeout,
		ReadBufferSize:        headerLimit,
		DisableStartupMessage: true,
		ErrorHandler:          s.handleError,
		// Fiber's own helpers believe no forwarded header; source and overTLS decide, by TrustedProxies.
		EnableTrustedProxyCheck: true,
	})
	app.Use(s.observeRequests, s.secureHeaders)
	app.Use(compress.New(compress.Config{Level: compress.LevelBestSpeed}))

	app.Get("/healthz", s.showHealth)
	app.Get("/readyz", s.showReadiness)
	app.Get("/static/:name", s.serveAsset)
	app.Get("/", s.redirectHome)

	app.Get("/j/:code", s.redirectShortLink)
	app.Get("/s/:slug", s.showSurveyPage)
	app.Post("/s/:slug", s.saveSurveyForm)
	app.Get("/s/:slug/thanks", s.showThanksPage)
	app.Get("/s/:slug/help", s.showHelpPage)
	app.Get("/s/:slug/findings", s.showFindingsPage)

	api := app.Group("/api/v1")
	api.Post("/surveys/:slug/responses", s.createResponse)
	api.Get("/surveys/:slug/stats", s.showStats)
	api.Get("/surveys/:slug/summary", s.showSummary)

	view, manage := survey.ActViewChannels, survey.ActManageChannels
	api.Get("/surveys/:slug/channels", s.staffAPI(view), s.listChannels)
	api.Post("/surveys/:slug/channels", s.staffAPI(manage), s.createChannel)
	api.Get("/surveys/:slug/channels.csv", s.staffAPI(view), s.serveChannelsCSV)
	api.Get("/surveys/:slug/posters.pdf", s.staffAPI(view), s.servePack)
	api.Get("/surveys/:slug/channels/:code", s.staffAPI(view), s.showChannel)
	api.Get("/surveys/:slug/channels/:code/qr.png", s.staffAPI(view), s.serveQRPNG)
	api.Get("/surveys/:slug/channels/:code/qr.svg", s.staffAPI(view), s.serveQRSVG)
	api.Get("/surveys/:slug/channels/:code/poster", s.staffAPI(view), s.showPoster)
	api.Get("/surveys/:slug/channels/:code/poster.pdf", s.staffAPI(view), s.servePosterPDF)

	app.Get("/staff/sign-in", s.showSignInPage)
	app.Post("/staff/sign-in", s.signIn)
	app.Post("/staff/sign-out", s.signOut)
	staff := app.Group("/staff")
	staff.Get("/", s.staffPages(view), s.showSurveysPage)
	staff.Get("/surveys/:slug/channels", s.staffPages(view), s.showChannelsPage)
	staff.Get("/surveys/:slug/channels/new", s.staffPages(manage), s.showNewChannelPage)
	staff.Post("/surveys/:slug/channels", s.staffPages(manage), s.saveChannel)
	staff.Get("/surveys/:slug/channels.csv", s.staffPages(view), s.serveChannelsCSV)
	staff.Get("/surveys/:slug/posters.pdf", s.staffPages(view), s.servePack)
	staff.Get("/surveys/:slug/channels/:code/qr.png", s.staffPages(view), s.serveQRPNG)
	staff.Get("/surveys/:slug/channels/:code/qr.svg", s.staffPages(view), s.serveQRSVG)
	staff.Get("/surveys/:slug/channels/:code/poster", s.staffPages(view), s.showPoster)
	staff.Get("/surveys/:slug/channels/:code/poster.pdf", s.staffPages(view), s.servePosterPDF)

	app.Use(showNotFound)
	return app, nil
}
