package backoffice

import (
	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/i18n"
	"github.com/safeguarding/safetysurvey/survey"
)

// showTranslationsPage lists the sets of strings of each language the signed-in person
// translates, with where each one's review stands.
func (s *Server) showTranslationsPage(c *fiber.Ctx) error {
	p := &translationsPage{staffPage: s.newStaffPage(c, "translate.title", "translations")}
	reviews, err := s.Reviews(c.UserContext())
	if err != nil {
		return err
	}
	for _, lang := range translatorLanguages(p.User, s.Messages().Languages()) {
		l := translationLanguage{Lang: i18n.Describe(lang)}
		for _, set := range s.translationSetsOf(lang) {
			ts, err := s.readSet(c, lang, set)
			if err != nil {
				return err
			}
			l.Sets = append(l.Sets, translationSetLink{URL: translationURL(lang, set), Survey: ts.Survey, State: p.ReviewState(reviews.State(set, lang, ts.Texts))})
		}
		p.Languages = append(p.Languages, l)
	}
	return s.Render(c, fiber.StatusOK, "staff/translations", p)
}

// translationSetsOf lists the sets a translator of lang works on: the UI strings and the text of
// each survey offered in lang. The safeguarding phrase lists are the safeguarding lead's.
func (s *Server) translationSetsOf(lang string) []string {
	sets := []string{survey.SetUI}
	for _, sv := range s.cfg.Surveys.All() {
		if sv.Offers(lang) {
			sets = append(sets, survey.SurveySet(sv.Slug))
		}
	}
	return sets
}

// showTranslationPage shows one language of one set: English and the translation side by side.
func (s *Server) showTranslationPage(c *fiber.Ctx) error {
	ts, err := s.translatableSet(c)
	if err != nil {
		return err
	}
	p, err := s.newTranslationPage(c, ts)
	if err != nil {
		return err
	}
	p.ShowNotice(c)
	return s.Render(c, fiber.StatusOK, "staff/translation", p)
}

// newTranslationPage starts the page of ts with where its review stands.
func (s *Server) newTranslationPage(c *fiber.Ctx, ts *translationSet) (*translationPage, error) {
	reviews, err := s.Reviews(c.UserContext())
	if err != nil {
		return nil, err
	}
	p := &translationPage{staffPage: s.newStaffPage(c, "translate.title", "translations"), translationSet: ts,
		Language: i18n.Describe(ts.LangCode), State: reviews.State(ts.Set, ts.LangCode, ts.Texts), URL: translationURL(ts.LangCode, ts.Set)}
	p.Survey = ts.Survey
	return p, nil
}
