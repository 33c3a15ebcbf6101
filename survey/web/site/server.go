// Package site mounts the two rooms of the web layer, the children's pages and public API
// (web/children) and the staff back office (web/backoffice), on one Fiber app, with the shared
// middleware and error handler of survey/web. cmd/safetysurvey and the web tests build the app
// through New.
package site

import (
	"context"
	"io/fs"
	"log/slog"
	"net/netip"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"

	"github.com/safeguarding/safetysurvey/i18n"
	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/channels"
	"github.com/safeguarding/safetysurvey/survey/design"
	"github.com/safeguarding/safetysurvey/survey/findings"
	"github.com/safeguarding/safetysurvey/survey/web"
	"github.com/safeguarding/safetysurvey/survey/web/backoffice"
	"github.com/safeguarding/safetysurvey/survey/web/backoffice/editor"
	"github.com/safeguarding/safetysurvey/survey/web/children"
)

// Config is everything the web layer needs, wired by cmd/safetysurvey.
type Config struct {
	// Files holds the templates under templates/ and the styles and scripts under static/.
	Files     fs.FS
	Surveys   *survey.Catalog
	Service   *survey.Service
	Findings  *findings.Service // the findings of both rooms' findings pages and downloads
	Channels  *channels.Service // how each channel is doing, for the back office
	Store     survey.ResponseStore
	Design    *design.Service         // the survey editor's drafts and workflow
	Responses survey.ResponseExporter // reads raw responses back for the admins' audited export
	Actions   survey.ActionStore      // the "you said, we did" actions staff edit (kept.Actions)
	SignOffs  survey.SignOffStore     // translation reviews, shown in /stats and the editor; nil for none
	// Translations keeps the edits and comments of the translation pages; nil turns them off.
	Translations survey.TranslationStore
	Ready        func(ctx context.Context) error // reports whether the store can be reached
	Messages     *i18n.Catalog
	Log          *slog.Logger
	Staff        backoffice.StaffConfig
	// SurveyFiles reads and writes survey definition files, for the editor's import and export.
	SurveyFiles editor.SurveyFiles
	// PublicURL is where children reach the service (scheme and host, no trailing slash), for
	// channel links, QR codes and posters.
	PublicURL string
	// InviteBaseURL is the configured public address (scheme and host, no trailing slash) that staff
	// invitation links start with; empty, they start with the address the request came to.
	InviteBaseURL string
	QR            channels.QRCodes
	Posters       channels.Posters
	// Infographics draw the findings to download: the one-page infographic and full report as PDF,
	// the image to share and the long PNG (kept.Infographics).
	Infographics findings.Infographics
	// Charts draws the charts of the findings page (survey/chart, through cmd/safetysurvey/wire).
	Charts children.Charts
	// AdminToken is the bearer token scripts send to the channels API, acting as the admin role;
	// empty turns that API off. It is never accepted on the staff pages.
	AdminToken string
	// FormKeys sign the start token in each form (see web/children's bots.go) and the staff CSRF
	// token, with keys every replica reads from the store. Nil signs with a key made at start,
	// which no other process accepts: only for a single process, such as a test.
	FormKeys *web.FormKeys
	// SourceLimit and ChannelLimit are how many submissions one source address, and one channel,
	// may send a minute (and at once); zero turns a limit off. See README.md for the defaults.
	SourceLimit  int
	ChannelLimit int
	// StaffLimit is how many requests one source address may make to /staff a minute (and at
	// once); zero turns it off.
	StaffLimit int
	// TrustedProxies are the proxies whose X-Forwarded-For and X-Forwarded-Proto are believed;
	// with none, no forwarded header is.
	TrustedProxies []netip.Prefix
	Metrics        web.RequestObserver // optional: counts and times requests
}

// New builds the Fiber app with every route of both rooms.
func New(cfg Config) (*fiber.App, error) {
	base, err := web.New(web.Config{Files: cfg.Files, Messages: cfg.Messages, Log: cfg.Log, Ready: cfg.Ready, SignOffs: cfg.SignOffs,
		TrustedProxies: cfg.TrustedProxies, Metrics: cfg.Metrics, SourceLimit: cfg.SourceLimit, ChannelLimit: cfg.ChannelLimit,
		StaffLimit: cfg.StaffLimit, FormKeys: cfg.FormKeys})
	if err != nil {
		return nil, err
	}
	front := children.New(base, children.Config{Surveys: cfg.Surveys, Service: cfg.Service, Findings: cfg.Findings, Store: cfg.Store,
		Actions: cfg.Actions, Infographics: cfg.Infographics, Charts: cfg.Charts})
	back := backoffice.New(base, backoffice.Config{Surveys: cfg.Surveys, Service: cfg.Service, Channels: cfg.Channels,
		Responses: cfg.Responses, Actions: cfg.Actions, Staff: cfg.Staff, PublicURL: cfg.PublicURL,
		InviteBaseURL: cfg.InviteBaseURL, QR: cfg.QR, Posters: cfg.Posters, AdminToken: cfg.AdminToken,
		Translations: backoffice.Translations{Store: cfg.Translations, SignOffs: cfg.SignOffs},
		Findings: backoffice.Findings{Page: front.ShowFindingsPage, PDF: front.ServeFindingsPDF,
			PNG: front.ServeFindingsPNG, Report: front.ServeFindingsReport, Share: front.ServeFindingsShare,
			Summary: front.ShowSummary},
	})
	app := fiber.New(fiber.Config{
		AppName:        "safetysurvey",
		BodyLimit:      web.BodyLimit,
		ReadTimeout:    web.ReadTimeout,
		WriteTimeout:   web.WriteTimeout,
		IdleTimeout:    web.IdleTimeout,
		ReadBufferSize: web.HeaderLimit,
		// Bodies are read by web's AdmitBody, once the request may hold one in memory.
		StreamRequestBody:            true,
		DisablePreParseMultipartForm: true,
		DisableStartupMessage:        true,
		ErrorHandler:                 base.HandleError,
		// Fiber's own helpers believe no forwarded header; Source and OverTLS decide, by TrustedProxies.
		EnableTrustedProxyCheck: true,
	})
	app.Server().HeaderReceived = web.BodyLimits
	app.Use(base.ObserveRequests, base.AdmitBody, base.SecureHeaders)
	app.Use(compress.New(compress.Config{Level: compress.LevelBestSpeed}))

	app.Get("/healthz", base.ShowHealth)
	app.Get("/readyz", base.ShowReadiness)
	app.Get("/static/:name", base.ServeAsset)
	front.Mount(app)
	back.Mount(app, editor.New(back, editor.Config{Surveys: cfg.Surveys, Design: cfg.Design, SurveyFiles: cfg.SurveyFiles}))

	app.Use(web.ShowNotFound)
	return app, nil
}
