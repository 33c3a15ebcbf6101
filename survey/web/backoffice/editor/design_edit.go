package editor

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/design"
	"github.com/safeguarding/safetysurvey/survey/web/backoffice"
)

// showDraftPage shows a draft in the editor.
func (s *Server) showDraftPage(c *fiber.Ctx) error {
	d, err := s.cfg.Design.Draft(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	return s.renderDraft(c, fiber.StatusOK, d, nil)
}

// renderDraft shows the editor page of d, with the problems of a change that was not saved.
func (s *Server) renderDraft(c *fiber.Ctx, status int, d *design.Draft, problem error) error {
	p := &editPage{draftPage: s.newDraftPage(c, "design.edit.title", d)}
	p.Notes, p.ReadingAge = survey.CheckPlainLanguage(d.Survey)
	comments, err := s.cfg.Design.Comments(c.UserContext(), d.ID())
	if err != nil {
		return err
	}
	p.Comments = map[string][]design.Comment{}
	for _, cm := range comments {
		p.Comments[cm.Question] = append(p.Comments[cm.Question], cm)
	}
	p.ShowNotice(c)
	if problem != nil {
		p.showDefinitionProblems(problem)
	}
	s.showPreviewFrame(c)
	return s.Render(c, status, "staff/design_edit", p)
}

// editDraft applies change to a copy of the draft's definition and saves it as the revision
// after the one the form was made from. It returns the draft and the changed definition even
// when saving failed, so the page can show what was typed beside the problems.
func (s *Server) editDraft(c *fiber.Ctx, detail string, change func(*survey.Survey) error) (*design.Draft, error) {
	d, err := s.cfg.Design.Draft(c.UserContext(), c.Params("id"))
	if err != nil {
		return nil, err
	}
	edited := design.Clone(d.Survey)
	if err := change(edited); err != nil {
		d.Survey = edited
		return d, err
	}
	rev, _ := strconv.Atoi(c.FormValue("rev"))
	saved, err := s.cfg.Design.Save(c.UserContext(), backoffice.StaffUser(c), d.ID(), rev, edited, detail)
	if err != nil {
		d.Survey = edited
		return d, err
	}
	return saved, nil
}

// savedOrProblems goes back to the editor after a change was saved, or shows the editor with the
// change's problems; other errors go to the error page.
func (s *Server) savedOrProblems(c *fiber.Ctx, d *design.Draft, err error, anchor string) error {
	switch {
	case err == nil:
		return c.Redirect(draftURL(d)+"?notice=saved"+anchor, fiber.StatusSeeOther)
	case d != nil && survey.ErrorCode(err) == survey.EINVALID:
		return s.renderDraft(c, fiber.StatusUnprocessableEntity, d, err)
	}
	return err
}

// saveDraftSurvey saves the survey's title and introduction in every language.
func (s *Server) saveDraftSurvey(c *fiber.Ctx) error {
	d, err := s.editDraft(c, "about", func(sv *survey.Survey) error {
		sv.Title = formText(c, "title", sv.LanguageCodes())
		sv.Intro = formText(c, "intro", sv.LanguageCodes())
		sv.Thanks = formText(c, "thanks", sv.LanguageCodes())
		sv.Closes = strings.TrimSpace(c.FormValue("closes"))
		sv.Languages = chosenLanguages(sv.Languages, s.Messages().Languages(), c.Request().PostArgs().PeekMulti("languages"))
		return nil
	})
	return s.savedOrProblems(c, d, err, "#about")
}

// addQuestion adds a question with its English wording and goes to its page to finish it.
func (s *Server) addQuestion(c *fiber.Ctx) error {
	id := strings.TrimSpace(c.FormValue("id"))
	d, err := s.editDraft(c, "added "+id, func(sv *survey.Survey) error {
		return design.AddQuestion(sv, id, strings.TrimSpace(c.FormValue("text")))
	})
	if err != nil {
		return s.savedOrProblems(c, d, err, "")
	}
	return c.Redirect(draftURL(d)+"/questions/"+id, fiber.StatusSeeOther)
}

// moveQuestion moves a question one place up or down.
func (s *Server) moveQuestion(c *fiber.Ctx) error {
	id, delta := c.Params("q"), 1
	if c.FormValue("direction") == "up" {
		delta = -1
	}
	d, err := s.editDraft(c, "moved "+id, func(sv *survey.Survey) error { return design.MoveQuestion(sv, id, delta) })
	return s.savedOrProblems(c, d, err, questionAnchor(id))
}

// deleteQuestion removes a question.
func (s *Server) deleteQuestion(c *fiber.Ctx) error {
	id := c.Params("q")
	d, err := s.editDraft(c, "deleted "+id, func(sv *survey.Survey) error { return design.RemoveQuestion(sv, id) })
	return s.savedOrProblems(c, d, err, "")
}

// formText reads a text in every language from fields named prefix.<lang>; blank ones are left out.
func formText(c *fiber.Ctx, prefix string, langs []string) survey.Text {
	t := survey.Text{}
	for _, l := range langs {
		if v := strings.TrimSpace(c.FormValue(prefix + "." + l)); v != "" {
			t[l] = v
		}
	}
	return t
}

// chosenLanguages is the survey's languages after the form's ticks: those kept stay in their
// order with their reviewed mark, new ones follow in the order the site offers them, and English,
// the source of every translation, always stays.
func chosenLanguages(current []survey.Language, offered []string, ticked [][]byte) []survey.Language {
	want := map[string]bool{survey.SourceLanguage: true}
	for _, code := range ticked {
		want[string(code)] = true
	}
	var out []survey.Language
	for _, l := range current {
		if want[l.Code] {
			out = append(out, l)
			delete(want, l.Code)
		}
	}
	for _, code := range offered {
		if want[code] {
			out = append(out, survey.Language{Code: code})
		}
	}
	return out
}
