package children

import (
	"bytes"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/web"
)

// saveSurveyForm stores a posted form and thanks the child, or shows it again with every answer kept: after a
// validation error, a language switch, past a rate limit, or when the store cannot be reached.
func (s *Server) saveSurveyForm(c *fiber.Ctx) error {
	sv, err := s.cfg.Surveys.Get(c.Params("slug"))
	if err != nil {
		return err
	}
	args := c.Request().PostArgs()
	channel := survey.NormalizeChannel(string(args.Peek("c")))
	next := string(args.Peek("switch_lang"))
	// A submission takes its tokens before its answers are read or a page is built; past a limit,
	// the form comes back with every answer kept. A language switch stores nothing and takes none.
	var limit error
	if next == "" {
		if limit = s.AllowSource(c); limit == nil {
			limit = s.AllowChannel(c, channel)
		}
	}
	p := &web.SurveyPage{
		Key:     string(args.Peek("key")),
		Channel: channel,
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
		lang = s.Negotiate(c, sv.LanguageCodes(), sv.DefaultLanguage)
	}
	if next != "" {
		if sv.Offers(next) {
			lang = next
			web.RememberLanguage(c, lang)
		}
		p.Page = s.NewPage(lang, sv, "")
		return s.Render(c, fiber.StatusOK, "survey", p)
	}
	p.Page = s.NewPage(lang, sv, "")
	if limit != nil {
		p.Problem = p.T(web.MessageOf(limit, web.StatusOf(limit)))
		return s.Render(c, web.StatusOf(limit), "survey", p)
	}
	rc, err := s.cfg.Service.SubmitResponse(c.UserContext(), sv.Slug, survey.Submission{
		Key: p.Key, Lang: lang, Channel: p.Channel, Answers: p.Answers, Started: started, Honeypot: string(args.Peek(honeypotField)),
	})
	switch survey.ErrorCode(err) {
	case "":
		// The thank-you page is the answer to the post itself, so its address is the survey's for
		// every child and says nothing about help; the key makes a resent post store nothing new.
		// Answers are anonymous, so help offered now is the only answer a disclosure can get.
		return s.renderThanks(c, p.Page, rc.OfferHelp)
	case survey.EINVALID:
		p.Problem = p.T(survey.ErrorMessage(err))
		p.Errors = map[string]string{}
		for _, f := range survey.ErrorFields(err) {
			p.Errors[f.Question] = p.T(f.Message, f.Args()...)
		}
		return s.Render(c, fiber.StatusUnprocessableEntity, "survey", p)
	case survey.EKEYREUSED, survey.ECONFLICT:
		// Sent again with other answers, or while the first send is still being stored: the
		// form comes back with every answer kept and says which.
		p.Problem = p.T(survey.ErrorMessage(err))
		return s.Render(c, web.StatusOf(err), "survey", p)
	case survey.EUNAVAILABLE:
		c.Set(fiber.HeaderRetryAfter, web.RetryAfterSeconds)
		p.Problem = p.T("error.unavailable")
		return s.Render(c, fiber.StatusServiceUnavailable, "survey", p)
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
