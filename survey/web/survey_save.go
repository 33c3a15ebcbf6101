package web

import (
	"bytes"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/survey"
)

// saveSurveyForm stores a posted form, or shows it again with every answer kept: after a
// validation error, a language switch, past a rate limit, or when the store cannot be reached.
func (s *Server) saveSurveyForm(c *fiber.Ctx) error {
	sv, err := s.cfg.Surveys.Get(c.Params("slug"))
	if err != nil {
		return err
	}
	args := c.Request().PostArgs()
	p := &surveyPage{
		Key:     string(args.Peek("key")),
		Channel: survey.NormalizeChannel(string(args.Peek("c"))),
		Answers: formAnswers(sv, args.VisitAll),
	}
	if !survey.ValidKey(p.Key) {
		p.Key = newKey()
	}
	// A form shown again keeps its start; one without a valid start gets a new one.
	p.Started = string(args.Peek(startField))
	started := s.startedAt(c.UserContext(), sv.Slug, p.Started)
	if started.IsZero() {
		p.Started = s.startToken(c.UserContext(), sv.Slug, s.cfg.Service.Now())
	}
	lang := string(args.Peek("lang"))
	if !sv.Offers(lang) {
		lang = s.negotiate(c, sv.LanguageCodes(), sv.DefaultLanguage)
	}
	if next := string(args.Peek("switch_lang")); next != "" {
		if sv.Offers(next) {
			lang = next
			rememberLanguage(c, lang)
		}
		p.page = s.newPage(lang, sv, "")
		return s.render(c, fiber.StatusOK, "survey", p)
	}
	p.page = s.newPage(lang, sv, "")
	if err = s.allowSource(c); err == nil {
		err = s.allowChannel(c, p.Channel)
	}
	if err != nil {
		p.Problem = p.T(messageOf(err, statusOf(err)))
		return s.render(c, statusOf(err), "survey", p)
	}
	r, _, err := s.cfg.Service.SubmitResponse(c.UserContext(), sv.Slug, survey.Submission{
		Key: p.Key, Lang: lang, Channel: p.Channel, Answers: p.Answers, Started: started, Honeypot: string(args.Peek(honeypotField)),
	})
	switch survey.ErrorCode(err) {
	case "":
		target := p.ThanksURL()
		// Answers are anonymous, so help offered now is the only answer a disclosure can get.
		if sv.RaisesConcern(r.Answers) || len(r.Flags) > 0 {
			target += "&help=1"
		}
		return c.Redirect(target, fiber.StatusSeeOther)
	case survey.EINVALID:
		p.Problem = p.T(survey.ErrorMessage(err))
		p.Errors = map[string]string{}
		for _, f := range survey.ErrorFields(err) {
			p.Errors[f.Question] = p.T(f.Message, f.Args()...)
		}
		return s.render(c, fiber.StatusUnprocessableEntity, "survey", p)
	case survey.EUNAVAILABLE:
		c.Set(fiber.HeaderRetryAfter, retryAfterSeconds)
		p.Problem = p.T("error.unavailable")
		return s.render(c, fiber.StatusServiceUnavailable, "survey", p)
	case survey.ECLOSED:
		return s.renderClosed(c, lang, sv)
	default:
		return err
	}
}

// formAnswers reads the q.<id> fields of a form: text for text questions, option ids for the rest.
// Fields for unknown questions are kept so validation can report them.
func formAnswers(sv *survey.Survey, visit func(func(key, value []byte))) survey.Answers {
	answers := survey.Answers{}
	visit(func(key, value []byte) {
		id, ok := bytes.CutPrefix(key, []byte("q."))
		if !ok || len(value) == 0 {
			return
		}
		a := answers[string(id)]
		if q, known := sv.Question(string(id)); known && !q.IsChoice() {
			a.Text = string(value)
		} else {
			a.Choices = append(a.Choices, string(value))
		}
		answers[string(id)] = a
	})
	return answers
}
