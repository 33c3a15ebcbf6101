package staff

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/safeguarding/safetysurvey/survey"
)

// InvitationLifetime is how long an invitation link works.
const InvitationLifetime = 72 * time.Hour

// Store is everything the staff area keeps.
type Store interface {
	UserStore
	InvitationStore
	AuditLog
}

// Service runs accounts, sign-in and the audit log. Every change it makes is audited here, so
// no caller can forget to. Permissions are checked by callers with User.Can before calling.
type Service struct {
	Store  Store
	Hasher PasswordHasher
	Now    func() time.Time

	dummyOnce sync.Once
	dummyHash string
}

// errSignIn is the one answer to every failed sign-in, so it never says which accounts exist.
var errSignIn = survey.Errorf(survey.EUNAUTHORIZED, "staff.sign_in.failed")

// errWrongCode is the answer to a second-factor code that is wrong or already used.
var errWrongCode = invalid("code", "staff.totp.wrong_code")

// record appends an audit entry; actor is nil for the command line.
func (svc *Service) record(ctx context.Context, actor *User, action, subject, detail string) error {
	e := AuditEntry{Time: svc.Now().UTC(), Action: action, Subject: subject, Detail: detail}
	if actor != nil {
		e.ActorID, e.Actor = actor.ID, actor.Email
	}
	return svc.Store.AppendAudit(ctx, e)
}

func rolesDetail(roles []Role) string {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = string(r)
	}
	return strings.Join(names, " ")
}

// newUser checks a new account's details and hashes its password.
func (svc *Service) newUser(email, name string, roles []Role, password string) (*User, error) {
	email, err := NormalizeEmail(email)
	if err != nil {
		return nil, err
	}
	if name, err = normalizeName(name); err != nil {
		return nil, err
	}
	if len(roles) == 0 {
		return nil, invalid("roles", "staff.error.no_role")
	}
	if err := CheckPassword(password, email); err != nil {
		return nil, err
	}
	hash, err := svc.Hasher.Hash(password)
	if err != nil {
		return nil, err
	}
	return &User{ID: rand.Text(), Email: email, Name: name, Roles: orderRoles(roles), PasswordHash: hash, Created: svc.Now().UTC()}, nil
}

// createUser stores u and audits it as done by actor, nil for the command line.
func (svc *Service) createUser(ctx context.Context, actor, u *User) error {
	if err := svc.Store.CreateUser(ctx, u); err != nil {
		if survey.ErrorCode(err) == survey.ECONFLICT {
			return invalid("email", "staff.error.email_taken")
		}
		return err
	}
	return svc.record(ctx, actor, AuditUserCreated, u.Email, rolesDetail(u.Roles))
}

// AddUser creates an account from the command line, which is how the first admin is made.
func (svc *Service) AddUser(ctx context.Context, email, name string, roles []Role, password string) (*User, error) {
	u, err := svc.newUser(email, name, roles, password)
	if err != nil {
		return nil, err
	}
	if err := svc.createUser(ctx, nil, u); err != nil {
		return nil, err
	}
	return u, nil
}

// dummy is a hash to check passwords against when the email is unknown, so that answering takes
// as long as for a wrong password.
func (svc *Service) dummy() string {
	svc.dummyOnce.Do(func() {
		svc.dummyHash, _ = svc.Hasher.Hash(rand.Text())
	})
	return svc.dummyHash
}

// Authenticate checks an email and password. Every failure is the same EUNAUTHORIZED error and
// costs the same time, whether the account is unknown, disabled or the password wrong; failures
// on a known account are audited.
func (svc *Service) Authenticate(ctx context.Context, email, password string) (*User, error) {
	email, err := NormalizeEmail(email)
	if err != nil || len(password) > MaxPasswordLength {
		return nil, errSignIn
	}
	u, err := svc.Store.UserByEmail(ctx, email)
	if survey.ErrorCode(err) == survey.ENOTFOUND {
		_, _ = svc.Hasher.Verify(svc.dummy(), password)
		return nil, errSignIn
	}
	if err != nil {
		return nil, err
	}
	ok, err := svc.Hasher.Verify(u.PasswordHash, password)
	if err != nil {
		return nil, err
	}
	if !ok || u.Disabled {
		return nil, errors.Join(errSignIn, svc.record(ctx, u, AuditSignInFailed, u.Email, "password"))
	}
	return u, nil
}

