package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/safeguarding/safetysurvey/survey/design"
	"github.com/safeguarding/safetysurvey/survey/staff"
)

// TestEditorOpenedVersionSurvivesRestart opens a new version in the editor, restarts the server
// on the same store, and checks children still get that version, not the file's.
func TestEditorOpenedVersionSurvivesRestart(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	m := startMain(t, dir, nil)
	admin := &staff.User{ID: "A", Email: "ada@example.org", Roles: []staff.Role{staff.Admin}}
	scrutineer := &staff.User{ID: "S", Email: "sam@example.org", Roles: []staff.Role{staff.Scrutineer}}
	d, err := m.editor.Start(ctx, scrutineer, "community-safety")
	if err != nil {
		t.Fatal(err)
	}
	edited := design.Clone(d.Survey)
	edited.Questions[0].Text["en"] = "Which part of Wandsworth is your home in?"
	if _, err := m.editor.Save(ctx, scrutineer, d.ID(), d.Revision, edited, ""); err != nil {
		t.Fatal(err)
	}
	for _, s := range []struct {
		who  *staff.User
		step design.Step
	}{{scrutineer, design.SendToReview}, {scrutineer, design.Approve}, {admin, design.Approve}, {admin, design.OpenSurvey}} {
		if _, err := m.editor.Take(ctx, s.who, d.ID(), s.step); err != nil {
			t.Fatalf("%s: %v", s.step, err)
		}
	}
	page := func(m *Main) string {
		t.Helper()
		resp, err := client.Get(m.URL() + "/s/community-safety?lang=en")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("survey page: %d", resp.StatusCode)
		}
		return string(body)
	}
	if !strings.Contains(page(m), "Which part of Wandsworth is your home in?") {
		t.Fatal("the opened version is not what children see")
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	// The commands on stored responses work on the version children answer, as the server does.
	var out strings.Builder
	if err := recount(ctx, "verify", []string{"--data-dir", dir, "--log-level", "error"}, func(string) string { return "" }, &out); err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("community-safety version %d:", d.Version); !strings.Contains(out.String(), want) {
		t.Errorf("surveys verify said %q, want %q", out.String(), want)
	}
	m = startMain(t, dir, nil)
	defer m.Close()
	if !strings.Contains(page(m), "Which part of Wandsworth is your home in?") {
		t.Error("after a restart children get the file's version again")
	}
	if s, _ := m.surveys.Get("community-safety"); s.Version != d.Version {
		t.Errorf("after a restart the catalog has version %d, want %d", s.Version, d.Version)
	}
}

func TestApproversFlag(t *testing.T) {
	for _, tc := range []struct {
		name    string
		args    []string
		env     map[string]string
		want    []staff.Role
		oneForT bool
		bad     bool
	}{
		{"OKDefault", nil, nil, []staff.Role{staff.Admin, staff.Scrutineer}, false, false},
		{"OKAdminOnly", []string{"--approvers", "admin"}, nil, []staff.Role{staff.Admin}, false, false},
		{"OKEnvironment", nil, map[string]string{"SAFETYSURVEY_APPROVERS": "scrutineer", "SAFETYSURVEY_ONE_APPROVER_FOR_TWO": "true"}, []staff.Role{staff.Scrutineer}, true, false},
		{"ErrRoleThatCannotApprove", []string{"--approvers", "admin,youth_worker"}, nil, nil, false, true},
		{"ErrUnknownRole", []string{"--approvers", "boss"}, nil, nil, false, true},
		{"ErrBadEnvironment", nil, map[string]string{"SAFETYSURVEY_APPROVERS": "safeguarding_lead"}, nil, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var c Config
			_, err := c.parse("t", tc.args, func(k string) string { return tc.env[k] }, true, io.Discard)
			if tc.bad {
				if err == nil {
					t.Fatalf("accepted %v %v", tc.args, tc.env)
				}
				return
			}
			if err != nil || !slices.Equal(c.Approval.Roles, tc.want) || c.Approval.OnePersonForTwo != tc.oneForT {
				t.Errorf("approval %+v, %v", c.Approval, err)
			}
		})
	}
}
