package design

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/staff"
)

// Revision is one saved state of a draft, kept so what changed between two can be shown.
type Revision struct {
	Number int
	Status Status
	Survey *survey.Survey
	Time   time.Time
	By     string // email of whoever saved it
}

// Store keeps drafts, every revision of each, and the comments on them.
type Store interface {
	CommentStore
	// SaveDraft stores d as revision d.Revision and keeps that revision. It returns ECONFLICT when
	// the draft already has that revision: someone else saved first (or, for revision 1, the
	// version already has a draft).
	SaveDraft(ctx context.Context, d *Draft) error
	// Draft returns the draft with the id ("slug@version"), or ENOTFOUND.
	Draft(ctx context.Context, id string) (*Draft, error)
	// Drafts lists every draft by slug, then version.
	Drafts(ctx context.Context) ([]*Draft, error)
	// Revisions lists the draft's revisions, oldest first.
	Revisions(ctx context.Context, id string) ([]Revision, error)
}

// Auditor records who changed what; the staff service is one.
type Auditor interface {
	RecordSurveyChange(ctx context.Context, u *staff.User, action, subject, detail string) error
}

// Service runs the editor's workflow: drafts in the store, opened versions in the catalog
// children answer from, and every change in the audit log.
type Service struct {
	Store       Store
	Definitions survey.DefinitionStore
	Catalog     *survey.Catalog
	Audit       Auditor
	Policy      Policy
	Now         func() time.Time
}

// Start begins a draft of the next version of the catalog's survey slug.
func (svc *Service) Start(ctx context.Context, u *staff.User, slug string) (*Draft, error) {
	s, err := svc.Catalog.Get(slug)
	if err != nil {
		return nil, err
	}
	d, err := NewDraft(u, s, true)
	if err != nil {
		return nil, err
	}
	return d, svc.create(ctx, u, d, "")
}

// Import begins a draft from a definition read from a file: the next version of a survey the
// catalog has, or the file's own version of a new one.
func (svc *Service) Import(ctx context.Context, u *staff.User, s *survey.Survey) (*Draft, error) {
	cur, err := svc.Catalog.Get(s.Slug)
	existing := err == nil
	if existing {
		s.Version = cur.Version
	}
	d, err := NewDraft(u, s, existing)
	if err != nil {
		return nil, err
	}
	return d, svc.create(ctx, u, d, "import")
}

func (svc *Service) create(ctx context.Context, u *staff.User, d *Draft, detail string) error {
	d.Revision = 1
	d.Updated, d.UpdatedBy = svc.Now().UTC(), u.Email
	if err := svc.Store.SaveDraft(ctx, d); err != nil {
		if survey.ErrorCode(err) == survey.ECONFLICT {
			return survey.Errorf(survey.ECONFLICT, "design.error.draft_exists")
		}
		return err
	}
	return svc.Audit.RecordSurveyChange(ctx, u, staff.AuditDraftStarted, d.ID(), detail)
}

// Draft returns the draft with id.
func (svc *Service) Draft(ctx context.Context, id string) (*Draft, error) {
	return svc.Store.Draft(ctx, id)
}

// Drafts lists every draft.
func (svc *Service) Drafts(ctx context.Context) ([]*Draft, error) {
	return svc.Store.Drafts(ctx)
}

// Revisions lists a draft's saved revisions, oldest first.
func (svc *Service) Revisions(ctx context.Context, id string) ([]Revision, error) {
	return svc.Store.Revisions(ctx, id)
}

// Save replaces the definition of draft id with s, as long as nobody has saved since revision
// (ECONFLICT otherwise), and returns the saved draft.
func (svc *Service) Save(ctx context.Context, u *staff.User, id string, revision int, s *survey.Survey, detail string) (*Draft, error) {
	d, err := svc.Store.Draft(ctx, id)
	if err != nil {
		return nil, err
	}
	if d.Revision != revision {
		return nil, survey.Errorf(survey.ECONFLICT, "design.error.changed")
	}
	if err := d.Edit(u, s); err != nil {
		return nil, err
	}
	if err := svc.save(ctx, u, d); err != nil {
		return nil, err
	}
	return d, svc.Audit.RecordSurveyChange(ctx, u, staff.AuditDraftSaved, id, detail)
}

