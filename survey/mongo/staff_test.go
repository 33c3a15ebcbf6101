package mongo_test

import (
	"bytes"
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/mongo"
	"github.com/safeguarding/safetysurvey/survey/mongo/mongotest"
	"github.com/safeguarding/safetysurvey/survey/staff"
)

func testUser(id, email string) *staff.User {
	return &staff.User{ID: id, Email: email, Name: "Sam", Roles: []staff.Role{staff.Scrutineer}, PasswordHash: "$argon2id$x",
		Created: time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)}
}

func TestUsers(t *testing.T) {
	db := mongotest.Open(t)
	ctx := context.Background()
	if err := db.CreateUser(ctx, testUser("U1", "sam@example.org")); err != nil {
		t.Fatal(err)
	}
	t.Run("ErrEmailTaken", func(t *testing.T) {
		if err := db.CreateUser(ctx, testUser("U2", "sam@example.org")); survey.ErrorCode(err) != survey.ECONFLICT {
			t.Errorf("second account with the email: %v, want ECONFLICT", err)
		}
	})
	t.Run("OKReadBack", func(t *testing.T) {
		byID, err := db.User(ctx, "U1")
		if err != nil {
			t.Fatal(err)
		}
		byEmail, err := db.UserByEmail(ctx, "sam@example.org")
		if err != nil {
			t.Fatal(err)
		}
		if byID.Email != "sam@example.org" || byEmail.ID != "U1" || byID.Roles[0] != staff.Scrutineer || !byID.Created.Equal(testUser("", "").Created) {
			t.Errorf("read back %+v and %+v", byID, byEmail)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		if _, err := db.User(ctx, "nobody"); survey.ErrorCode(err) != survey.ENOTFOUND {
			t.Errorf("User(nobody) = %v, want ENOTFOUND", err)
		}
		if err := db.UpdateUser(ctx, "nobody", staff.UserUpdate{EndSessions: true}); survey.ErrorCode(err) != survey.ENOTFOUND {
			t.Errorf("UpdateUser(nobody) = %v, want ENOTFOUND", err)
		}
	})
	t.Run("OKUpdate", func(t *testing.T) {
		yes, secret := true, "JBSWY3DPEHPK3PXP"
		err := db.UpdateUser(ctx, "U1", staff.UserUpdate{Roles: []staff.Role{staff.Admin, staff.YouthWorker}, Disabled: &yes, TOTPSecret: &secret, EndSessions: true})
		if err != nil {
			t.Fatal(err)
		}
		u, _ := db.User(ctx, "U1")
		if len(u.Roles) != 2 || !u.Disabled || u.TOTPSecret != secret || u.SessionEpoch != 1 || u.Name != "Sam" {
			t.Errorf("after update: %+v", u)
		}
	})
	t.Run("OKList", func(t *testing.T) {
		if err := db.CreateUser(ctx, testUser("U0", "alex@example.org")); err != nil {
			t.Fatal(err)
		}
		users, err := db.Users(ctx)
		if err != nil || len(users) != 2 || users[0].Email != "alex@example.org" {
			t.Errorf("Users = %v, %v; want alex then sam", users, err)
		}
	})
}

func TestClaimTOTPStep(t *testing.T) {
	db := mongotest.Open(t)
	ctx := context.Background()
	if err := db.CreateUser(ctx, testUser("U1", "sam@example.org")); err != nil {
		t.Fatal(err)
	}
	if err := db.ClaimTOTPStep(ctx, "U1", 100); err != nil {
		t.Fatalf("first use: %v", err)
	}
	if err := db.ClaimTOTPStep(ctx, "U1", 100); survey.ErrorCode(err) != survey.ECONFLICT {
		t.Errorf("second use: %v, want ECONFLICT", err)
	}
	if err := db.ClaimTOTPStep(ctx, "U1", 101); err != nil {
		t.Errorf("next step: %v", err)
	}
	if err := db.ClaimTOTPStep(ctx, "U2", 100); err != nil {
		t.Errorf("another user's step: %v", err)
	}
	var wins atomic.Int32
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if db.ClaimTOTPStep(ctx, "U1", 102) == nil {
				wins.Add(1)
			}
		})
	}
	wg.Wait()
	if wins.Load() != 1 {
		t.Errorf("one code was accepted %d times at once, want once", wins.Load())
	}
}