// CheckSecondFactor checks a code from u's authenticator app; a code works once.
func (svc *Service) CheckSecondFactor(ctx context.Context, u *User, code string) error {
	if err := svc.claimCode(ctx, u.ID, u.TOTPSecret, code); err != nil {
		if survey.ErrorCode(err) == survey.EINVALID {
			return errors.Join(err, svc.record(ctx, u, AuditSignInFailed, u.Email, "code"))
		}
		return err
	}
	return nil
}

// claimCode checks code against secret and uses up its time step.
func (svc *Service) claimCode(ctx context.Context, id, secret, code string) error {
	step, ok := checkTOTP(secret, code, svc.Now())
	if !ok {
		return errWrongCode
	}
	err := svc.Store.ClaimTOTPStep(ctx, id, step)
	if survey.ErrorCode(err) == survey.ECONFLICT {
		return errWrongCode
	}
	return err
}

// RecordSignIn audits a completed sign-in.
func (svc *Service) RecordSignIn(ctx context.Context, u *User) error {
	return svc.record(ctx, u, AuditSignIn, u.Email, "")
}

// RecordSignOut audits signing out of one browser.
func (svc *Service) RecordSignOut(ctx context.Context, u *User) error {
	return svc.record(ctx, u, AuditSignOut, u.Email, "")
}

// RecordChannelCreated audits u adding a channel (a link and poster for one setting) on the staff pages.
func (svc *Service) RecordChannelCreated(ctx context.Context, u *User, code, name string) error {
	return svc.record(ctx, u, AuditChannelCreated, code, name)
}

// RecordSurveyChange audits u changing a survey in the editor: action is one of the AuditDraft,
// AuditSurvey and AuditComment actions, subject the draft ("slug@version") and detail what changed.
func (svc *Service) RecordSurveyChange(ctx context.Context, u *User, action, subject, detail string) error {
	return svc.record(ctx, u, action, subject, detail)
}

// RecordTextAction audits u viewing or deciding about free text: one of the AuditFlagged and
// AuditQuote actions, about survey slug's answer (its survey.AnswerID, which names no response)
// to question.
func (svc *Service) RecordTextAction(ctx context.Context, u *User, action, slug, question, answer string) error {
	subject := slug
	if question != "" {
		subject += " " + question
	}
	return svc.record(ctx, u, action, subject, answer)
}

// SignOutEverywhere ends every session of u, on every device.
func (svc *Service) SignOutEverywhere(ctx context.Context, u *User) error {
	if err := svc.Store.UpdateUser(ctx, u.ID, UserUpdate{EndSessions: true}); err != nil {
		return err
	}
	return svc.record(ctx, u, AuditSignOutEverywhere, u.Email, "")
}

// SessionUser returns the user a session belongs to while the session is still good: the account
// exists, is enabled, and has not ended its sessions since epoch. Otherwise it returns EUNAUTHORIZED.
func (svc *Service) SessionUser(ctx context.Context, id string, epoch int) (*User, error) {
	u, err := svc.Store.User(ctx, id)
	if survey.ErrorCode(err) == survey.ENOTFOUND || (err == nil && (u.Disabled || u.SessionEpoch != epoch)) {
		return nil, survey.Errorf(survey.EUNAUTHORIZED, "staff.sign_in.expired")
	}
	return u, err
}

