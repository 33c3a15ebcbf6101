package backoffice

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/i18n"
	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/staff"
)

// translatableString reads the set the path names and the string of it the form's id names,
// with the anchor its row and fields are named by.
func (s *Server) translatableString(c *fiber.Ctx) (*translationSet, i18n.Message, string, error) {
	ts, err := s.translatableSet(c)
	if err != nil {
		return nil, i18n.Message{}, "", err
	}
	m, ok := ts.message(c.FormValue("id"))
	if !ok {
		return nil, i18n.Message{}, "", survey.Errorf(survey.ENOTFOUND, "error.not_found")
	}
	return ts, m, "s" + anchorID(m.ID), nil
}

// saveTranslation checks a translator's text for one string, form by form, with the placeholder
// and plural checks of i18n check, and stores it over the files' text unless a check fails. With
// the "check" button it only checks, so the checks work as one types without any script.
func (s *Server) saveTranslation(c *fiber.Ctx) error {
	ts, m, anchor, err := s.translatableString(c)
	if err != nil {
		return err
	}
	target, edit := map[string]string{}, survey.TranslationEdit{Set: ts.Set, Lang: ts.LangCode, ID: m.ID, Text: map[string]string{}}
	for _, f := range formsOf(m) {
		if v := strings.TrimSpace(c.FormValue(anchor + "-" + f)); v != "" {
			target[f] = v
			edit.Text[signOffKey(m, f)] = v
		}
	}
	for i := range ts.Messages {
		if ts.Messages[i].ID == m.ID {
			ts.Messages[i].Target = target
		}
	}
	p, err := s.newTranslationPage(c, ts)
	if err != nil {
		return err
	}
	if problems := m.FormProblems(target); len(problems) > 0 {
		p.Problem, p.Errors = p.T("translate.error.problems"), map[string]string{}
		for _, pr := range problems {
			if pr.Form == "" {
				p.Errors[anchor] = p.T("translate.error.forms", "Got", pr.Got, "Want", pr.Want)
				continue
			}
			p.Errors[anchor+"-"+pr.Form] = p.T("translate.error.placeholders", "Form", pr.Form, "Got", pr.Got, "Want", pr.Want)
		}
		return s.Render(c, fiber.StatusUnprocessableEntity, "staff/translation", p)
	}
	if c.FormValue("check") != "" {
		p.Checked, p.Notice = m.ID, p.T("translate.notice.checked")
		return s.Render(c, fiber.StatusOK, "staff/translation", p)
	}
	u, svc := staffUser(c), s.staff.cfg.Service
	edit.By, edit.At = u.Email, svc.Now()
	if err := s.cfg.Translations.Store.SaveTranslationEdit(c.UserContext(), edit); err != nil {
		return err
	}
	if err := svc.RecordTranslation(c.UserContext(), u, staff.AuditTranslationEdited, ts.Set, ts.LangCode, m.ID); err != nil {
		return err
	}
	return c.Redirect(p.URL+"?notice=saved#"+anchor, fiber.StatusSeeOther)
}

// addTranslationComment leaves a note on one string for the others who review it.
func (s *Server) addTranslationComment(c *fiber.Ctx) error {
	ts, m, anchor, err := s.translatableString(c)
	if err != nil {
		return err
	}
	text := strings.TrimSpace(c.FormValue(anchor + "-comment"))
	if text == "" || len(text) > survey.MaxTranslationComment || !utf8.ValidString(text) {
		p, err := s.newTranslationPage(c, ts)
		if err != nil {
			return err
		}
		p.Problem = p.T("translate.error.comment")
		p.Errors = map[string]string{anchor + "-comment": p.Problem}
		return s.Render(c, fiber.StatusUnprocessableEntity, "staff/translation", p)
	}
	u, svc := staffUser(c), s.staff.cfg.Service
	cm := survey.TranslationComment{Set: ts.Set, Lang: ts.LangCode, ID: m.ID, By: u.Email, Text: text, At: svc.Now()}
	if err := s.cfg.Translations.Store.AddTranslationComment(c.UserContext(), cm); err != nil {
		return err
	}
	if err := svc.RecordTranslation(c.UserContext(), u, staff.AuditTranslationComment, ts.Set, ts.LangCode, m.ID); err != nil {
		return err
	}
	return c.Redirect(translationURL(ts.LangCode, ts.Set)+"?notice=commented#"+anchor, fiber.StatusSeeOther)
}

// signOffTranslation records that the signed-in person reviewed the language of the set as it is
// now, edits included, in the sign-off store and the audit log.
func (s *Server) signOffTranslation(c *fiber.Ctx) error {
	ts, err := s.translatableSet(c)
	if err != nil {
		return err
	}
	if s.cfg.Translations.SignOffs == nil {
		return survey.Errorf(survey.ENOTFOUND, "error.not_found")
	}
	u, svc := staffUser(c), s.staff.cfg.Service
	so := survey.NewSignOff(ts.Set, ts.LangCode, u.Email, svc.Now().UTC(), ts.Texts)
	if err := s.cfg.Translations.SignOffs.SaveSignOff(c.UserContext(), so); err != nil {
		return err
	}
	if err := svc.RecordTranslation(c.UserContext(), u, staff.AuditTranslationSignedOff, ts.Set, ts.LangCode, fmt.Sprintf("%d strings", len(ts.Texts))); err != nil {
		return err
	}
	return c.Redirect(translationURL(ts.LangCode, ts.Set)+"?notice=signed_off", fiber.StatusSeeOther)
}
