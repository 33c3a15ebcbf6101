package design_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/design"
	"github.com/safeguarding/safetysurvey/survey/staff"
)

var now = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

func person(id string, roles ...staff.Role) *staff.User {
	return &staff.User{ID: id, Email: id + "@example.org", Roles: roles}
}

var (
	admin      = person("ada", staff.Admin)
	admin2     = person("ali", staff.Admin)
	scrutineer = person("sam", staff.Scrutineer)
	lead       = person("lee", staff.SafeguardingLead)
	worker     = person("wyn", staff.YouthWorker)
	both       = person("bo", staff.Admin, staff.Scrutineer)
)

func sample() *survey.Survey {
	return &survey.Survey{Slug: "safety", Version: 2, Status: survey.StatusOpen, DefaultLanguage: "en",
		Languages: []survey.Language{{Code: "en"}, {Code: "ar"}}, Title: survey.Text{"en": "How safe?"},
		Questions: []survey.Question{{ID: "home", Type: survey.Single, Text: survey.Text{"en": "Do you feel safe at home?"},
			Options: []survey.Option{{ID: "yes", Text: survey.Text{"en": "Yes"}}, {ID: "no", Text: survey.Text{"en": "No"}}}}}}
}

func newDraft(t *testing.T, status design.Status, approvals ...*staff.User) *design.Draft {
	t.Helper()
	d, err := design.NewDraft(admin, sample(), true)
	if err != nil {
		t.Fatal(err)
	}
	d.Status = status
	for _, u := range approvals {
		d.Approvals = append(d.Approvals, design.Approval{UserID: u.ID, Roles: u.Roles})
	}
	return d
}

func TestNewDraft(t *testing.T) {
	s := sample()
	d, err := design.NewDraft(scrutineer, s, true)
	if err != nil {
		t.Fatal(err)
	}
	if d.Version != 3 || d.BasedOn != 2 || d.Status != design.InDraft || d.Survey.Status != survey.StatusDraft || d.ID() != "safety@3" {
		t.Errorf("draft %s based on %d, status %s/%s", d.ID(), d.BasedOn, d.Status, d.Survey.Status)
	}
	d.Survey.Questions[0].Text["en"] = "changed"
	if s.Questions[0].Text["en"] != "Do you feel safe at home?" {
		t.Error("the draft shares its wording with the survey it came from")
	}
	if _, err := design.NewDraft(lead, s, true); survey.ErrorCode(err) != survey.EFORBIDDEN {
		t.Errorf("a safeguarding lead started a draft: %v", err)
	}
}

