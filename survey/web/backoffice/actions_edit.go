package backoffice

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/i18n"
	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/staff"
	"github.com/safeguarding/safetysurvey/survey/web"
)

// actionsPage is the actions editor of one survey: every action with its texts in every
// language side by side, its status and the findings it answers, and a form to add one.
type actionsPage struct {
	staffPage
	Rev      int64
	FromFile bool // the actions shown come from the survey's file; the first save keeps them here
	Items    []actionForm
	New      actionForm
}

// actionForm is the form of one action; N is its place from 1, or 0 for a new one.
type actionForm struct {
	P      *actionsPage
	N      int
	Action survey.Action
	Last   bool
}

// ID prefixes the ids of the form's fields, so that every form on the page has its own.
func (f actionForm) ID() string {
	if f.N == 0 {
		return "new"
	}
	return "a" + strconv.Itoa(f.N)
}

// URL is where the form posts: the action's own address, or the list's for a new one.
func (f actionForm) URL() string {
	base := web.StaffPath + "/surveys/" + f.P.Survey.Slug + "/actions"
	if f.N == 0 {
		return base
	}
	return base + "/" + strconv.Itoa(f.N)
}

// FieldError is the problem with one of this form's fields, or "".
func (f actionForm) FieldError(field string) string {
	return f.P.FieldError(f.ID() + "-" + field)
}

// actionText is one language's version of an action's texts.
type actionText struct {
	Lang                    i18n.Language
	Text, YouSaid           string
	MissingText, MissingYou bool // English has it and this language does not
}

// Texts lists the action's texts in each of the survey's languages, English first.
func (f actionForm) Texts() []actionText {
	var rows []actionText
	for _, l := range f.P.Survey.LanguageCodes() {
		a := f.Action
		rows = append(rows, actionText{Lang: i18n.Describe(l), Text: a.Text[l], YouSaid: a.YouSaid[l],
			MissingText: a.Text.Has(survey.SourceLanguage) && !a.Text.Has(l),
			MissingYou:  a.YouSaid.Has(survey.SourceLanguage) && !a.YouSaid.Has(l)})
	}
	return rows
}

// Linked reports whether the action answers the question or theme id.
func (f actionForm) Linked(ids []string, id string) bool {
	return slices.Contains(ids, id)
}

// StatusName is an action status in the page's language.
func (p *actionsPage) StatusName(status string) string {
	return p.T("action." + status)
}

// Statuses lists every action status.
func (p *actionsPage) Statuses() []string {
	return survey.ActionStatuses
}

// editedActions reads the survey of the request and the actions the editor starts from: those
// saved, or, before any are, the survey file's, exactly as survey.ActionsOf shows them.
func (s *Server) editedActions(c *fiber.Ctx) (*survey.Survey, *survey.ActionList, bool, error) {
	sv, err := s.cfg.Surveys.Get(c.Params("slug"))
	if err != nil {
		return nil, nil, false, err
	}
	l, err := s.cfg.Actions.ActionList(c.UserContext(), sv.Slug)
	if err != nil {
		return nil, nil, false, err
	}
	fromFile := len(l.Actions) == 0 && len(sv.Actions) > 0
	if len(l.Actions) == 0 {
		l.Actions = slices.Clone(sv.Actions)
	}
	return sv, l, fromFile, nil
}

// newActionsPage lays out the editor for the actions of l.
func (s *Server) newActionsPage(c *fiber.Ctx, sv *survey.Survey, l *survey.ActionList, fromFile bool) *actionsPage {
	p := &actionsPage{staffPage: s.newStaffPage(c, "actions.title", ""), Rev: l.Rev, FromFile: fromFile}
	p.Survey = sv
	for i, a := range l.Actions {
		p.Items = append(p.Items, actionForm{P: p, N: i + 1, Action: a, Last: i == len(l.Actions)-1})
	}
	p.New = actionForm{P: p, Action: survey.Action{Status: survey.ActionPlanned}}
	if c.Query("notice") == "saved" {
		p.Notice = p.T("actions.notice.saved")
	}
	return p
}

// showActionsPage shows the actions editor.
func (s *Server) showActionsPage(c *fiber.Ctx) error {
	sv, l, fromFile, err := s.editedActions(c)
	if err != nil {
		return err
	}
	return s.Render(c, fiber.StatusOK, "staff/actions", s.newActionsPage(c, sv, l, fromFile))
}

// actionFromForm reads an action as the form sent it, keeping only texts in the survey's languages.
func actionFromForm(c *fiber.Ctx, sv *survey.Survey) survey.Action {
	a := survey.Action{Status: c.FormValue("status"), Text: survey.Text{}, YouSaid: survey.Text{},
		Questions: formValues(c, "question"), Themes: formValues(c, "theme")}
	for _, l := range sv.LanguageCodes() {
		if v := strings.TrimSpace(c.FormValue("text." + l)); v != "" {
			a.Text[l] = v
		}
		if v := strings.TrimSpace(c.FormValue("you_said." + l)); v != "" {
			a.YouSaid[l] = v
		}
	}
	if len(a.YouSaid) == 0 {
		a.YouSaid = nil
	}
	return a
}

