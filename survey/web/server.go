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
	"github.com/valyala/fasthttp"
	"golang.org/x/sync/singleflight"

	"github.com/safeguarding/safetysurvey/i18n"
	"github.com/safeguarding/safetysurvey/ratelimit"
	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/design"
	"github.com/safeguarding/safetysurvey/survey/staff"
)

// Config is everything the web layer needs, wired by cmd/safetysurvey.
type Config struct {
	Surveys   *survey.Catalog
	Service   *survey.Service
	Store     survey.ResponseStore
	Design    *design.Service // the survey editor's drafts and workflow
	Summaries survey.SummaryStore
	Responses survey.ResponseExporter         // reads raw responses back for the admins' audited export
	Actions   survey.ActionStore              // the "you said, we did" actions staff edit
	Ready     func(ctx context.Context) error // reports whether the store can be reached
	Messages  *i18n.Catalog
	Log       *slog.Logger
	Staff     StaffConfig
	// PublicURL is where children reach the service (scheme and host, no trailing slash), for
	// channel links, QR codes and posters.
	PublicURL string
	// InviteBaseURL is the configured public address (scheme and host, no trailing slash) that staff
	// invitation links start with; empty, they start with the address the request came to.
	InviteBaseURL string
	QR            survey.QRCodes
	Posters       survey.Posters
	// Infographics draw the findings page's infographic as PDF and PNG to download.
	Infographics survey.Infographics
	// RedrawAfter is how long a drawn infographic is served after its findings changed, before it
	// is drawn again: a drawing takes up to a second, and anyone may ask for one in every language
	// and breakdown while answers arrive. Zero draws again at once.
	RedrawAfter time.Duration
	// AdminToken is the bearer token scripts send to the channels API, acting as the admin role;
	// empty turns that API off. It is never accepted on the staff pages.
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
	importLimit  = 1 << 20 // a survey file with every language, imported on the staff pages
	headerLimit  = 8 << 10 // the read buffer, which a request's line and headers must fit in
	readTimeout  = 10 * time.Second
	writeTimeout = 15 * time.Second
	idleTimeout  = 60 * time.Second
)

// bodyLimits lets the survey import take a file with every language, 16 times the body any other
// request may send, and decides that from the request line before a byte of the body is read.
func bodyLimits(h *fasthttp.RequestHeader) fasthttp.RequestConfig {
	if h.IsPost() && string(h.RequestURI()) == staffPath+"/drafts/import" {
		return fasthttp.RequestConfig{MaxRequestBodySize: importLimit}
	}
	return fasthttp.RequestConfig{}
}