func (svc *Service) save(ctx context.Context, u *staff.User, d *Draft) error {
	d.Revision++
	d.Updated, d.UpdatedBy = svc.Now().UTC(), u.Email
	if err := svc.Store.SaveDraft(ctx, d); err != nil {
		if survey.ErrorCode(err) == survey.ECONFLICT {
			return survey.Errorf(survey.ECONFLICT, "design.error.changed")
		}
		return err
	}
	return nil
}

// stepAudit is the audit action each step records.
var stepAudit = map[Step]string{
	SendToReview: staff.AuditDraftReview,
	BackToDraft:  staff.AuditDraftBack,
	Approve:      staff.AuditDraftApproved,
	OpenSurvey:   staff.AuditSurveyOpened,
	CloseSurvey:  staff.AuditSurveyClosed,
}

// Take moves draft id one step on behalf of u. Opening records the definition (refused when the
// version changed after answers were stored) and makes it the version children answer at once;
// closing stops answers at once, and the survey page then shows the results.
func (svc *Service) Take(ctx context.Context, u *staff.User, id string, step Step) (*Draft, error) {
	d, err := svc.Store.Draft(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := d.Take(u, step, svc.Policy, svc.Now()); err != nil {
		return nil, err
	}
	live := Clone(d.Survey)
	live.Source = "editor:" + id
	switch step {
	case OpenSurvey:
		if err := svc.Catalog.CanReplace(live); err != nil {
			if survey.ErrorCode(err) == survey.EINTERNAL {
				// Only the previous wave can be wrong here: every save passed Check.
				return nil, errors.Join(survey.Errorf(survey.EINVALID, "design.error.previous_missing"), err)
			}
			return nil, err
		}
		if err := svc.Definitions.RegisterDefinition(ctx, live); err != nil {
			return nil, err
		}
	case CloseSurvey:
		if cur, err := svc.Catalog.Get(d.Slug); err != nil || cur.Version != d.Version {
			live = nil // a later version is answering now; only the draft's record changes
		}
	default:
		live = nil
	}
	if err := svc.save(ctx, u, d); err != nil {
		return nil, err
	}
	if live != nil {
		if err := svc.Catalog.Replace(live); err != nil {
			return nil, fmt.Errorf("put %s in front of children: %w", id, err)
		}
	}
	return d, svc.Audit.RecordSurveyChange(ctx, u, stepAudit[step], id, string(d.Status))
}

// Restore puts the versions opened or closed in the editor into the catalog: at start-up, and
// then every few seconds, so that a survey opened or closed on another server process sharing
// the store reaches this one too. A stored version newer than the catalog's wins; on the same
// version the file wins, so an operator can always correct a survey by shipping a file, except
// that a version the editor put in the catalog takes the status it has been given since (closed).
func (svc *Service) Restore(ctx context.Context) error {
	drafts, err := svc.Store.Drafts(ctx)
	if err != nil {
		return err
	}
	slices.SortFunc(drafts, func(a, b *Draft) int { return cmp.Compare(a.Version, b.Version) })
	for _, d := range drafts {
		if d.Status != Opened && d.Status != Closed {
			continue
		}
		source := "editor:" + d.ID()
		if cur, err := svc.Catalog.Get(d.Slug); err == nil && (cur.Version > d.Version ||
			cur.Version == d.Version && (cur.Source != source || cur.Status == d.Survey.Status)) {
			continue
		}
		live := Clone(d.Survey)
		live.Source = source
		if err := svc.Catalog.Replace(live); err != nil {
			return fmt.Errorf("restore %s: %w", d.ID(), err)
		}
	}
	return nil
}