// Invite makes a one-time link token for email to join with roles. Only the token's hash is kept,
// so the link can be shown once and never again.
func (svc *Service) Invite(ctx context.Context, by *User, email string, roles []Role) (token string, err error) {
	if email, err = NormalizeEmail(email); err != nil {
		return "", err
	}
	if len(roles) == 0 {
		return "", invalid("roles", "staff.error.no_role")
	}
	switch _, err := svc.Store.UserByEmail(ctx, email); survey.ErrorCode(err) {
	case survey.ENOTFOUND:
	case "":
		return "", invalid("email", "staff.error.email_taken")
	default:
		return "", err
	}
	token = rand.Text() + rand.Text()
	now := svc.Now().UTC()
	inv := &Invitation{TokenHash: hashToken(token), Email: email, Roles: orderRoles(roles), InvitedBy: by.Email, Created: now, Expires: now.Add(InvitationLifetime)}
	if err := svc.Store.CreateInvitation(ctx, inv); err != nil {
		return "", err
	}
	return token, svc.record(ctx, by, AuditUserInvited, email, rolesDetail(inv.Roles))
}

// Invitation returns the invitation a link's token belongs to while it can still be used, or ENOTFOUND.
func (svc *Service) Invitation(ctx context.Context, token string) (*Invitation, error) {
	return svc.Store.Invitation(ctx, hashToken(token), svc.Now())
}

// AcceptInvitation creates the invited account with name and password. The password is checked
// before the invitation is used up, so a refused password leaves the link working.
func (svc *Service) AcceptInvitation(ctx context.Context, token, name, password string) (*User, error) {
	inv, err := svc.Invitation(ctx, token)
	if err != nil {
		return nil, err
	}
	u, err := svc.newUser(inv.Email, name, inv.Roles, password)
	if err != nil {
		return nil, err
	}
	if _, err := svc.Store.ClaimInvitation(ctx, inv.TokenHash, svc.Now()); err != nil {
		return nil, err
	}
	if err := svc.createUser(ctx, u, u); err != nil {
		return nil, err
	}
	return u, nil
}

// Users lists every account by email.
func (svc *Service) Users(ctx context.Context) ([]*User, error) {
	return svc.Store.Users(ctx)
}

// SetRoles gives the user with id exactly roles; by is nil for the command line.
func (svc *Service) SetRoles(ctx context.Context, by *User, id string, roles []Role) error {
	if len(roles) == 0 {
		return invalid("roles", "staff.error.no_role")
	}
	u, err := svc.Store.User(ctx, id)
	if err != nil {
		return err
	}
	if !slices.Contains(roles, Admin) {
		if err := svc.keepAnAdmin(ctx, u); err != nil {
			return err
		}
	}
	roles = orderRoles(roles)
	if err := svc.Store.UpdateUser(ctx, id, UserUpdate{Roles: roles}); err != nil {
		return err
	}
	return svc.record(ctx, by, AuditRolesChanged, u.Email, rolesDetail(roles))
}

// SetDisabled disables the account with id, ending its sessions, or enables it again. Nobody can
// disable themselves, so an admin cannot lock the partnership out by mistake.
func (svc *Service) SetDisabled(ctx context.Context, by *User, id string, disabled bool) error {
	if disabled && by.ID == id {
		return survey.Errorf(survey.ECONFLICT, "staff.error.disable_self")
	}
	u, err := svc.Store.User(ctx, id)
	if err != nil {
		return err
	}
	if disabled {
		if err := svc.keepAnAdmin(ctx, u); err != nil {
			return err
		}
	}
	if err := svc.Store.UpdateUser(ctx, id, UserUpdate{Disabled: &disabled, EndSessions: disabled}); err != nil {
		return err
	}
	action := AuditUserEnabled
	if disabled {
		action = AuditUserDisabled
	}
	return svc.record(ctx, by, action, u.Email, "")
}

// keepAnAdmin refuses to take away u's admin role or account when u is the last enabled admin.
func (svc *Service) keepAnAdmin(ctx context.Context, u *User) error {
	if u.Disabled || !slices.Contains(u.Roles, Admin) {
		return nil
	}
	other, err := svc.adminBesides(ctx, u.ID)
	if err != nil || other {
		return err
	}
	return survey.Errorf(survey.ECONFLICT, "staff.error.last_admin")
}

