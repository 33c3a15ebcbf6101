// Package backoffice serves the staff back office: every page under /staff (sign-in, accounts,
// audit, channels, flagged answers, free-text review, findings before publication, the raw
// export and actions) and the channels admin API scripts call with a token. Rooms of the staff
// area in packages of their own, the survey editor (backoffice/editor), are mounted on its staff
// routes (Room).
package backoffice

import (
	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/channels"
	"github.com/safeguarding/safetysurvey/survey/staff"
	"github.com/safeguarding/safetysurvey/survey/web"
)

// Config is what the back office needs, wired by cmd/safetysurvey.
type Config struct {
	Surveys   *survey.Catalog
	Service   *survey.Service
	Channels  *channels.Service       // how each channel is doing
	Responses survey.ResponseExporter // reads raw responses back for the admins' audited export
	Actions   survey.ActionStore      // the "you said, we did" actions staff edit (kept.Actions)
	Staff     StaffConfig
	// PublicURL is where children reach the service (scheme and host, no trailing slash), for
	// channel links, QR codes and posters.
	PublicURL string
	// InviteBaseURL is the configured public address (scheme and host, no trailing slash) that staff
	// invitation links start with; empty, they start with the address the request came to.
	InviteBaseURL string
	QR            channels.QRCodes
	Posters       channels.Posters
	// AdminToken is the bearer token scripts send to the channels API, acting as the admin role;
	// empty turns that API off. It is never accepted on the staff pages.
	AdminToken string
	// Findings are the findings pages and downloads, served to staff before they are published.
	Findings Findings
	// Translations keeps the translation pages' edits, comments and sign-offs.
	Translations Translations
}

// Findings are the handlers of the findings page, its downloads (the one-page infographic PDF,
// the long PNG, the full report PDF and the image to share) and the summary, which the back
// office serves under /staff to those who may read findings before they are published.
type Findings struct {
	Page, PDF, PNG, Report, Share, Summary fiber.Handler
}

// Server holds the back office's handlers and the staff area's state.
type Server struct {
	*web.Base
	cfg   Config
	staff *staffArea
}

// New makes the back office's handlers on base; its error pages take the staff layout.
func New(base *web.Base, cfg Config) *Server {
	s := &Server{Base: base, cfg: cfg, staff: newStaffArea(cfg.Staff)}
	base.HandleErrorsUnder(web.StaffPath, s.renderError)
	return s
}

// renderError is the staff area's error page.
func (s *Server) renderError(c *fiber.Ctx, status int, message string) error {
	p := s.newStaffPage(c, "error.title", "")
	return s.Render(c, status, "staff/message", &staffMessagePage{staffPage: p, Heading: p.T("error.title"), Message: p.T(message)})
}

// Mount adds the channels admin API and the staff area to app, with the rooms of the staff area
// that live in packages of their own (the survey editor).
func (s *Server) Mount(app fiber.Router, rooms ...Room) {
	api := app.Group("/api/v1")
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

	st := app.Group(web.StaffPath, s.AllowStaffSource, s.csrfProtection(), s.loadStaffUser)
	s.staffRoutes(st)
	for _, r := range rooms {
		r.MountStaff(st)
	}
}

// letReadUnpublished lets the findings handlers show findings before they are published; it
// follows Require(staff.ReadFindings) on every route it is on.
func letReadUnpublished(c *fiber.Ctx) error {
	web.LetReadUnpublished(c)
	return c.Next()
}

