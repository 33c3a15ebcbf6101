// Package design is the domain of co-designing a survey in the staff area: drafts of a survey
// version, the workflow that takes a draft through review and approval to open and closed, and
// who may do each step. It imports only the survey domain and the staff roles; the store and the
// pages are adapters.
package design

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/staff"
)

// Status is where a draft is in the workflow.
type Status string

// The workflow: draft -> review -> approved -> open -> closed. Review and approved can go back
// to draft; an open or closed version never changes again.
const (
	InDraft  Status = "draft"    // being edited
	InReview Status = "review"   // waiting for approvals; no edits
	Approved Status = "approved" // every approval it needs is given; may open
	Opened   Status = "open"     // children are answering it; the definition is frozen
	Closed   Status = "closed"   // no longer takes answers; findings show instead
)

// Step is a move from one status to another.
type Step string

// The steps of the workflow, each with the action of the permission table it needs.
const (
	SendToReview Step = "review"  // draft -> review
	BackToDraft  Step = "draft"   // review or approved -> draft
	Approve      Step = "approve" // review -> review or approved, adding an approval
	OpenSurvey   Step = "open"    // approved -> open
	CloseSurvey  Step = "close"   // open -> closed
)

// steps says, for each step, which statuses it starts from and which action it needs.
var steps = map[Step]struct {
	from   []Status
	action staff.Action
}{
	SendToReview: {[]Status{InDraft}, staff.DesignSurveys},
	BackToDraft:  {[]Status{InReview, Approved}, staff.DesignSurveys},
	Approve:      {[]Status{InReview}, staff.ApproveSurveys},
	OpenSurvey:   {[]Status{Approved}, staff.OpenSurveys},
	CloseSurvey:  {[]Status{Opened}, staff.OpenSurveys},
}

// ActionFor is the permission a step needs, for routes and buttons.
func ActionFor(step Step) staff.Action {
	return steps[step].action
}

// Approval is one person's approval of a draft's revision.
type Approval struct {
	UserID string
	Email  string
	Roles  []staff.Role // the roles the person held when approving
	Time   time.Time
}

// Draft is one version of a survey on its way to children: its definition, where it is in the
// workflow, and who has approved it. Its ID is "slug@version"; each save raises Revision.
type Draft struct {
	Slug      string
	Version   int // the version the definition will have when it opens
	BasedOn   int // the version it was started from; 0 for a new survey
	Status    Status
	Revision  int
	Survey    *survey.Survey
	Approvals []Approval
	Updated   time.Time
	UpdatedBy string // email of whoever saved the revision
}

// ID names the draft: slug and version.
func (d *Draft) ID() string {
	return DraftID(d.Slug, d.Version)
}

// DraftID names the draft of a survey's version.
func DraftID(slug string, version int) string {
	return fmt.Sprintf("%s@%d", slug, version)
}

// Policy is who must approve a draft before it may open.
type Policy struct {
	// Roles must each be held by an approver: by default an admin and a scrutineer.
	Roles []staff.Role
	// OnePersonForTwo lets one person who holds several required roles give them all; otherwise
	// each required role needs a different person.
	OnePersonForTwo bool
}

// DefaultPolicy needs an admin and a scrutineer, two different people.
var DefaultPolicy = Policy{Roles: []staff.Role{staff.Admin, staff.Scrutineer}}

// Check refuses a policy needing a role that may not approve at all, or none.
func (p Policy) Check() error {
	if len(p.Roles) == 0 {
		return fmt.Errorf("approval needs at least one role")
	}
	for _, r := range p.Roles {
		if !staff.Allowed([]staff.Role{r}, staff.ApproveSurveys) {
			return fmt.Errorf("role %q may not approve surveys, so it cannot be needed to", r)
		}
	}
	return nil
}

// Met reports whether approvals cover every required role: each by a different approver, unless
// the policy lets one person give several.
func (p Policy) Met(approvals []Approval) bool {
	if p.OnePersonForTwo {
		for _, r := range p.Roles {
			if !slices.ContainsFunc(approvals, func(a Approval) bool { return slices.Contains(a.Roles, r) }) {
				return false
			}
		}
		return true
	}
	used := make([]bool, len(approvals))
	return assign(p.Roles, approvals, used)
}

// assign finds a different approver for each role by trying each in turn; the lists are short.
func assign(roles []staff.Role, approvals []Approval, used []bool) bool {
	if len(roles) == 0 {
		return true
	}
	for i, a := range approvals {
		if !used[i] && slices.Contains(a.Roles, roles[0]) {
			used[i] = true
			if assign(roles[1:], approvals, used) {
				return true
			}
			used[i] = false
		}
	}
	return false
}

// Needed lists the required roles no approval covers yet, for showing who still has to approve.
func (p Policy) Needed(approvals []Approval) []staff.Role {
	var out []staff.Role
	for _, r := range p.Roles {
		if !slices.ContainsFunc(approvals, func(a Approval) bool { return slices.Contains(a.Roles, r) }) {
			out = append(out, r)
		}
	}
	return out
}