// actionIndex is the place of the action the path names, from 0, or ENOTFOUND.
func actionIndex(c *fiber.Ctx, l *survey.ActionList) (int, error) {
	n, err := strconv.Atoi(c.Params("n"))
	if err != nil || n < 1 || n > len(l.Actions) {
		return 0, survey.Errorf(survey.ENOTFOUND, "error.not_found")
	}
	return n - 1, nil
}

// changeActions applies change to the edited actions, saves them if the form was made from the
// revision still stored, audits what changed and goes back to the editor. change returns the
// place (from 1) of the action to show, and what the audit log says about it. An invalid action
// shows the editor again with its form's problems; no change is saved.
func (s *Server) changeActions(c *fiber.Ctx, audit string, change func(sv *survey.Survey, l *survey.ActionList) (int, string, error)) error {
	sv, l, fromFile, err := s.editedActions(c)
	if err != nil {
		return err
	}
	if rev, _ := strconv.ParseInt(c.FormValue("rev"), 10, 64); rev != l.Rev {
		return survey.Errorf(survey.ECONFLICT, "actions.error.conflict")
	}
	n, detail, err := change(sv, l)
	if survey.ErrorCode(err) == survey.EINVALID {
		return s.showActionProblems(c, sv, l, fromFile, n, err)
	}
	if err != nil {
		return err
	}
	if err := s.cfg.Actions.SaveActionList(c.UserContext(), l); err != nil {
		return err
	}
	if err := s.staff.cfg.Service.RecordSurveyChange(c.UserContext(), staffUser(c), audit, sv.Slug, detail); err != nil {
		return err
	}
	anchor := ""
	if n > 0 {
		anchor = "#action-" + strconv.Itoa(n)
	}
	return c.Redirect(web.StaffPath+"/surveys/"+sv.Slug+"/actions?notice=saved"+anchor, fiber.StatusSeeOther)
}

// showActionProblems shows the editor again with the form of action n (0 for a new one) as it
// was sent and its fields' problems.
func (s *Server) showActionProblems(c *fiber.Ctx, sv *survey.Survey, l *survey.ActionList, fromFile bool, n int, problem error) error {
	p := s.newActionsPage(c, sv, l, fromFile)
	sent := actionFromForm(c, sv)
	if n == 0 {
		p.New.Action = sent
	} else {
		p.Items[n-1].Action = sent
	}
	p.ShowProblem(problem)
	form := actionForm{P: p, N: n}
	prefixed := make(map[string]string, len(p.Errors))
	for field, msg := range p.Errors {
		prefixed[form.ID()+"-"+field] = msg
	}
	p.Errors = prefixed
	return s.Render(c, fiber.StatusUnprocessableEntity, "staff/actions", p)
}

// auditDetail names an action in the audit log by its place and English text.
func auditDetail(n int, a survey.Action) string {
	return fmt.Sprintf("%d: %s", n, a.Text[survey.SourceLanguage])
}

// addAction adds an action at the end of the list.
func (s *Server) addAction(c *fiber.Ctx) error {
	return s.changeActions(c, staff.AuditActionAdded, func(sv *survey.Survey, l *survey.ActionList) (int, string, error) {
		a := actionFromForm(c, sv)
		if err := a.Check(sv); err != nil {
			return 0, "", err
		}
		l.Actions = append(l.Actions, a)
		return len(l.Actions), auditDetail(len(l.Actions), a), nil
	})
}

// saveAction replaces an action with the form's.
func (s *Server) saveAction(c *fiber.Ctx) error {
	return s.changeActions(c, staff.AuditActionSaved, func(sv *survey.Survey, l *survey.ActionList) (int, string, error) {
		i, err := actionIndex(c, l)
		if err != nil {
			return 0, "", err
		}
		a := actionFromForm(c, sv)
		if err := a.Check(sv); err != nil {
			return i + 1, "", err
		}
		l.Actions[i] = a
		return i + 1, auditDetail(i+1, a), nil
	})
}

// moveAction swaps an action with the one above it (direction=up) or below it (down).
func (s *Server) moveAction(c *fiber.Ctx) error {
	return s.changeActions(c, staff.AuditActionMoved, func(sv *survey.Survey, l *survey.ActionList) (int, string, error) {
		i, err := actionIndex(c, l)
		if err != nil {
			return 0, "", err
		}
		j := i + 1
		if c.FormValue("direction") == "up" {
			j = i - 1
		}
		if j < 0 || j >= len(l.Actions) {
			return 0, "", survey.Errorf(survey.ECONFLICT, "actions.error.move")
		}
		l.Actions[i], l.Actions[j] = l.Actions[j], l.Actions[i]
		return j + 1, fmt.Sprintf("%d -> %s", i+1, auditDetail(j+1, l.Actions[j])), nil
	})
}

// deleteAction removes an action.
func (s *Server) deleteAction(c *fiber.Ctx) error {
	return s.changeActions(c, staff.AuditActionDeleted, func(sv *survey.Survey, l *survey.ActionList) (int, string, error) {
		i, err := actionIndex(c, l)
		if err != nil {
			return 0, "", err
		}
		detail := auditDetail(i+1, l.Actions[i])
		l.Actions = slices.Delete(l.Actions, i, i+1)
		return 0, detail, nil
	})
}
