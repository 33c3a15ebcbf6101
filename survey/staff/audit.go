package staff

import (
	"context"
	"time"
)

// Actions the audit log records.
const (
	AuditSignIn            = "sign_in"
	AuditSignInFailed      = "sign_in_failed"
	AuditSignOut           = "sign_out"
	AuditSignOutEverywhere = "sign_out_everywhere"
	AuditUserInvited       = "user_invited"
	AuditUserCreated       = "user_created"
	AuditRolesChanged      = "roles_changed"
	AuditUserDisabled      = "user_disabled"
	AuditUserEnabled       = "user_enabled"
	AuditTOTPEnabled       = "totp_enabled"
	AuditTOTPDisabled      = "totp_disabled"
	AuditExported          = "audit_exported"
	AuditChannelCreated    = "channel_created"
	AuditDraftStarted      = "draft_started"  // a new draft, from a survey or an imported file
	AuditDraftSaved        = "draft_saved"    // a draft's definition changed
	AuditDraftReview       = "draft_review"   // sent to review
	AuditDraftBack         = "draft_back"     // sent back to draft
	AuditDraftApproved     = "draft_approved" // one person's approval
	AuditSurveyOpened      = "survey_opened"
	AuditSurveyClosed      = "survey_closed"
	AuditCommentAdded      = "comment_added"
	AuditCommentResolved   = "comment_resolved"
	AuditFlaggedViewed     = "flagged_viewed"
	AuditFlaggedReviewed   = "flagged_reviewed"
	AuditFlaggedUnreviewed = "flagged_unreviewed"
	AuditQuoteProposed     = "quote_proposed"
	AuditQuoteApproved     = "quote_approved"
	AuditQuoteWithdrawn    = "quote_withdrawn"
	AuditGlossSaved        = "gloss_saved"        // detail holds the answer id, never the gloss
	AuditResponsesExported = "responses_exported" // the raw responses of a survey; detail holds the rows and the reason
	AuditActionAdded       = "action_added"       // an action in the actions editor; detail holds its place and English text
	AuditActionSaved       = "action_saved"
	AuditActionMoved       = "action_moved"
	AuditActionDeleted     = "action_deleted"
)

// AuditEntry is one staff action. It never holds a password, token, code or survey answer.
type AuditEntry struct {
	Time    time.Time
	ActorID string // empty for the command line
	Actor   string // the actor's email at the time; empty for the command line
	Action  string
	Subject string // whom or what the action was about, such as a user's email
	Detail  string // what changed, such as the new roles
}

// AuditLog keeps audit entries. There is no way to change or remove one.
type AuditLog interface {
	// AppendAudit stores e.
	AppendAudit(ctx context.Context, e AuditEntry) error
	// AuditEntries returns up to limit entries, newest first.
	AuditEntries(ctx context.Context, limit int) ([]AuditEntry, error)
	// EachAuditEntry calls fn with every entry, oldest first, stopping at fn's first error.
	EachAuditEntry(ctx context.Context, fn func(AuditEntry) error) error
}