func TestTake(t *testing.T) {
	for _, tc := range []struct {
		name      string
		status    design.Status
		approvals []*staff.User
		policy    design.Policy
		who       *staff.User
		step      design.Step
		want      design.Status // the status after, when the step is allowed
		code      string        // the error code, when it is not
	}{
		{"OKSendToReview", design.InDraft, nil, design.DefaultPolicy, scrutineer, design.SendToReview, design.InReview, ""},
		{"ErrReviewByLead", design.InDraft, nil, design.DefaultPolicy, lead, design.SendToReview, "", survey.EFORBIDDEN},
		{"ErrReviewFromReview", design.InReview, nil, design.DefaultPolicy, admin, design.SendToReview, "", survey.ECONFLICT},
		{"OKBackFromReview", design.InReview, nil, design.DefaultPolicy, scrutineer, design.BackToDraft, design.InDraft, ""},
		{"OKBackFromApproved", design.Approved, []*staff.User{admin, scrutineer}, design.DefaultPolicy, admin, design.BackToDraft, design.InDraft, ""},
		{"ErrBackFromOpen", design.Opened, nil, design.DefaultPolicy, admin, design.BackToDraft, "", survey.ECONFLICT},
		{"OKFirstApprovalStaysInReview", design.InReview, nil, design.DefaultPolicy, admin, design.Approve, design.InReview, ""},
		{"OKScrutineerAfterAdmin", design.InReview, []*staff.User{admin}, design.DefaultPolicy, scrutineer, design.Approve, design.Approved, ""},
		{"OKAdminAfterScrutineer", design.InReview, []*staff.User{scrutineer}, design.DefaultPolicy, admin, design.Approve, design.Approved, ""},
		{"OKTwoAdminsStillNeedScrutineer", design.InReview, []*staff.User{admin}, design.DefaultPolicy, admin2, design.Approve, design.InReview, ""},
		{"ErrApproveTwice", design.InReview, []*staff.User{admin}, design.DefaultPolicy, admin, design.Approve, "", survey.ECONFLICT},
		{"ErrApproveInDraft", design.InDraft, nil, design.DefaultPolicy, admin, design.Approve, "", survey.ECONFLICT},
		{"ErrApproveByLead", design.InReview, nil, design.DefaultPolicy, lead, design.Approve, "", survey.EFORBIDDEN},
		{"ErrApproveByWorker", design.InReview, nil, design.DefaultPolicy, worker, design.Approve, "", survey.EFORBIDDEN},
		{"ErrApproveRoleNotNeeded", design.InReview, nil, design.Policy{Roles: []staff.Role{staff.Admin}}, scrutineer, design.Approve, "", survey.EFORBIDDEN},
		{"OKOneRolePolicy", design.InReview, nil, design.Policy{Roles: []staff.Role{staff.Admin}}, admin, design.Approve, design.Approved, ""},
		{"OKBothRolesTwoPeopleNeeded", design.InReview, nil, design.DefaultPolicy, both, design.Approve, design.InReview, ""},
		{"OKBothRolesThenOther", design.InReview, []*staff.User{both}, design.DefaultPolicy, scrutineer, design.Approve, design.Approved, ""},
		{"OKBothRolesOnePersonAllowed", design.InReview, nil, design.Policy{Roles: design.DefaultPolicy.Roles, OnePersonForTwo: true}, both, design.Approve, design.Approved, ""},
		{"OKOpen", design.Approved, []*staff.User{admin, scrutineer}, design.DefaultPolicy, admin, design.OpenSurvey, design.Opened, ""},
		{"ErrOpenUnapproved", design.InReview, []*staff.User{admin}, design.DefaultPolicy, admin, design.OpenSurvey, "", survey.ECONFLICT},
		{"ErrOpenDraft", design.InDraft, nil, design.DefaultPolicy, admin, design.OpenSurvey, "", survey.ECONFLICT},
		{"ErrOpenByScrutineer", design.Approved, []*staff.User{admin, scrutineer}, design.DefaultPolicy, scrutineer, design.OpenSurvey, "", survey.EFORBIDDEN},
		{"OKClose", design.Opened, nil, design.DefaultPolicy, admin, design.CloseSurvey, design.Closed, ""},
		{"ErrCloseByScrutineer", design.Opened, nil, design.DefaultPolicy, scrutineer, design.CloseSurvey, "", survey.EFORBIDDEN},
		{"ErrCloseDraft", design.InDraft, nil, design.DefaultPolicy, admin, design.CloseSurvey, "", survey.ECONFLICT},
		{"ErrReopenClosed", design.Closed, nil, design.DefaultPolicy, admin, design.OpenSurvey, "", survey.ECONFLICT},
		{"ErrUnknownStep", design.InDraft, nil, design.DefaultPolicy, admin, design.Step("publish"), "", survey.EINVALID},
		{"ErrNobody", design.InDraft, nil, design.DefaultPolicy, nil, design.SendToReview, "", survey.EFORBIDDEN},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := newDraft(t, tc.status, tc.approvals...)
			can := d.Can(tc.who, tc.step, tc.policy)
			err := d.Take(tc.who, tc.step, tc.policy, now)
			if got := survey.ErrorCode(err); got != tc.code {
				t.Fatalf("error %v, want code %q", err, tc.code)
			}
			if can != (tc.code == "") {
				t.Errorf("Can = %v, but Take gave %v", can, err)
			}
			if tc.code != "" {
				if d.Status != tc.status {
					t.Errorf("a refused step moved the status to %s", d.Status)
				}
				return
			}
			if d.Status != tc.want {
				t.Errorf("status %s, want %s", d.Status, tc.want)
			}
		})
	}
}

