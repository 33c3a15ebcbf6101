package mongo

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/mongo/storeerr"
	"github.com/safeguarding/safetysurvey/survey/staff"
)

func (db *DB) users() *mongo.Collection       { return db.db.Collection("users") }
func (db *DB) invitations() *mongo.Collection { return db.db.Collection("invitations") }
func (db *DB) audit() *mongo.Collection       { return db.db.Collection("audit") }
func (db *DB) sessions() *mongo.Collection    { return db.db.Collection("sessions") }
func (db *DB) claims() *mongo.Collection      { return db.db.Collection("claims") }

// claim inserts a document whose _id is name, and reports false when one exists already. An
// insert with a unique _id is atomic on MongoDB and FerretDB alike, whereas FerretDB v1 runs a
// conditional update or findAndModify as a read and a write that concurrent requests can interleave.
func (db *DB) claim(ctx context.Context, name string, now time.Time) (bool, error) {
	_, err := db.claims().InsertOne(ctx, bson.D{{Key: "_id", Value: name}, {Key: "at", Value: now}})
	if mongo.IsDuplicateKeyError(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("claim %s: %w", strings.SplitN(name, ":", 2)[0], storeerr.Wrap(err))
	}
	return true, nil
}

// ensureStaffIndexes makes emails unique and keeps the audit log and session cleanup in order.
func (db *DB) ensureStaffIndexes(ctx context.Context) error {
	for _, ix := range []struct {
		coll  *mongo.Collection
		model mongo.IndexModel
	}{
		{db.users(), mongo.IndexModel{Keys: bson.D{{Key: "email", Value: 1}}, Options: options.Index().SetName("email").SetUnique(true)}},
		{db.audit(), mongo.IndexModel{Keys: bson.D{{Key: "t", Value: 1}, {Key: "_id", Value: 1}}, Options: options.Index().SetName("time")}},
		{db.sessions(), mongo.IndexModel{Keys: bson.D{{Key: "exp", Value: 1}}, Options: options.Index().SetName("expires")}},
	} {
		if _, err := ix.coll.Indexes().CreateOne(ctx, ix.model); err != nil {
			return fmt.Errorf("create %s index: %w", ix.coll.Name(), storeerr.Wrap(err))
		}
	}
	return nil
}

// userDoc is a stored staff account.
type userDoc struct {
	ID           string       `bson:"_id"`
	Email        string       `bson:"email"`
	Name         string       `bson:"name"`
	Roles        []staff.Role `bson:"roles"`
	Languages    []string     `bson:"langs,omitempty"` // a translator's languages
	PasswordHash string       `bson:"pw"`
	TOTPSecret   string       `bson:"totp"`
	Disabled     bool         `bson:"disabled"`
	SessionEpoch int          `bson:"epoch"`
	Created      time.Time    `bson:"created"`
}

func (d *userDoc) toUser() *staff.User {
	return &staff.User{ID: d.ID, Email: d.Email, Name: d.Name, Roles: d.Roles, Languages: d.Languages, PasswordHash: d.PasswordHash, TOTPSecret: d.TOTPSecret,
		Disabled: d.Disabled, SessionEpoch: d.SessionEpoch, Created: d.Created}
}

// CreateUser stores u, or returns ECONFLICT when its email is taken.
func (db *DB) CreateUser(ctx context.Context, u *staff.User) error {
	_, err := db.users().InsertOne(ctx, userDoc{ID: u.ID, Email: u.Email, Name: u.Name, Roles: u.Roles, Languages: u.Languages, PasswordHash: u.PasswordHash,
		TOTPSecret: u.TOTPSecret, Disabled: u.Disabled, SessionEpoch: u.SessionEpoch, Created: u.Created})
	if mongo.IsDuplicateKeyError(err) {
		return survey.Errorf(survey.ECONFLICT, "staff.error.email_taken")
	}
	if err != nil {
		return fmt.Errorf("create user: %w", storeerr.Wrap(err))
	}
	return nil
}

func (db *DB) findUser(ctx context.Context, filter bson.D) (*staff.User, error) {
	var d userDoc
	err := db.users().FindOne(ctx, filter).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, survey.Errorf(survey.ENOTFOUND, "error.not_found")
	}
	if err != nil {
		return nil, fmt.Errorf("read user: %w", storeerr.Wrap(err))
	}
	return d.toUser(), nil
}