func TestInvitations(t *testing.T) {
	db := mongotest.Open(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	inv := &staff.Invitation{TokenHash: "h1", Email: "sam@example.org", Roles: []staff.Role{staff.YouthWorker}, InvitedBy: "admin@example.org",
		Created: now, Expires: now.Add(time.Hour)}
	if err := db.CreateInvitation(ctx, inv); err != nil {
		t.Fatal(err)
	}
	t.Run("OKFind", func(t *testing.T) {
		got, err := db.Invitation(ctx, "h1", now)
		if err != nil || got.Email != inv.Email || got.Roles[0] != staff.YouthWorker {
			t.Errorf("Invitation = %+v, %v", got, err)
		}
	})
	t.Run("ErrExpired", func(t *testing.T) {
		if _, err := db.Invitation(ctx, "h1", now.Add(time.Hour)); survey.ErrorCode(err) != survey.ENOTFOUND {
			t.Errorf("at expiry: %v, want ENOTFOUND", err)
		}
		if _, err := db.ClaimInvitation(ctx, "h1", now.Add(time.Hour)); survey.ErrorCode(err) != survey.ENOTFOUND {
			t.Errorf("claim at expiry: %v, want ENOTFOUND", err)
		}
	})
	t.Run("OKClaimedOnceUnderRace", func(t *testing.T) {
		var wins atomic.Int32
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				if _, err := db.ClaimInvitation(ctx, "h1", now); err == nil {
					wins.Add(1)
				} else if survey.ErrorCode(err) != survey.ENOTFOUND {
					t.Errorf("losing claim: %v, want ENOTFOUND", err)
				}
			})
		}
		wg.Wait()
		if wins.Load() != 1 {
			t.Errorf("%d claims succeeded, want 1", wins.Load())
		}
		if _, err := db.Invitation(ctx, "h1", now); survey.ErrorCode(err) != survey.ENOTFOUND {
			t.Errorf("used invitation still found: %v", err)
		}
	})
}

func TestAuditLog(t *testing.T) {
	db := mongotest.Open(t)
	ctx := context.Background()
	start := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	for i, action := range []string{staff.AuditSignIn, staff.AuditUserInvited, staff.AuditSignOut} {
		// Two entries share a time, as happens within a millisecond; insertion order breaks the tie.
		at := start.Add(time.Duration(min(i, 1)) * time.Minute)
		if err := db.AppendAudit(ctx, staff.AuditEntry{Time: at, ActorID: "U1", Actor: "sam@example.org", Action: action, Subject: "x"}); err != nil {
			t.Fatal(err)
		}
	}
	newest, err := db.AuditEntries(ctx, 2)
	if err != nil || len(newest) != 2 || newest[0].Action != staff.AuditSignOut || newest[1].Action != staff.AuditUserInvited {
		t.Errorf("AuditEntries(2) = %+v, %v; want sign_out, user_invited", newest, err)
	}
	var all []string
	if err := db.EachAuditEntry(ctx, func(e staff.AuditEntry) error { all = append(all, e.Action); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(all) != 3 || all[0] != staff.AuditSignIn || all[2] != staff.AuditSignOut {
		t.Errorf("EachAuditEntry order = %v", all)
	}
}

func TestSessionStorage(t *testing.T) {
	name := mongotest.DatabaseName(t)
	db, err := mongo.Open(context.Background(), mongotest.URI(), name, mongotest.Logger())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(context.Background())
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	s := db.SessionStorage(func() time.Time { return now })
	if err := s.Set("key-1", []byte("data"), 30*time.Minute); err != nil {
		t.Fatal(err)
	}
	t.Run("OKGet", func(t *testing.T) {
		got, err := s.Get("key-1")
		if err != nil || !bytes.Equal(got, []byte("data")) {
			t.Errorf("Get = %q, %v", got, err)
		}
		if got, err := s.Get("other"); got != nil || err != nil {
			t.Errorf("Get(other) = %q, %v; want nil, nil", got, err)
		}
	})
	t.Run("OKKeyStoredHashed", func(t *testing.T) {
		sessions := rawDatabase(t, name).Collection("sessions")
		all, _ := sessions.CountDocuments(context.Background(), bson.D{})
		raw, err := sessions.CountDocuments(context.Background(), bson.D{{Key: "_id", Value: "key-1"}})
		if err != nil || all != 1 || raw != 0 {
			t.Errorf("%d sessions, %d under the raw key (%v); want 1 stored, none under the raw key", all, raw, err)
		}
	})
	t.Run("OKExpiresOnRead", func(t *testing.T) {
		now = now.Add(30 * time.Minute)
		defer func() { now = now.Add(-30 * time.Minute) }()
		if got, _ := s.Get("key-1"); got != nil {
			t.Errorf("expired session read back: %q", got)
		}
	})
	t.Run("OKCleanup", func(t *testing.T) {
		if err := s.Set("key-2", []byte("later"), 2*time.Hour); err != nil {
			t.Fatal(err)
		}
		now = now.Add(time.Hour)
		n, err := s.DeleteExpiredSessions(context.Background())
		if err != nil || n != 1 {
			t.Errorf("DeleteExpiredSessions = %d, %v; want 1", n, err)
		}
		if got, _ := s.Get("key-2"); string(got) != "later" {
			t.Errorf("cleanup removed a live session: %q", got)
		}
	})
	t.Run("OKDelete", func(t *testing.T) {
		if err := s.Delete("key-2"); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Get("key-2"); got != nil {
			t.Errorf("deleted session read back: %q", got)
		}
	})
}
