package editor

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/design"
)

// changesPage shows what changed between two saved revisions of a draft.
type changesPage struct {
	draftPage
	Revisions []design.Revision
	From, To  int
	Changes   []design.Change
}

// showChangesPage compares revisions ?from= and ?to= of a draft: by default the first (the
// version it was started from) and the latest.
func (s *Server) showChangesPage(c *fiber.Ctx) error {
	d, err := s.cfg.Design.Draft(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	revs, err := s.cfg.Design.Revisions(c.UserContext(), d.ID())
	if err != nil {
		return err
	}
	p := &changesPage{draftPage: s.newDraftPage(c, "design.changes.title", d), Revisions: revs, From: 1, To: d.Revision}
	if n, err := strconv.Atoi(c.Query("from")); err == nil {
		p.From = n
	}
	if n, err := strconv.Atoi(c.Query("to")); err == nil {
		p.To = n
	}
	before, after := revision(revs, p.From), revision(revs, p.To)
	if before == nil || after == nil {
		return survey.Errorf(survey.ENOTFOUND, "error.not_found")
	}
	p.Changes = design.Compare(before, after)
	return s.Render(c, fiber.StatusOK, "staff/design_changes", p)
}

// revision is the definition saved as revision n, or nil.
func revision(revs []design.Revision, n int) *survey.Survey {
	for _, r := range revs {
		if r.Number == n {
			return r.Survey
		}
	}
	return nil
}
