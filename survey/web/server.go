// Package web serves the child-facing survey pages and the JSON API with Fiber.
package web

import (
	"context"
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"

	"github.com/safeguarding/safetysurvey/i18n"
	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/staff"
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
	Staff     StaffConfig
}

// Limits that keep slow or oversized requests from tying up the server.
const (
	bodyLimit    = 64 << 10
	readTimeout  = 10 * time.Second
	writeTimeout = 15 * time.Second
	idleTimeout  = 60 * time.Second
)

// Server holds the parsed templates and dependencies shared by every handler.
type Server struct {
	cfg    Config
	views  *views
	assets *assets
	staff  *staffArea
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
	s := &Server{cfg: cfg, views: v, assets: a, staff: newStaffArea(cfg.Staff)}
	app := fiber.New(fiber.Config{
		AppName:               "safetysurvey",
		BodyLimit:             bodyLimit,
		ReadTimeout:           readTimeout,
		WriteTimeout:          writeTimeout,
		IdleTimeout:           idleTimeout,
		ReadBufferSize:        8 << 10,
		DisableStartupMessage: true,
		ErrorHandler:          s.handleError,
	})
	app.Use(s.logRequests, s.secureHeaders)
	app.Use(compress.New(compress.Config{Level: compress.LevelBestSpeed}))

	app.Get("/healthz", s.showHealth)
	app.Get("/readyz", s.showReadiness)
	app.Get("/static/:name", s.serveAsset)
	app.Get("/", s.redirectHome)

	app.Get("/s/:slug", s.showSurveyPage)
	app.Post("/s/:slug", s.saveSurveyForm)
	app.Get("/s/:slug/thanks", s.showThanksPage)
	app.Get("/s/:slug/help", s.showHelpPage)

	api := app.Group("/api/v1")
	api.Post("/surveys/:slug/responses", s.createResponse)
	api.Get("/surveys/:slug/stats", s.showStats)
	api.Get("/surveys/:slug/summary", s.showSummary)

	s.staffRoutes(app.Group(staffPath, s.csrfProtection(), s.loadStaffUser))

	app.Use(func(c *fiber.Ctx) error { return fiber.ErrNotFound })
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

	manage := s.require(staff.ManageUsers)
	st.Get("/invite", manage, s.showInvitePage)
	st.Post("/invite", manage, s.createInvitation)
	st.Get("/users", manage, s.showUsersPage)
	st.Post("/users/:id/roles", manage, s.saveUserRoles)
	st.Post("/users/:id/disabled", manage, s.saveUserStatus)

	audit := s.require(staff.ReadAudit)
	st.Get("/audit", audit, s.showAuditPage)
	st.Get("/audit.csv", audit, s.exportAudit)
}
