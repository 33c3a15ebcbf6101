package staff_test

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/mongo"
	"github.com/safeguarding/safetysurvey/survey/mongo/mongotest"
	"github.com/safeguarding/safetysurvey/survey/staff"
	"github.com/safeguarding/safetysurvey/survey/staff/argon2id"
)

func TestMain(m *testing.M) {
	os.Exit(mongotest.Main(m))
}

const goodPassword = "violet kettle harbour 42"

type fixture struct {
	svc   *staff.Service
	db    *mongo.DB
	now   time.Time
	admin *staff.User
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{db: mongotest.Open(t), now: time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)}
	f.svc = &staff.Service{Store: f.db, Hasher: argon2id.New(argon2id.Params{Memory: 64, Time: 1, Threads: 1}, 4), Now: func() time.Time { return f.now }}
	var err error
	f.admin, err = f.svc.AddUser(context.Background(), "Admin@Example.org", "Ada", []staff.Role{staff.Admin}, goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// actions lists the audit log's actions, oldest first.
func (f *fixture) actions(t *testing.T) []string {
	t.Helper()
	var got []string
	if err := f.db.EachAuditEntry(context.Background(), func(e staff.AuditEntry) error { got = append(got, e.Action+" "+e.Subject); return nil }); err != nil {
		t.Fatal(err)
	}
	return got
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if survey.ErrorCode(err) != code {
		t.Fatalf("err = %v, want code %q", err, code)
	}
}

func TestAddUserAndAuthenticate(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	if f.admin.Email != "admin@example.org" || f.admin.PasswordHash == goodPassword {
		t.Fatalf("added %+v", f.admin)
	}
	t.Run("OK", func(t *testing.T) {
		u, err := f.svc.Authenticate(ctx, " ADMIN@example.org ", goodPassword)
		if err != nil || u.ID != f.admin.ID {
			t.Fatalf("Authenticate = %v, %v", u, err)
		}
	})
	t.Run("ErrWrongPassword", func(t *testing.T) {
		_, err := f.svc.Authenticate(ctx, "admin@example.org", "violet kettle harbour 43")
		wantCode(t, err, survey.EUNAUTHORIZED)
	})
	t.Run("ErrUnknownEmailSameAnswer", func(t *testing.T) {
		_, err := f.svc.Authenticate(ctx, "nobody@example.org", goodPassword)
		wantCode(t, err, survey.EUNAUTHORIZED)
		if survey.ErrorMessage(err) != "staff.sign_in.failed" {
			t.Errorf("message %q differs from a wrong password's", survey.ErrorMessage(err))
		}
	})
	t.Run("ErrWeakPassword", func(t *testing.T) {
		_, err := f.svc.AddUser(ctx, "sam@example.org", "Sam", []staff.Role{staff.Scrutineer}, "password123")
		wantCode(t, err, survey.EINVALID)
	})
	t.Run("ErrEmailTaken", func(t *testing.T) {
		_, err := f.svc.AddUser(ctx, "admin@example.org", "Ada", []staff.Role{staff.Admin}, goodPassword)
		wantCode(t, err, survey.EINVALID)
	})
	want := []string{"user_created admin@example.org", "sign_in_failed admin@example.org"}
	if got := f.actions(t); !slices.Equal(got, want) {
		t.Errorf("audit = %q, want %q (nothing for an unknown email)", got, want)
	}
}

func TestInvitation(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	token, err := f.svc.Invite(ctx, f.admin, "sam@example.org", []staff.Role{staff.YouthWorker, staff.Scrutineer})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("ErrWeakPasswordKeepsLink", func(t *testing.T) {
		_, err := f.svc.AcceptInvitation(ctx, token, "Sam", "password12345")
		wantCode(t, err, survey.EINVALID)
		if _, err := f.svc.Invitation(ctx, token); err != nil {
			t.Errorf("a refused password used up the link: %v", err)
		}
	})
	t.Run("OK", func(t *testing.T) {
		u, err := f.svc.AcceptInvitation(ctx, token, " Sam ", goodPassword)
		if err != nil {
			t.Fatal(err)
		}
		if u.Email != "sam@example.org" || u.Name != "Sam" || !slices.Equal(u.Roles, []staff.Role{staff.Scrutineer, staff.YouthWorker}) {
			t.Errorf("created %+v", u)
		}
	})
	t.Run("ErrSingleUse", func(t *testing.T) {
		_, err := f.svc.AcceptInvitation(ctx, token, "Eve", goodPassword)
		wantCode(t, err, survey.ENOTFOUND)
	})
	t.Run("ErrExpired", func(t *testing.T) {
		late, err := f.svc.Invite(ctx, f.admin, "kim@example.org", []staff.Role{staff.YouthWorker})
		if err != nil {
			t.Fatal(err)
		}
		f.now = f.now.Add(staff.InvitationLifetime)
		_, err = f.svc.AcceptInvitation(ctx, late, "Kim", goodPassword)
		wantCode(t, err, survey.ENOTFOUND)
	})
	t.Run("ErrAlreadyHasAccount", func(t *testing.T) {
		_, err := f.svc.Invite(ctx, f.admin, "SAM@example.org", []staff.Role{staff.Admin})
		wantCode(t, err, survey.EINVALID)
	})
	want := []string{"user_created admin@example.org", "user_invited sam@example.org", "user_created sam@example.org", "user_invited kim@example.org"}
	if got := f.actions(t); !slices.Equal(got, want) {
		t.Errorf("audit = %q, want %q", got, want)
	}
}

func TestRolesAndDisable(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	sam, err := f.svc.AddUser(ctx, "sam@example.org", "Sam", []staff.Role{staff.YouthWorker}, goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("ErrLastAdminLosesRole", func(t *testing.T) {
		wantCode(t, f.svc.SetRoles(ctx, f.admin, f.admin.ID, []staff.Role{staff.Scrutineer}), survey.ECONFLICT)
	})
	t.Run("ErrDisableSelf", func(t *testing.T) {
		wantCode(t, f.svc.SetDisabled(ctx, f.admin, f.admin.ID, true), survey.ECONFLICT)
	})
	t.Run("OKRoles", func(t *testing.T) {
		if err := f.svc.SetRoles(ctx, f.admin, sam.ID, []staff.Role{staff.SafeguardingLead, staff.Admin}); err != nil {
			t.Fatal(err)
		}
		u, _ := f.db.User(ctx, sam.ID)
		if !slices.Equal(u.Roles, []staff.Role{staff.Admin, staff.SafeguardingLead}) {
			t.Errorf("roles = %v", u.Roles)
		}
		// With a second admin, the first may step down.
		if err := f.svc.SetRoles(ctx, f.admin, f.admin.ID, []staff.Role{staff.Scrutineer}); err != nil {
			t.Errorf("second admin present, stepping down: %v", err)
		}
	})
	t.Run("OKDisableEndsSessions", func(t *testing.T) {
		before, _ := f.db.User(ctx, f.admin.ID)
		if err := f.svc.SetDisabled(ctx, sam, f.admin.ID, true); err != nil {
			t.Fatal(err)
		}
		_, err := f.svc.SessionUser(ctx, f.admin.ID, before.SessionEpoch)
		wantCode(t, err, survey.EUNAUTHORIZED)
		_, err = f.svc.Authenticate(ctx, "admin@example.org", goodPassword)
		wantCode(t, err, survey.EUNAUTHORIZED)
		if err := f.svc.SetDisabled(ctx, sam, f.admin.ID, false); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Authenticate(ctx, "admin@example.org", goodPassword); err != nil {
			t.Errorf("enabled again, sign-in: %v", err)
		}
	})
	want := []string{"user_created admin@example.org", "user_created sam@example.org", "roles_changed sam@example.org",
		"roles_changed admin@example.org", "user_disabled admin@example.org", "sign_in_failed admin@example.org", "user_enabled admin@example.org"}
	if got := f.actions(t); !slices.Equal(got, want) {
		t.Errorf("audit = %q, want %q", got, want)
	}
}

func code(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	c, err := staff.TOTPCode(secret, at)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestSecondFactor(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	secret := staff.NewTOTPSecret()
	t.Run("ErrWrongCodeDoesNotEnable", func(t *testing.T) {
		wantCode(t, f.svc.EnableSecondFactor(ctx, f.admin, secret, "000000"), survey.EINVALID)
	})
	if err := f.svc.EnableSecondFactor(ctx, f.admin, secret, code(t, secret, f.now)); err != nil {
		t.Fatal(err)
	}
	u, _ := f.db.User(ctx, f.admin.ID)
	if !u.HasSecondFactor() {
		t.Fatal("second factor not enabled")
	}
	t.Run("ErrCodeUsedTwice", func(t *testing.T) {
		wantCode(t, f.svc.CheckSecondFactor(ctx, u, code(t, secret, f.now)), survey.EINVALID)
	})
	t.Run("OKNextCode", func(t *testing.T) {
		f.now = f.now.Add(30 * time.Second)
		if err := f.svc.CheckSecondFactor(ctx, u, code(t, secret, f.now)); err != nil {
			t.Error(err)
		}
	})
	t.Run("OKDisable", func(t *testing.T) {
		f.now = f.now.Add(30 * time.Second)
		if err := f.svc.DisableSecondFactor(ctx, u, code(t, secret, f.now)); err != nil {
			t.Fatal(err)
		}
		if u, _ := f.db.User(ctx, f.admin.ID); u.HasSecondFactor() {
			t.Error("still has a second factor")
		}
	})
	want := []string{"user_created admin@example.org", "totp_enabled admin@example.org", "sign_in_failed admin@example.org", "totp_disabled admin@example.org"}
	if got := f.actions(t); !slices.Equal(got, want) {
		t.Errorf("audit = %q, want %q", got, want)
	}
}

func TestSignOutEverywhere(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	if _, err := f.svc.SessionUser(ctx, f.admin.ID, f.admin.SessionEpoch); err != nil {
		t.Fatalf("fresh session refused: %v", err)
	}
	if err := f.svc.SignOutEverywhere(ctx, f.admin); err != nil {
		t.Fatal(err)
	}
	_, err := f.svc.SessionUser(ctx, f.admin.ID, f.admin.SessionEpoch)
	wantCode(t, err, survey.EUNAUTHORIZED)
	_, err = f.svc.SessionUser(ctx, "gone", 0)
	wantCode(t, err, survey.EUNAUTHORIZED)
}

func TestExportAudit(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	var exported []string
	if err := f.svc.ExportAudit(ctx, f.admin, func(e staff.AuditEntry) error { exported = append(exported, e.Action); return nil }); err != nil {
		t.Fatal(err)
	}
	if want := []string{"user_created", "audit_exported"}; !slices.Equal(exported, want) {
		t.Errorf("exported %q, want %q: the export records itself first", exported, want)
	}
}

func TestExportRequestCheck(t *testing.T) {
	for _, tc := range []struct {
		name   string
		req    staff.ExportRequest
		fields []string
	}{
		{"OK", staff.ExportRequest{Reason: "board report", Confirmed: true}, nil},
		{"ErrNoReason", staff.ExportRequest{Reason: " \n ", Confirmed: true}, []string{"reason"}},
		{"ErrLongReason", staff.ExportRequest{Reason: strings.Repeat("é", staff.MaxExportReason+1), Confirmed: true}, []string{"reason"}},
		{"ErrNotConfirmed", staff.ExportRequest{Reason: strings.Repeat("é", staff.MaxExportReason)}, []string{"confirm"}},
		{"ErrBoth", staff.ExportRequest{}, []string{"reason", "confirm"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, f := range survey.ErrorFields(tc.req.Check()) {
				got = append(got, f.Question)
			}
			if !slices.Equal(got, tc.fields) {
				t.Errorf("fields %q, want %q", got, tc.fields)
			}
		})
	}
}

func TestHasAdmin(t *testing.T) {
	ctx := context.Background()
	svc := &staff.Service{Store: mongotest.Open(t), Hasher: argon2id.New(argon2id.Params{Memory: 64, Time: 1, Threads: 1}, 4), Now: time.Now}
	hasAdmin := func(t *testing.T, want bool) {
		t.Helper()
		if got, err := svc.HasAdmin(ctx); err != nil || got != want {
			t.Errorf("HasAdmin = %v, %v; want %v", got, err, want)
		}
	}
	t.Run("NoAccounts", func(t *testing.T) { hasAdmin(t, false) })
	if _, err := svc.AddUser(ctx, "sam@example.org", "Sam", []staff.Role{staff.YouthWorker}, goodPassword); err != nil {
		t.Fatal(err)
	}
	t.Run("NoAdminAmongAccounts", func(t *testing.T) { hasAdmin(t, false) })
	ada, err := svc.AddUser(ctx, "ada@example.org", "Ada", []staff.Role{staff.Admin}, goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("OneAdmin", func(t *testing.T) { hasAdmin(t, true) })
	kim, err := svc.AddUser(ctx, "kim@example.org", "Kim", []staff.Role{staff.Admin}, goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.SetDisabled(ctx, kim, ada.ID, true); err != nil {
		t.Fatal(err)
	}
	t.Run("OneOfTwoDisabled", func(t *testing.T) { hasAdmin(t, true) })
}