// TestApprovedThenBackToDraft sends an approved draft back and returns it unchanged: it must be
// approvable again, not stuck in review holding approvals nobody can add to.
func TestApprovedThenBackToDraft(t *testing.T) {
	d := newDraft(t, design.Approved, admin, scrutineer)
	for _, step := range []design.Step{design.BackToDraft, design.SendToReview, design.Approve} {
		if err := d.Take(admin, step, design.DefaultPolicy, now); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	if err := d.Take(scrutineer, design.Approve, design.DefaultPolicy, now); err != nil || d.Status != design.Approved {
		t.Fatalf("second approval: %v, status %s", err, d.Status)
	}
}

func TestOpenAndCloseSetTheSurveyStatus(t *testing.T) {
	d := newDraft(t, design.Approved, admin, scrutineer)
	if err := d.Take(admin, design.OpenSurvey, design.DefaultPolicy, now); err != nil || d.Survey.Status != survey.StatusOpen {
		t.Fatalf("open: %v, survey status %s", err, d.Survey.Status)
	}
	if err := d.Edit(admin, sample()); survey.ErrorCode(err) != survey.ECONFLICT {
		t.Errorf("an open version was edited: %v", err)
	}
	if err := d.Take(admin, design.CloseSurvey, design.DefaultPolicy, now); err != nil || d.Survey.Status != survey.StatusClosed {
		t.Fatalf("close: %v, survey status %s", err, d.Survey.Status)
	}
}

func TestEdit(t *testing.T) {
	edited := func() *survey.Survey {
		s := sample()
		s.Version = 3
		s.Questions[0].Text["en"] = "Do you feel safe where you live?"
		return s
	}
	t.Run("OKDropsApprovals", func(t *testing.T) {
		d := newDraft(t, design.InDraft, admin)
		if err := d.Edit(scrutineer, edited()); err != nil {
			t.Fatal(err)
		}
		if len(d.Approvals) != 0 || d.Survey.Questions[0].Text["en"] != "Do you feel safe where you live?" || d.Survey.Status != survey.StatusDraft {
			t.Errorf("after edit: approvals %v, text %q, status %s", d.Approvals, d.Survey.Questions[0].Text["en"], d.Survey.Status)
		}
	})
	for _, tc := range []struct {
		name   string
		status design.Status
		who    *staff.User
		change func(*survey.Survey)
		code   string
	}{
		{"ErrInReview", design.InReview, admin, nil, survey.ECONFLICT},
		{"ErrApproved", design.Approved, admin, nil, survey.ECONFLICT},
		{"ErrOpen", design.Opened, admin, nil, survey.ECONFLICT},
		{"ErrLead", design.InDraft, lead, nil, survey.EFORBIDDEN},
		{"ErrOtherVersion", design.InDraft, admin, func(s *survey.Survey) { s.Version = 7 }, survey.EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := newDraft(t, tc.status, admin)
			s := edited()
			if tc.change != nil {
				tc.change(s)
			}
			if err := d.Edit(tc.who, s); survey.ErrorCode(err) != tc.code {
				t.Fatalf("error %v, want %s", err, tc.code)
			}
			if len(d.Approvals) != 1 {
				t.Error("a refused edit dropped the approvals")
			}
		})
	}
	t.Run("ErrCheck", func(t *testing.T) {
		d := newDraft(t, design.InDraft)
		s := edited()
		s.Questions[0].Options = s.Questions[0].Options[:1]
		var errs survey.DefinitionErrors
		if err := d.Edit(admin, s); survey.ErrorCode(err) != survey.EINVALID || !errors.As(err, &errs) || len(errs) == 0 {
			t.Fatalf("error %v, want the definition's problems", err)
		}
	})
}

func TestPolicy(t *testing.T) {
	if err := (design.Policy{Roles: []staff.Role{staff.YouthWorker}}).Check(); err == nil {
		t.Error("a policy needing a youth worker's approval passed, but youth workers may not approve")
	}
	if err := (design.Policy{}).Check(); err == nil {
		t.Error("a policy needing nobody passed")
	}
	if err := design.DefaultPolicy.Check(); err != nil {
		t.Error(err)
	}
	approvals := []design.Approval{{UserID: "ada", Roles: []staff.Role{staff.Admin}}}
	if got := design.DefaultPolicy.Needed(approvals); !slices.Equal(got, []staff.Role{staff.Scrutineer}) {
		t.Errorf("Needed = %v, want scrutineer", got)
	}
}