// User returns the user with id, or ENOTFOUND.
func (db *DB) User(ctx context.Context, id string) (*staff.User, error) {
	return db.findUser(ctx, bson.D{{Key: "_id", Value: id}})
}

// UserByEmail returns the user with the lower-case email, or ENOTFOUND.
func (db *DB) UserByEmail(ctx context.Context, email string) (*staff.User, error) {
	return db.findUser(ctx, bson.D{{Key: "email", Value: email}})
}

// Users lists every user by email.
func (db *DB) Users(ctx context.Context) ([]*staff.User, error) {
	cur, err := db.users().Find(ctx, bson.D{}, options.Find().SetSort(bson.D{{Key: "email", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("list users: %w", storeerr.Wrap(err))
	}
	var docs []userDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("list users: %w", storeerr.Wrap(err))
	}
	users := make([]*staff.User, len(docs))
	for i := range docs {
		users[i] = docs[i].toUser()
	}
	return users, nil
}

// UpdateUser applies up to the user with id, or returns ENOTFOUND.
func (db *DB) UpdateUser(ctx context.Context, id string, up staff.UserUpdate) error {
	set := bson.D{}
	if up.Roles != nil {
		set = append(set, bson.E{Key: "roles", Value: up.Roles})
	}
	if up.Languages != nil {
		set = append(set, bson.E{Key: "langs", Value: up.Languages})
	}
	if up.Disabled != nil {
		set = append(set, bson.E{Key: "disabled", Value: *up.Disabled})
	}
	if up.TOTPSecret != nil {
		set = append(set, bson.E{Key: "totp", Value: *up.TOTPSecret})
	}
	update := bson.D{}
	if len(set) > 0 {
		update = append(update, bson.E{Key: "$set", Value: set})
	}
	if up.EndSessions {
		update = append(update, bson.E{Key: "$inc", Value: bson.D{{Key: "epoch", Value: 1}}})
	}
	if len(update) == 0 {
		return nil
	}
	res, err := db.users().UpdateOne(ctx, bson.D{{Key: "_id", Value: id}}, update)
	if err != nil {
		return fmt.Errorf("update user: %w", storeerr.Wrap(err))
	}
	if res.MatchedCount == 0 {
		return survey.Errorf(survey.ENOTFOUND, "error.not_found")
	}
	return nil
}

// ClaimTOTPStep records that the user's code for step was used, or returns ECONFLICT when it was before.
func (db *DB) ClaimTOTPStep(ctx context.Context, id string, step int64) error {
	ok, err := db.claim(ctx, fmt.Sprintf("totp:%s:%d", id, step), time.Now())
	if err == nil && !ok {
		return survey.Errorf(survey.ECONFLICT, "staff.totp.wrong_code")
	}
	return err
}

// invitationDoc is a stored invitation; Used is set once, when it is accepted.
type invitationDoc struct {
	TokenHash string       `bson:"_id"`
	Email     string       `bson:"email"`
	Roles     []staff.Role `bson:"roles"`
	InvitedBy string       `bson:"invitedBy"`
	Created   time.Time    `bson:"created"`
	Expires   time.Time    `bson:"expires"`
	Used      *time.Time   `bson:"used,omitempty"`
}

// CreateInvitation stores inv.
func (db *DB) CreateInvitation(ctx context.Context, inv *staff.Invitation) error {
	_, err := db.invitations().InsertOne(ctx, invitationDoc{TokenHash: inv.TokenHash, Email: inv.Email, Roles: inv.Roles,
		InvitedBy: inv.InvitedBy, Created: inv.Created, Expires: inv.Expires})
	if err != nil {
		return fmt.Errorf("create invitation: %w", storeerr.Wrap(err))
	}
	return nil
}

// usableInvitation matches the invitation with the token hash if it is unused and unexpired at now.
func usableInvitation(tokenHash string, now time.Time) bson.D {
	return bson.D{{Key: "_id", Value: tokenHash}, {Key: "used", Value: bson.D{{Key: "$exists", Value: false}}},
		{Key: "expires", Value: bson.D{{Key: "$gt", Value: now}}}}
}

func (d *invitationDoc) toInvitation() *staff.Invitation {
	return &staff.Invitation{TokenHash: d.TokenHash, Email: d.Email, Roles: d.Roles, InvitedBy: d.InvitedBy, Created: d.Created, Expires: d.Expires}
}

// Invitation returns the unused, unexpired invitation with the token hash, or ENOTFOUND.
func (db *DB) Invitation(ctx context.Context, tokenHash string, now time.Time) (*staff.Invitation, error) {
	var d invitationDoc
	err := db.invitations().FindOne(ctx, usableInvitation(tokenHash, now)).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, survey.Errorf(survey.ENOTFOUND, "staff.invite.invalid")
	}
	if err != nil {
		return nil, fmt.Errorf("read invitation: %w", storeerr.Wrap(err))
	}
	return d.toInvitation(), nil
}

// ClaimInvitation marks the invitation used, once: of concurrent claims only one succeeds.
func (db *DB) ClaimInvitation(ctx context.Context, tokenHash string, now time.Time) (*staff.Invitation, error) {
	inv, err := db.Invitation(ctx, tokenHash, now)
	if err != nil {
		return nil, err
	}
	ok, err := db.claim(ctx, "invitation:"+tokenHash, now)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, survey.Errorf(survey.ENOTFOUND, "staff.invite.invalid")
	}
	if _, err := db.invitations().UpdateOne(ctx, bson.D{{Key: "_id", Value: tokenHash}}, bson.D{{Key: "$set", Value: bson.D{{Key: "used", Value: now}}}}); err != nil {
		return nil, fmt.Errorf("mark invitation used: %w", storeerr.Wrap(err))
	}
	return inv, nil
}