// Can reports whether u may take step from the draft's status, for showing only usable buttons.
func (d *Draft) Can(u *staff.User, step Step, p Policy) bool {
	return d.check(u, step, p) == nil
}

// check explains why u may not take step now, or returns nil.
func (d *Draft) check(u *staff.User, step Step, p Policy) error {
	rule, ok := steps[step]
	switch {
	case !ok:
		return survey.Errorf(survey.EINVALID, "design.error.step")
	case u == nil || !u.Can(rule.action):
		return survey.Errorf(survey.EFORBIDDEN, "staff.error.forbidden")
	case !slices.Contains(rule.from, d.Status):
		return survey.Errorf(survey.ECONFLICT, "design.error.status")
	}
	if step == Approve {
		if slices.ContainsFunc(d.Approvals, func(a Approval) bool { return a.UserID == u.ID }) {
			return survey.Errorf(survey.ECONFLICT, "design.error.approved_already")
		}
		if !slices.ContainsFunc(p.Roles, func(r staff.Role) bool { return slices.Contains(u.Roles, r) }) {
			return survey.Errorf(survey.EFORBIDDEN, "design.error.not_approver")
		}
	}
	return nil
}

// Take moves the draft one step on behalf of u at now, or explains why it cannot: EFORBIDDEN
// when u's roles do not allow the step, ECONFLICT when the draft's status does not.
func (d *Draft) Take(u *staff.User, step Step, p Policy, now time.Time) error {
	if err := d.check(u, step, p); err != nil {
		return err
	}
	switch step {
	case SendToReview:
		d.Status = InReview
	case BackToDraft:
		// Back to be written means the wording may change: approvals start again, which also keeps
		// a draft sent back and returned unchanged from waiting in review for approvals it has.
		d.Status = InDraft
		d.Approvals = nil
	case Approve:
		d.Approvals = append(d.Approvals, Approval{UserID: u.ID, Email: u.Email, Roles: slices.Clone(u.Roles), Time: now.UTC()})
		if p.Met(d.Approvals) {
			d.Status = Approved
		}
	case OpenSurvey:
		d.Status = Opened
		d.Survey.Status = survey.StatusOpen
	case CloseSurvey:
		d.Status = Closed
		d.Survey.Status = survey.StatusClosed
	}
	return nil
}

// Edit replaces the draft's definition with s on behalf of u. Only a draft in the draft status
// can change; any approvals are dropped, since they were for other wording. s must pass
// survey.Check and keep the draft's slug and version.
func (d *Draft) Edit(u *staff.User, s *survey.Survey) error {
	switch {
	case u == nil || !u.Can(staff.DesignSurveys):
		return survey.Errorf(survey.EFORBIDDEN, "staff.error.forbidden")
	case d.Status != InDraft:
		return survey.Errorf(survey.ECONFLICT, "design.error.not_draft")
	case s.Slug != d.Slug || s.Version != d.Version:
		return survey.Errorf(survey.EINVALID, "design.error.identity")
	}
	s.Status = survey.StatusDraft
	if err := checkDefinition(s); err != nil {
		return err
	}
	d.Survey = s
	d.Approvals = nil
	return nil
}

// NewDraft starts a draft from s: of the version after it when s is already in the catalog
// (existing), otherwise of s's own version. The definition is copied, in the draft status.
func NewDraft(u *staff.User, s *survey.Survey, existing bool) (*Draft, error) {
	if u == nil || !u.Can(staff.DesignSurveys) {
		return nil, survey.Errorf(survey.EFORBIDDEN, "staff.error.forbidden")
	}
	def := Clone(s)
	based := 0
	if existing {
		based = s.Version
		def.Version = s.Version + 1
	}
	def.Status = survey.StatusDraft
	if err := checkDefinition(def); err != nil {
		return nil, err
	}
	return &Draft{Slug: def.Slug, Version: def.Version, BasedOn: based, Status: InDraft, Survey: def}, nil
}

// Clone copies s deeply, so a draft never shares a label map with a survey children are answering.
func Clone(s *survey.Survey) *survey.Survey {
	data, err := json.Marshal(s)
	if err != nil {
		panic(fmt.Sprintf("a survey always encodes as JSON: %v", err))
	}
	var c survey.Survey
	if err := json.Unmarshal(data, &c); err != nil {
		panic(fmt.Sprintf("a survey always decodes from its own JSON: %v", err))
	}
	c.Source = s.Source
	return &c
}

// checkDefinition runs survey.Check, returning its problems (survey.DefinitionErrors) as an
// EINVALID error so the web layer answers 422 and can show each problem by its question.
func checkDefinition(s *survey.Survey) error {
	if err := s.Check(); err != nil {
		return errors.Join(survey.Errorf(survey.EINVALID, "design.error.check"), err)
	}
	return nil
}