// staffRoutes are the staff area's pages. Every route names the action it needs through Require,
// except signing in and accepting an invitation, which are for people not signed in yet.
func (s *Server) staffRoutes(st fiber.Router) {
	st.Get("/sign-in", s.showSignInPage)
	st.Post("/sign-in", s.signIn)
	st.Get("/sign-in/code", s.showCodePage)
	st.Post("/sign-in/code", s.checkCode)
	st.Get("/accept/:token", s.showAcceptPage)
	st.Post("/accept/:token", s.acceptInvitation)

	use := s.Require(staff.UseStaffArea)
	st.Get("/", use, s.showStaffHome)
	st.Post("/sign-out", use, s.signOut)
	st.Post("/sign-out-everywhere", use, s.signOutEverywhere)
	st.Get("/account", use, s.showAccountPage)
	st.Get("/account/totp", use, s.showTOTPPage)
	st.Post("/account/totp", use, s.saveTOTP)

	users := s.Require(staff.ManageUsers)
	st.Get("/invite", users, s.showInvitePage)
	st.Post("/invite", users, s.createInvitation)
	st.Get("/users", users, s.showUsersPage)
	st.Post("/users/:id/roles", users, s.saveUserRoles)
	st.Post("/users/:id/disabled", users, s.saveUserStatus)

	audit := s.Require(staff.ReadAudit)
	st.Get("/audit", audit, s.showAuditPage)
	st.Get("/audit.csv", audit, s.exportAudit)

	view, manageChannels := s.Require(staff.ViewChannels), s.Require(staff.ManageChannels)
	st.Get("/surveys/:slug/channels", view, s.showChannelsPage)
	st.Get("/surveys/:slug/channels/new", manageChannels, s.showNewChannelPage)
	st.Post("/surveys/:slug/channels", manageChannels, s.saveChannel)
	st.Get("/surveys/:slug/channels.csv", view, s.serveChannelsCSV)
	st.Get("/surveys/:slug/posters.pdf", view, s.servePack)
	st.Get("/surveys/:slug/channels/:code/qr.png", view, s.serveQRPNG)
	st.Get("/surveys/:slug/channels/:code/qr.svg", view, s.serveQRSVG)
	st.Get("/surveys/:slug/channels/:code/poster", view, s.showPoster)
	st.Get("/surveys/:slug/channels/:code/poster.pdf", view, s.servePosterPDF)

	flagged := s.Require(staff.ReviewFlagged)
	st.Get("/surveys/:slug/flagged", flagged, s.showFlaggedPage)
	st.Post("/surveys/:slug/flagged/:answer", flagged, s.saveFlagReview)
	st.Post("/surveys/:slug/flagged/:answer/gloss", flagged, s.Require(staff.GlossTexts), s.saveFlaggedGloss)

	texts := s.Require(staff.ReadTexts)
	answer := "/surveys/:slug/texts/:question/:answer"
	st.Get("/surveys/:slug/texts/:question", texts, s.showTextsPage)
	st.Post(answer+"/themes", texts, s.saveThemes)
	st.Post(answer+"/quote", s.Require(staff.ProposeQuotes), s.proposeQuote)
	st.Post(answer+"/approve", s.Require(staff.ApproveQuotes), s.approveQuote)
	st.Post(answer+"/withdraw", s.Require(staff.ProposeQuotes), s.withdrawQuote)
	st.Post(answer+"/gloss", texts, s.Require(staff.GlossTexts), s.saveTextGloss)

	// The findings pages and downloads, for those who read findings before they are published.
	findings, f := s.Require(staff.ReadFindings), s.cfg.Findings
	st.Get("/surveys/:slug/findings", findings, letReadUnpublished, f.Page)
	st.Get("/surveys/:slug/findings.pdf", findings, letReadUnpublished, f.PDF)
	st.Get("/surveys/:slug/findings.png", findings, letReadUnpublished, f.PNG)
	st.Get("/surveys/:slug/findings-report.pdf", findings, letReadUnpublished, f.Report)
	st.Get("/surveys/:slug/findings/share.png", findings, letReadUnpublished, f.Share)
	st.Get("/surveys/:slug/summary", findings, letReadUnpublished, f.Summary)

	// The raw responses, only as a deliberate, audited download: POST, never GET.
	export := s.Require(staff.ExportResponses)
	st.Get("/surveys/:slug/responses/export", export, s.showExportPage)
	st.Post("/surveys/:slug/responses.csv", export, s.exportResponses)

	// The actions editor: what the partnership does about the findings ("you said, we did").
	actions, action := s.Require(staff.EditActions), "/surveys/:slug/actions/:n"
	st.Get("/surveys/:slug/actions", actions, s.showActionsPage)
	st.Post("/surveys/:slug/actions", actions, s.addAction)
	st.Post(action, actions, s.saveAction)
	st.Post(action+"/move", actions, s.moveAction)
	st.Post(action+"/delete", actions, s.deleteAction)

	// The translation pages: each checks, beyond the role, that the person translates the path's language.
	translate := s.Require(staff.Translate)
	st.Get("/translations", translate, s.showTranslationsPage)
	st.Get("/translations/:lang/:set", translate, s.showTranslationPage)
	st.Post("/translations/:lang/:set/strings", translate, s.saveTranslation)
	st.Post("/translations/:lang/:set/comments", translate, s.addTranslationComment)
	st.Post("/translations/:lang/:set/signoff", translate, s.signOffTranslation)

}