// auditDoc is a stored audit entry. The collection is only ever inserted into.
type auditDoc struct {
	ID      bson.ObjectID `bson:"_id"`
	Time    time.Time     `bson:"t"`
	ActorID string        `bson:"actorId,omitempty"`
	Actor   string        `bson:"actor,omitempty"`
	Action  string        `bson:"action"`
	Subject string        `bson:"subject,omitempty"`
	Detail  string        `bson:"detail,omitempty"`
}

// AppendAudit stores e.
func (db *DB) AppendAudit(ctx context.Context, e staff.AuditEntry) error {
	_, err := db.audit().InsertOne(ctx, auditDoc{ID: bson.NewObjectID(), Time: e.Time, ActorID: e.ActorID, Actor: e.Actor,
		Action: e.Action, Subject: e.Subject, Detail: e.Detail})
	if err != nil {
		return fmt.Errorf("append audit entry: %w", storeerr.Wrap(err))
	}
	return nil
}

func (d *auditDoc) toEntry() staff.AuditEntry {
	return staff.AuditEntry{Time: d.Time, ActorID: d.ActorID, Actor: d.Actor, Action: d.Action, Subject: d.Subject, Detail: d.Detail}
}

// AuditEntries returns up to limit entries, newest first.
func (db *DB) AuditEntries(ctx context.Context, limit int) ([]staff.AuditEntry, error) {
	var entries []staff.AuditEntry
	err := db.eachAudit(ctx, -1, int64(limit), func(e staff.AuditEntry) error {
		entries = append(entries, e)
		return nil
	})
	return entries, err
}

// EachAuditEntry calls fn with every entry, oldest first, stopping at fn's first error.
func (db *DB) EachAuditEntry(ctx context.Context, fn func(staff.AuditEntry) error) error {
	return db.eachAudit(ctx, 1, 0, fn)
}

// eachAudit streams entries in time order (1) or reverse (-1), up to limit (0: all).
func (db *DB) eachAudit(ctx context.Context, order int, limit int64, fn func(staff.AuditEntry) error) error {
	opts := options.Find().SetSort(bson.D{{Key: "t", Value: order}, {Key: "_id", Value: order}}).SetLimit(limit)
	cur, err := db.audit().Find(ctx, bson.D{}, opts)
	if err != nil {
		return fmt.Errorf("read audit log: %w", storeerr.Wrap(err))
	}
	defer cur.Close(ctx)
	for cur.Next(ctx) {
		var d auditDoc
		if err := cur.Decode(&d); err != nil {
			return fmt.Errorf("read audit entry: %w", err)
		}
		if err := fn(d.toEntry()); err != nil {
			return err
		}
	}
	if err := cur.Err(); err != nil {
		return fmt.Errorf("read audit log: %w", storeerr.Wrap(err))
	}
	return nil
}
