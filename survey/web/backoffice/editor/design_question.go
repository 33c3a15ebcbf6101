package editor

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/design"
)

// newOptionRows is how many blank option rows the question form offers: enough for a scale's three.
const newOptionRows = 3

// showQuestionPage shows the form that edits one question of a draft being written.
func (s *Server) showQuestionPage(c *fiber.Ctx) error {
	d, err := s.cfg.Design.Draft(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	if d.Status != design.InDraft {
		return survey.Errorf(survey.ECONFLICT, "design.error.not_draft")
	}
	return s.renderQuestion(c, fiber.StatusOK, d, c.Params("q"), nil)
}

func (s *Server) renderQuestion(c *fiber.Ctx, status int, d *design.Draft, id string, problem error) error {
	i := slices.IndexFunc(d.Survey.Questions, func(q survey.Question) bool { return q.ID == id })
	if i < 0 {
		return survey.Errorf(survey.ENOTFOUND, "error.not_found")
	}
	p := &questionPage{draftPage: s.newDraftPage(c, "design.question.title", d), Question: d.Survey.Questions[i], Index: i}
	for j := range newOptionRows {
		p.NewRows = append(p.NewRows, j)
	}
	if problem != nil {
		p.showDefinitionProblems(problem)
	}
	s.showPreviewFrame(c)
	return s.Render(c, status, "staff/design_question", p)
}

// saveQuestion saves the question form: its type, wording in every language, options (with one
// moved or deleted when a row's button was pressed), condition and concern options.
func (s *Server) saveQuestion(c *fiber.Ctx) error {
	id := c.Params("q")
	d, err := s.editDraft(c, "question "+id, func(sv *survey.Survey) error {
		q, ok := sv.Question(id)
		if !ok {
			return survey.Errorf(survey.ENOTFOUND, "error.not_found")
		}
		readQuestion(c, q, sv.LanguageCodes())
		return nil
	})
	switch {
	case err == nil && c.FormValue("do") != "save":
		return c.Redirect(draftURL(d)+"/questions/"+id+"?notice=saved#options", fiber.StatusSeeOther)
	case err == nil:
		return c.Redirect(draftURL(d)+"?notice=saved"+questionAnchor(id), fiber.StatusSeeOther)
	case d != nil && survey.ErrorCode(err) == survey.EINVALID:
		return s.renderQuestion(c, fiber.StatusUnprocessableEntity, d, id, err)
	}
	return err
}

// readQuestion sets q from the question form.
func readQuestion(c *fiber.Ctx, q *survey.Question, langs []string) {
	q.Type = c.FormValue("type")
	q.Required = c.FormValue("required") != ""
	q.PreferNotToSay = c.FormValue("prefer_not_to_say") != ""
	q.Max, _ = strconv.Atoi(c.FormValue("max"))
	q.MaxLength, _ = strconv.Atoi(c.FormValue("max_length"))
	q.Text = formText(c, "text", langs)
	q.Hint = formText(c, "hint", langs)

	var options []survey.Option
	n, _ := strconv.Atoi(c.FormValue("options"))
	for j := range min(n, 50) {
		options = append(options, survey.Option{ID: c.FormValue(fmt.Sprintf("opt.%d.id", j)), Text: formText(c, fmt.Sprintf("opt.%d.text", j), langs)})
	}
	for j := range newOptionRows {
		if oid := strings.TrimSpace(c.FormValue(fmt.Sprintf("new.%d.id", j))); oid != "" {
			options = append(options, survey.Option{ID: oid, Text: formText(c, fmt.Sprintf("new.%d.text", j), langs)})
		}
	}
	verb, at, _ := strings.Cut(c.FormValue("do"), ".")
	if j, err := strconv.Atoi(at); err == nil && j >= 0 && j < len(options) {
		switch {
		case verb == "up" && j > 0:
			options[j-1], options[j] = options[j], options[j-1]
		case verb == "down" && j+1 < len(options):
			options[j+1], options[j] = options[j], options[j+1]
		case verb == "delete":
			options = slices.Delete(options, j, j+1)
		}
	}
	if q.Type == survey.FreeText {
		options = nil
	}
	q.Options = options

	q.Concern = nil
	for _, oid := range c.Request().PostArgs().PeekMulti("concern") {
		if q.HasOption(string(oid)) {
			q.Concern = append(q.Concern, string(oid))
		}
	}
	q.ShowIf = nil
	for _, v := range c.Request().PostArgs().PeekMulti("show_if") {
		ref, oid, _ := strings.Cut(string(v), ":")
		if q.ShowIf == nil {
			q.ShowIf = &survey.Condition{Question: ref}
		}
		if ref == q.ShowIf.Question {
			q.ShowIf.AnyOf = append(q.ShowIf.AnyOf, oid)
		}
	}
}
