// Package children serves what a child's request can reach: the survey pages, the thank-you and
// help pages, the short links on posters, the published findings and the public JSON API. It
// never imports the staff back office (survey/staff, survey/design, web/backoffice), so no bug
// there can sit on a child's request path.
package children

import (
	"sync"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/i18n"
	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/findings"
	"github.com/safeguarding/safetysurvey/survey/web"
)

// Config is what the children's pages and the public API need, wired by cmd/safetysurvey.
type Config struct {
	Surveys *survey.Catalog
	Service *survey.Service
	// Findings builds the findings of the findings and results pages, the summary API and the
	// downloads (with its caches, kept.Service).
	Findings *findings.Service
	Store    survey.ResponseStore
	Actions  survey.ActionStore // the "you said, we did" actions shown with the findings (kept.Actions)
	// Infographics draw the findings to download: the one-page infographic, the full report, the
	// image to share and the long PNG (through kept.Infographics, which keeps drawings while the
	// findings stay the same).
	Infographics findings.Infographics
	// Charts draws the findings page's charts (survey/chart, wired in cmd/safetysurvey/wire).
	Charts Charts
}

// Charts draws the findings page's charts: survey/chart, handed in by cmd/safetysurvey/wire so
// that this room imports no other adapter. The page's "figure" template shows what it returns.
type Charts interface {
	// Findings draws a chart per choice question of sum, across the groups of its breakdown when
	// it has one (the breakdown named dimLabel, each group by groupLabel), and one per question
	// the previous wave asked the same way; in the direction dir and l's language.
	Findings(sum *findings.Summary, dimLabel string, groupLabel func(id string) string, dir string, l *i18n.Localizer) (figures, comparisons []any)
}

// Server holds the children's handlers and what they keep between requests.
type Server struct {
	*web.Base
	cfg       Config
	pageCache sync.Map // freshPageKey -> a fresh survey page, see renderFreshSurvey
}

// New makes the children's handlers on base.
func New(base *web.Base, cfg Config) *Server {
	return &Server{Base: base, cfg: cfg}
}

// Mount adds the children's pages and the public API to app.
func (s *Server) Mount(app fiber.Router) {
	app.Get("/", s.redirectHome)
	app.Get("/j/:code", s.redirectShortLink)
	app.Get("/s/:slug", s.showSurveyPage)
	app.Post("/s/:slug", s.saveSurveyForm)
	app.Get("/s/:slug/thanks", s.showThanksPage)
	app.Get("/s/:slug/help", s.showHelpPage)
	app.Get("/s/:slug/findings", s.ShowFindingsPage)
	app.Get("/s/:slug/findings.pdf", s.ServeFindingsPDF)
	app.Get("/s/:slug/findings.png", s.ServeFindingsPNG)
	app.Get("/s/:slug/findings-report.pdf", s.ServeFindingsReport)
	app.Get("/s/:slug/findings/share.png", s.ServeFindingsShare)

	api := app.Group("/api/v1")
	api.Get("/openapi.json", s.ServeOpenAPI)
	api.Post("/surveys/:slug/responses", s.createResponse)
	api.Get("/surveys/:slug/responses/:id", s.showReceipt)
	api.Get("/surveys/:slug/stats", s.showStats)
	api.Get("/surveys/:slug/summary", s.ShowSummary)
}