// HasAdmin says whether an enabled account holds the admin role. Until one does nobody can add
// staff in the browser, so the server's start says how to make the first admin.
func (svc *Service) HasAdmin(ctx context.Context) (bool, error) {
	return svc.adminBesides(ctx, "")
}

// adminBesides says whether an enabled account other than the one with id holds the admin role.
func (svc *Service) adminBesides(ctx context.Context, id string) (bool, error) {
	users, err := svc.Store.Users(ctx)
	if err != nil {
		return false, err
	}
	for _, other := range users {
		if other.ID != id && !other.Disabled && slices.Contains(other.Roles, Admin) {
			return true, nil
		}
	}
	return false, nil
}

// EnableSecondFactor turns on sign-in codes for u with secret, once u has shown a code from it.
func (svc *Service) EnableSecondFactor(ctx context.Context, u *User, secret, code string) error {
	if err := svc.claimCode(ctx, u.ID, secret, code); err != nil {
		return err
	}
	if err := svc.Store.UpdateUser(ctx, u.ID, UserUpdate{TOTPSecret: &secret}); err != nil {
		return err
	}
	return svc.record(ctx, u, AuditTOTPEnabled, u.Email, "")
}

// DisableSecondFactor turns off sign-in codes for u, given a current code.
func (svc *Service) DisableSecondFactor(ctx context.Context, u *User, code string) error {
	if err := svc.claimCode(ctx, u.ID, u.TOTPSecret, code); err != nil {
		return err
	}
	none := ""
	if err := svc.Store.UpdateUser(ctx, u.ID, UserUpdate{TOTPSecret: &none}); err != nil {
		return err
	}
	return svc.record(ctx, u, AuditTOTPDisabled, u.Email, "")
}

// AuditEntries returns the newest limit audit entries.
func (svc *Service) AuditEntries(ctx context.Context, limit int) ([]AuditEntry, error) {
	return svc.Store.AuditEntries(ctx, limit)
}

// ExportAudit calls fn with every audit entry, oldest first. The export is itself audited, first,
// so that one cut short is still on record.
func (svc *Service) ExportAudit(ctx context.Context, by *User, fn func(AuditEntry) error) error {
	if err := svc.record(ctx, by, AuditExported, "audit_log", ""); err != nil {
		return err
	}
	return svc.Store.EachAuditEntry(ctx, fn)
}

// MaxExportReason is the longest reason for exporting responses the audit log keeps.
const MaxExportReason = 500

// ExportRequest is what an admin states before exporting a survey's raw responses.
type ExportRequest struct {
	Reason    string // why the export is needed, kept in the audit log
	Confirmed bool   // the admin ticked that they will keep the file safe
}

// Check reports every field of the request that is missing or too long.
func (r ExportRequest) Check() error {
	var fields []survey.FieldError
	switch reason := strings.TrimSpace(r.Reason); {
	case reason == "":
		fields = append(fields, survey.FieldError{Question: "reason", Message: "staff.export.error.reason"})
	case len([]rune(reason)) > MaxExportReason:
		fields = append(fields, survey.FieldError{Question: "reason", Message: "staff.export.error.reason_long", Data: map[string]any{"Max": MaxExportReason}})
	}
	if !r.Confirmed {
		fields = append(fields, survey.FieldError{Question: "confirm", Message: "staff.export.error.confirm"})
	}
	if len(fields) > 0 {
		return &survey.Error{Code: survey.EINVALID, Message: "staff.export.error.form", Fields: fields}
	}
	return nil
}

// RecordResponsesExport audits u exporting rows responses of survey slug for the request's reason.
// It is called before the first row is sent, so that an export cut short is still on record.
func (svc *Service) RecordResponsesExport(ctx context.Context, u *User, slug string, req ExportRequest, rows int64) error {
	if err := req.Check(); err != nil {
		return err
	}
	return svc.record(ctx, u, AuditResponsesExported, slug, fmt.Sprintf("%d rows: %s", rows, strings.TrimSpace(req.Reason)))
}
