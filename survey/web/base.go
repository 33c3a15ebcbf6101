// Package web is what the two rooms of the web layer share: the children's pages and public API
// (web/children) and the staff back office (web/backoffice) both render through it, answer errors
// through its one Fiber ErrorHandler, and use its assets, security headers, request limits and
// language negotiation. web/site mounts both rooms on one Fiber app.
package web

import (
	"context"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/i18n"
	"github.com/safeguarding/safetysurvey/ratelimit"
	"github.com/safeguarding/safetysurvey/survey"
)

// Config is what the shared part of the web layer needs, wired by cmd/safetysurvey.
type Config struct {
	// Files holds the templates under templates/, the styles and scripts under static/ and the
	// API's OpenAPI description, openapi.json.
	Files    fs.FS
	Messages *i18n.Catalog
	Log      *slog.Logger
	Ready    func(ctx context.Context) error // reports whether the store can be reached
	// SignOffs keeps translation reviews, shown in /stats and the editor; nil for none.
	SignOffs survey.SignOffStore
	// TrustedProxies are the proxies whose X-Forwarded-For and X-Forwarded-Proto are believed;
	// with none, no forwarded header is.
	TrustedProxies []netip.Prefix
	Metrics        RequestObserver // optional: counts and times requests
	// SourceLimit and ChannelLimit are how many submissions one source address, and one channel,
	// may send a minute (and at once); zero turns a limit off. See README.md for the defaults.
	SourceLimit  int
	ChannelLimit int
	// StaffLimit is how many requests one source address may make to /staff a minute (and at
	// once); zero turns it off.
	StaffLimit int
	// FormKeys sign the start token in each form (web/children) and the staff CSRF token
	// (web/backoffice), with keys every replica reads from the store. Nil signs with a key made
	// at start, which no other process accepts: only for a single process, such as a test.
	FormKeys *FormKeys
	// Now is the clock requests are timed by.
	Now func() time.Time
}

// RequestObserver is told the route pattern, status and duration of every request, for metrics.
type RequestObserver interface {
	ObserveRequest(method, route string, status int, elapsed time.Duration)
}

// StaffPath is where the staff back office is served; its pages and errors look like its own.
const StaffPath = "/staff"

// Base holds the parsed templates and assets and the dependencies every handler shares.
type Base struct {
	cfg          Config
	views        *views
	assets       *assets
	scriptCache  sync.Map // language and survey -> the page script's strings, see scriptUI
	errorPages   []errorPage
	sourceLimit  *ratelimit.Limiter
	channelLimit *ratelimit.Limiter
	staffLimit   *ratelimit.Limiter
	bodySlots    chan struct{} // requests holding their bodies in memory, see AdmitBody
	openAPI      []byte        // openapi.json from Files, see ServeOpenAPI
}

// errorPage renders the error pages of the paths under prefix, for a room with its own layout.
type errorPage struct {
	prefix string
	render func(c *fiber.Ctx, status int, message string) error
}

// New parses the templates and loads the assets in cfg.Files.
func New(cfg Config) (*Base, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.FormKeys == nil {
		cfg.FormKeys = &FormKeys{}
	}
	a, err := loadAssets(cfg.Files)
	if err != nil {
		return nil, err
	}
	v, err := loadViews(cfg.Files)
	if err != nil {
		return nil, err
	}
	doc, err := fs.ReadFile(cfg.Files, "openapi.json")
	if err != nil {
		return nil, fmt.Errorf("read the OpenAPI description: %w", err)
	}
	return &Base{cfg: cfg, views: v, assets: a, openAPI: doc,
		sourceLimit:  ratelimit.New(ratelimit.Config{PerMinute: cfg.SourceLimit}),
		channelLimit: ratelimit.New(ratelimit.Config{PerMinute: cfg.ChannelLimit}),
		staffLimit:   ratelimit.New(ratelimit.Config{PerMinute: cfg.StaffLimit}),
		bodySlots:    make(chan struct{}, maxBodiesInFlight),
	}, nil
}

// Files are the service's templates and static files (Config.Files).
func (s *Base) Files() fs.FS { return s.cfg.Files }

// ServeOpenAPI sends the OpenAPI description of every /api/v1 route (public/openapi.json), which
// the web tests hold every API request and response to.
func (s *Base) ServeOpenAPI(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	if err := c.Send(s.openAPI); err != nil {
		return err
	}
	return Revalidate(c, "no-cache")
}

// Messages is the catalog of translated UI strings.
func (s *Base) Messages() *i18n.Catalog { return s.cfg.Messages }

// FormKeys sign and check what forms carry: the children's start token, the staff CSRF token.
func (s *Base) FormKeys() *FormKeys { return s.cfg.FormKeys }

// Log is where handlers log what only an operator should read.
func (s *Base) Log() *slog.Logger { return s.cfg.Log }

// Style is a stylesheet by file name, for the pages that add their own to the layout's.
func (s *Base) Style(name string) template.CSS { return s.assets.styles[name] }

// CSP is the Content-Security-Policy every response carries, for a page that must widen it.
func (s *Base) CSP() string { return s.assets.csp }

// ScriptURL is the hashed URL of a script in static/, or "" when there is none.
func (s *Base) ScriptURL(name string) string { return s.assets.url(name) }

// HandleErrorsUnder makes the error handler answer the pages under prefix with render, in that
// room's own layout, instead of the children's message page.
func (s *Base) HandleErrorsUnder(prefix string, render func(c *fiber.Ctx, status int, message string) error) {
	s.errorPages = append(s.errorPages, errorPage{prefix: prefix, render: render})
}

type unpublishedKey struct{}

// LetReadUnpublished marks a request as one whose user may read findings before they are
// published: the back office sets it on its findings routes, after checking the user's role.
func LetReadUnpublished(c *fiber.Ctx) {
	c.Locals(unpublishedKey{}, true)
}

// ReadsUnpublished reports whether LetReadUnpublished marked the request.
func ReadsUnpublished(c *fiber.Ctx) bool {
	ok, _ := c.Locals(unpublishedKey{}).(bool)
	return ok
}

// errorPageFor is the room's error page for a path, if a room has one.
func (s *Base) errorPageFor(path string) (func(c *fiber.Ctx, status int, message string) error, bool) {
	for _, p := range s.errorPages {
		if strings.HasPrefix(path, p.prefix) {
			return p.render, true
		}
	}
	return nil, false
}
