package mongo_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/safeguarding/safetysurvey/public"
	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/design"
	"github.com/safeguarding/safetysurvey/survey/mongo"
	"github.com/safeguarding/safetysurvey/survey/mongo/mongotest"
	"github.com/safeguarding/safetysurvey/survey/staff"
	"github.com/safeguarding/safetysurvey/survey/yamlfile"
)

// builtinCatalog is the catalog of the shipped surveys, fresh for each call as at start-up.
func builtinCatalog(t *testing.T) *survey.Catalog {
	t.Helper()
	surveys, err := yamlfile.LoadDir(public.Files, "surveys")
	if err != nil {
		t.Fatal(err)
	}
	c, err := survey.NewCatalog(surveys...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func designService(db *mongo.DB, catalog *survey.Catalog) *design.Service {
	now := func() time.Time { return time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC) }
	return &design.Service{Store: db, Definitions: db, Catalog: catalog, Audit: &staff.Service{Store: db, Now: now},
		Policy: design.DefaultPolicy, Now: now}
}

func TestDrafts(t *testing.T) {
	db := mongotest.Open(t)
	ctx := context.Background()
	catalog := builtinCatalog(t)
	svc := designService(db, catalog)
	admin := &staff.User{ID: "A1", Email: "ada@example.org", Roles: []staff.Role{staff.Admin}}
	scrutineer := &staff.User{ID: "S1", Email: "sam@example.org", Roles: []staff.Role{staff.Scrutineer}}
	live, _ := catalog.Get("community-safety")

	d, err := svc.Start(ctx, scrutineer, live.Slug)
	if err != nil {
		t.Fatal(err)
	}
	id := d.ID()
	if d.Version != live.Version+1 || d.Revision != 1 {
		t.Fatalf("draft %s at revision %d", id, d.Revision)
	}
	t.Run("ErrStartTwice", func(t *testing.T) {
		if _, err := svc.Start(ctx, admin, live.Slug); survey.ErrorCode(err) != survey.ECONFLICT {
			t.Errorf("second draft of the same version: %v, want ECONFLICT", err)
		}
	})
	started, err := db.DraftsMarker(ctx)
	if err != nil || started == "" {
		t.Fatalf("drafts marker after a draft was started = %q, %v; want one", started, err)
	}
	edit := design.Clone(d.Survey)
	edit.Questions[0].Text["en"] = "Which part of Wandsworth is your home in?"
	if _, err := svc.Save(ctx, scrutineer, id, 1, edit, "area"); err != nil {
		t.Fatal(err)
	}
	t.Run("OKMarkerChangesOnSave", func(t *testing.T) {
		saved, err := db.DraftsMarker(ctx)
		if err != nil || saved == started || saved == "" {
			t.Errorf("drafts marker after a save = %q (%v), want a new value, not %q", saved, err, started)
		}
	})
	t.Run("ErrStaleRevision", func(t *testing.T) {
		if _, err := svc.Save(ctx, admin, id, 1, design.Clone(edit), "area"); survey.ErrorCode(err) != survey.ECONFLICT {
			t.Errorf("save over a newer revision: %v, want ECONFLICT", err)
		}
	})
	t.Run("OKReadBack", func(t *testing.T) {
		got, err := svc.Draft(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if got.Revision != 2 || got.Survey.Questions[0].Text["en"] != "Which part of Wandsworth is your home in?" ||
			got.Survey.Questions[0].Text["ar"] != live.Questions[0].Text["ar"] || len(got.Survey.Questions) != len(live.Questions) {
			t.Errorf("read back revision %d, text %q", got.Revision, got.Survey.Questions[0].Text)
		}
		revs, err := svc.Revisions(ctx, id)
		if err != nil || len(revs) != 2 || revs[0].Survey.Questions[0].Text["en"] != live.Questions[0].Text["en"] || revs[1].By != "sam@example.org" {
			t.Errorf("revisions %v, %v", revs, err)
		}
	})
	for _, step := range []struct {
		who  *staff.User
		step design.Step
	}{{scrutineer, design.SendToReview}, {admin, design.Approve}, {scrutineer, design.Approve}} {
		if _, err := svc.Take(ctx, step.who, id, step.step); err != nil {
			t.Fatalf("%s by %s: %v", step.step, step.who.Email, err)
		}
	}
	if cur, _ := catalog.Get(live.Slug); cur != live {
		t.Fatal("an approved draft reached children before it was opened")
	}
	// Another server process sharing the store, started before the survey was opened.
	other := builtinCatalog(t)
	follow := func(t *testing.T) *survey.Survey {
		t.Helper()
		if err := designService(db, other).Restore(ctx); err != nil {
			t.Fatal(err)
		}
		got, _ := other.Get(live.Slug)
		return got
	}
	if _, err := svc.Take(ctx, admin, id, design.OpenSurvey); err != nil {
		t.Fatal(err)
	}
	t.Run("OKOpenedOnAnotherProcess", func(t *testing.T) {
		got := follow(t)
		if got.Version != d.Version || got.Status != survey.StatusOpen {
			t.Errorf("the other process has version %d (%s)", got.Version, got.Status)
		}
		if again := follow(t); again != got {
			t.Error("following again replaced a version that had not changed")
		}
	})
	cur, _ := catalog.Get(live.Slug)
	if cur.Version != d.Version || cur.Status != survey.StatusOpen || cur.Questions[0].Text["en"] != "Which part of Wandsworth is your home in?" {
		t.Fatalf("catalog has version %d (%s) %q after opening", cur.Version, cur.Status, cur.Questions[0].Text["en"])
	}

	t.Run("OKRestoredAfterRestart", func(t *testing.T) {
		again := builtinCatalog(t)
		if err := designService(db, again).Restore(ctx); err != nil {
			t.Fatal(err)
		}
		got, _ := again.Get(live.Slug)
		if got.Version != d.Version || got.Questions[0].Text["en"] != "Which part of Wandsworth is your home in?" {
			t.Errorf("after a restart the catalog has version %d %q", got.Version, got.Questions[0].Text["en"])
		}
	})
	t.Run("OKNewerFileWins", func(t *testing.T) {
		again := builtinCatalog(t)
		file, _ := again.Get(live.Slug)
		newer := design.Clone(file)
		newer.Version = d.Version
		if err := again.Replace(newer); err != nil {
			t.Fatal(err)
		}
		if err := designService(db, again).Restore(ctx); err != nil {
			t.Fatal(err)
		}
		if got, _ := again.Get(live.Slug); got != newer {
			t.Error("a stored version replaced a file of the same version")
		}
	})

	if _, err := svc.Take(ctx, admin, id, design.CloseSurvey); err != nil {
		t.Fatal(err)
	}
	if cur, _ := catalog.Get(live.Slug); cur.Status != survey.StatusClosed {
		t.Errorf("closed draft, catalog status %s", cur.Status)
	}
	if got := follow(t); got.Version != d.Version || got.Status != survey.StatusClosed {
		t.Errorf("closed on one process, the other has version %d (%s)", got.Version, got.Status)
	}
	want := []string{staff.AuditDraftStarted, staff.AuditDraftSaved, staff.AuditDraftReview, staff.AuditDraftApproved, staff.AuditDraftApproved,
		staff.AuditSurveyOpened, staff.AuditSurveyClosed}
	var got []string
	if err := db.EachAuditEntry(ctx, func(e staff.AuditEntry) error { got = append(got, e.Action); return nil }); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Errorf("audit %q, want %q", got, want)
	}
	t.Run("OKNextVersionAfterOpen", func(t *testing.T) {
		next, err := svc.Start(ctx, admin, live.Slug)
		if err != nil || next.Version != d.Version+1 || next.BasedOn != d.Version {
			t.Fatalf("next draft %v, %v", next, err)
		}
		all, err := svc.Drafts(ctx)
		if err != nil || len(all) != 2 || all[0].Status != design.Closed || all[1].Status != design.InDraft {
			t.Errorf("drafts %v, %v", all, err)
		}
	})
}

func TestOpenRefusedKeepsTheDraft(t *testing.T) {
	db := mongotest.Open(t)
	ctx := context.Background()
	catalog := builtinCatalog(t)
	svc := designService(db, catalog)
	admin := &staff.User{ID: "A1", Email: "ada@example.org", Roles: []staff.Role{staff.Admin}}
	scrutineer := &staff.User{ID: "S1", Email: "sam@example.org", Roles: []staff.Role{staff.Scrutineer}}
	live, _ := catalog.Get("community-safety")
	s := design.Clone(live)
	s.Slug, s.Previous = "next-wave", "no-such-wave"
	d, err := svc.Import(ctx, scrutineer, s)
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct {
		who  *staff.User
		step design.Step
	}{{scrutineer, design.SendToReview}, {admin, design.Approve}, {scrutineer, design.Approve}} {
		if _, err := svc.Take(ctx, step.who, d.ID(), step.step); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.Take(ctx, admin, d.ID(), design.OpenSurvey); survey.ErrorCode(err) != survey.EINVALID {
		t.Fatalf("open with a missing previous wave: %v, want EINVALID", err)
	}
	if _, err := catalog.Get("next-wave"); err == nil {
		t.Error("a refused survey reached the catalog")
	}
	if got, _ := svc.Draft(ctx, d.ID()); got.Status != design.Approved {
		t.Errorf("after a refused open the draft is %s, want still approved", got.Status)
	}
	if err := svc.Restore(ctx); err != nil {
		t.Errorf("restore after a refused open: %v", err)
	}
}
