package staff

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/safeguarding/safetysurvey/survey"
)

// User is a member of staff who can sign in.
type User struct {
	ID           string
	Email        string // lower case; unique
	Name         string
	Roles        []Role
	Languages    []string // the languages a translator reviews, such as pl; empty for other roles
	PasswordHash string   // see PasswordHasher; never shown or logged
	TOTPSecret   string   // base32; empty without a second factor
	Disabled     bool
	// SessionEpoch is raised to end every session of the user at once: sessions remember the epoch
	// they started in and are refused once it has changed.
	SessionEpoch int
	Created      time.Time
}

// Can reports whether u may do a: the account is enabled and one of its roles is allowed to.
func (u *User) Can(a Action) bool {
	return !u.Disabled && Allowed(u.Roles, a)
}

// CanTranslate reports whether u may edit and sign off the translations of lang: an admin any
// language but English, the source, and a translator only the languages given to them.
func (u *User) CanTranslate(lang string) bool {
	if !u.Can(Translate) || lang == survey.SourceLanguage || lang == "" {
		return false
	}
	return Allowed(u.Roles, ManageUsers) || slices.Contains(u.Languages, lang)
}

// HasSecondFactor reports whether signing in needs a code from an authenticator app.
func (u *User) HasSecondFactor() bool {
	return u.TOTPSecret != ""
}

// UserUpdate is a change to a user; zero fields are left as they are.
type UserUpdate struct {
	Roles       []Role
	Languages   []string // nil leaves them; an empty, non-nil list removes them
	Disabled    *bool
	TOTPSecret  *string
	EndSessions bool // raise SessionEpoch
}

// UserStore keeps staff accounts.
type UserStore interface {
	// CreateUser stores u, or returns ECONFLICT when its email is taken.
	CreateUser(ctx context.Context, u *User) error
	// User returns the user with id, or ENOTFOUND.
	User(ctx context.Context, id string) (*User, error)
	// UserByEmail returns the user with the (lower-case) email, or ENOTFOUND.
	UserByEmail(ctx context.Context, email string) (*User, error)
	// Users lists every user by email.
	Users(ctx context.Context) ([]*User, error)
	// UpdateUser applies up to the user with id, or returns ENOTFOUND.
	UpdateUser(ctx context.Context, id string, up UserUpdate) error
	// ClaimTOTPStep records that the user's code for a time step was used, or returns ECONFLICT when it was before.
	ClaimTOTPStep(ctx context.Context, id string, step int64) error
}

// Invitation lets the holder of a one-time link create an account with the roles an admin chose.
type Invitation struct {
	TokenHash string // SHA-256 of the token in the link; the token itself is never stored
	Email     string
	Roles     []Role
	InvitedBy string // the admin's email
	Created   time.Time
	Expires   time.Time
}

// InvitationStore keeps invitations until they are used or expire.
type InvitationStore interface {
	// CreateInvitation stores inv.
	CreateInvitation(ctx context.Context, inv *Invitation) error
	// Invitation returns the unused invitation with the token hash that has not expired at now, or ENOTFOUND.
	Invitation(ctx context.Context, tokenHash string, now time.Time) (*Invitation, error)
	// ClaimInvitation marks the invitation used and returns it, once: like Invitation, but a second claim gets ENOTFOUND.
	ClaimInvitation(ctx context.Context, tokenHash string, now time.Time) (*Invitation, error)
}

// hashToken is how invitation tokens are stored and looked up.
func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// maxNameLength keeps names to something a table cell can show.
const maxNameLength = 100

// NormalizeEmail lower-cases and checks an email address; it must be a bare address, no display name.
func NormalizeEmail(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || len(s) > 254 {
		return "", invalid("email", "staff.error.bad_email")
	}
	return s, nil
}

// normalizeName trims a person's name and checks it is there and not overlong.
func normalizeName(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" || utf8.RuneCountInString(s) > maxNameLength {
		return "", invalid("name", "staff.error.bad_name")
	}
	return s, nil
}