// Server holds the parsed templates and dependencies shared by every handler.
type Server struct {
	cfg          Config
	views        *views
	assets       *assets
	scriptCache  sync.Map // language and survey -> the page script's strings, see scriptUI
	pageCache    sync.Map // freshPageKey -> a fresh survey page, see renderFreshSurvey
	actions      *keptActions
	summaryCache sync.Map                       // summaryKey -> cachedSummary, see summaryOf
	texts        kept[summaryKey, textFindings] // by survey, version and language (no by), see publishedTexts
	exportCache  sync.Map                       // exportKey -> cachedExport, see sendFindings
	exports      singleflight.Group
	formSecret   []byte
	sourceLimit  *ratelimit.Limiter
	channelLimit *ratelimit.Limiter
	staff        *staffArea
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
	s := &Server{cfg: cfg, views: v, assets: a, formSecret: cfg.FormSecret, staff: newStaffArea(cfg.Staff),
		sourceLimit:  ratelimit.New(ratelimit.Config{PerMinute: cfg.SourceLimit}),
		channelLimit: ratelimit.New(ratelimit.Config{PerMinute: cfg.ChannelLimit}),
		actions:      &keptActions{store: cfg.Actions},
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
	app.Server().HeaderReceived = bodyLimits
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
	app.Get("/s/:slug/findings.pdf", s.serveFindingsPDF)
	app.Get("/s/:slug/findings.png", s.serveFindingsPNG)
	app.Get("/s/:slug/findings-report.pdf", s.serveFindingsReport)
	app.Get("/s/:slug/findings/share.png", s.serveFindingsShare)

	api := app.Group("/api/v1")
	api.Post("/surveys/:slug/responses", s.createResponse)
	api.Get("/surveys/:slug/stats", s.showStats)
	api.Get("/surveys/:slug/summary", s.showSummary)

	view, manage := s.requireToken(staff.ViewChannels), s.requireToken(staff.ManageChannels)
	api.Get("/surveys/:slug/channels", view, s.listChannels)
	api.Post("/surveys/:slug/channels", manage, s.createChannel)
	api.Get("/surveys/:slug/channels.csv", view, s.serveChannelsCSV)
	api.Get("/surveys/:slug/posters.pdf", view, s.servePack)
	api.Get("/surveys/:slug/channels/:code", view, s.showChannel)
	api.Get("/surveys/:slug/channels/:code/qr.png", view, s.serveQRPNG)
	api.Get("/surveys/:slug/channels/:code/qr.svg", view, s.serveQRSVG)
	api.Get("/surveys/:slug/channels/:code/poster", view, s.showPoster)
	api.Get("/surveys/:slug/channels/:code/poster.pdf", view, s.servePosterPDF)

	s.staffRoutes(app.Group(staffPath, s.csrfProtection(), s.loadStaffUser))

	app.Use(showNotFound)
	return app, nil
}

// staffRoutes are the staff area's pages. Every route names the action it needs through require,
// except signing in and accepting an invitation, which are for people not signed in yet.
func (s *Server) staffRoutes(st fiber.Router) {
	st.Get("/sign-in", s.showSignInPage)
	st.Post("/sign-in", s.signIn)
	st.Get("/sign-in/code", s.showCodePage)
	st.Post("/sign-in/code", s.checkCode)
	st.Get("/accept/:token", s.showAcceptPage)
	st.Post("/accept/:token", s.acceptInvitation)

	use := s.require(staff.UseStaffArea)
	st.Get("/", use, s.showStaffHome)
	st.Post("/sign-out", use, s.signOut)
	st.Post("/sign-out-everywhere", use, s.signOutEverywhere)
	st.Get("/account", use, s.showAccountPage)
	st.Get("/account/totp", use, s.showTOTPPage)
	st.Post("/account/totp", use, s.saveTOTP)

	users := s.require(staff.ManageUsers)
	st.Get("/invite", users, s.showInvitePage)
	st.Post("/invite", users, s.createInvitation)
	st.Get("/users", users, s.showUsersPage)
	st.Post("/users/:id/roles", users, s.saveUserRoles)
	st.Post("/users/:id/disabled", users, s.saveUserStatus)

	audit := s.require(staff.ReadAudit)
	st.Get("/audit", audit, s.showAuditPage)
	st.Get("/audit.csv", audit, s.exportAudit)

	view, manageChannels := s.require(staff.ViewChannels), s.require(staff.ManageChannels)
	st.Get("/surveys/:slug/channels", view, s.showChannelsPage)
	st.Get("/surveys/:slug/channels/new", manageChannels, s.showNewChannelPage)
	st.Post("/surveys/:slug/channels", manageChannels, s.saveChannel)
	st.Get("/surveys/:slug/channels.csv", view, s.serveChannelsCSV)
	st.Get("/surveys/:slug/posters.pdf", view, s.servePack)
	st.Get("/surveys/:slug/channels/:code/qr.png", view, s.serveQRPNG)
	st.Get("/surveys/:slug/channels/:code/qr.svg", view, s.serveQRSVG)
	st.Get("/surveys/:slug/channels/:code/poster", view, s.showPoster)
	st.Get("/surveys/:slug/channels/:code/poster.pdf", view, s.servePosterPDF)

	flagged := s.require(staff.ReviewFlagged)
	st.Get("/surveys/:slug/flagged", flagged, s.showFlaggedPage)
	st.Post("/surveys/:slug/flagged/:answer", flagged, s.saveFlagReview)

	texts := s.require(staff.ReadTexts)
	answer := "/surveys/:slug/texts/:question/:answer"
	st.Get("/surveys/:slug/texts/:question", texts, s.showTextsPage)
	st.Post(answer+"/themes", texts, s.saveThemes)
	st.Post(answer+"/quote", s.require(staff.ProposeQuotes), s.proposeQuote)
	st.Post(answer+"/approve", s.require(staff.ApproveQuotes), s.approveQuote)
	st.Post(answer+"/withdraw", s.require(staff.ProposeQuotes), s.withdrawQuote)

	// The findings pages and downloads, for those who read findings before they are published.
	findings := s.require(staff.ReadFindings)
	st.Get("/surveys/:slug/findings", findings, s.showFindingsPage)
	st.Get("/surveys/:slug/findings.pdf", findings, s.serveFindingsPDF)
	st.Get("/surveys/:slug/findings.png", findings, s.serveFindingsPNG)
	st.Get("/surveys/:slug/findings-report.pdf", findings, s.serveFindingsReport)
	st.Get("/surveys/:slug/findings/share.png", findings, s.serveFindingsShare)
	st.Get("/surveys/:slug/summary", findings, s.showSummary)

	// The raw responses, only as a deliberate, audited download: POST, never GET.
	export := s.require(staff.ExportResponses)
	st.Get("/surveys/:slug/responses/export", export, s.showExportPage)
	st.Post("/surveys/:slug/responses.csv", export, s.exportResponses)

	// The actions editor: what the partnership does about the findings ("you said, we did").
	actions, action := s.require(staff.EditActions), "/surveys/:slug/actions/:n"
	st.Get("/surveys/:slug/actions", actions, s.showActionsPage)
	st.Post("/surveys/:slug/actions", actions, s.addAction)
	st.Post(action, actions, s.saveAction)
	st.Post(action+"/move", actions, s.moveAction)
	st.Post(action+"/delete", actions, s.deleteAction)

	// The survey editor: those who may comment may read every draft; design changes them.
	read, edit := s.require(staff.CommentSurveys), s.require(staff.DesignSurveys)
	st.Get("/drafts", read, s.showDraftsPage)
	st.Post("/drafts", edit, s.startDraft)
	st.Get("/drafts/import", edit, s.showImportPage)
	st.Post("/drafts/import", edit, s.importDraft)
	st.Get("/drafts/:id", read, s.showDraftPage)
	st.Get("/drafts/:id/preview", read, s.showDraftPreview)
	st.Get("/drafts/:id/survey.yaml", read, s.exportDraft)
	st.Get("/drafts/:id/changes", read, s.showChangesPage)
	st.Post("/drafts/:id/survey", edit, s.saveDraftSurvey)
	st.Post("/drafts/:id/questions", edit, s.addQuestion)
	st.Get("/drafts/:id/questions/:q", edit, s.showQuestionPage)
	st.Post("/drafts/:id/questions/:q", edit, s.saveQuestion)
	st.Post("/drafts/:id/questions/:q/move", edit, s.moveQuestion)
	st.Post("/drafts/:id/questions/:q/delete", edit, s.deleteQuestion)
	comment := s.require(staff.CommentSurveys)
	st.Post("/drafts/:id/questions/:q/comments", comment, s.addComment)
	st.Post("/drafts/:id/comments/:c/resolve", comment, s.resolveComment)
	st.Post("/drafts/:id/comments/:c/use", edit, s.useSuggestion)
	for _, step := range []design.Step{design.SendToReview, design.BackToDraft, design.Approve, design.OpenSurvey, design.CloseSurvey} {
		st.Post("/drafts/:id/"+string(step), s.require(design.ActionFor(step)), s.takeStep(step))
	}
}
