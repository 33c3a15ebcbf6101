package children

import (
	"bytes"
	"encoding/json"
	"net/url"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/i18n"
	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/web"
)

// responseRequest is the JSON body of POST /api/v1/surveys/{slug}/responses; see docs/api.md.
type responseRequest struct {
	Answers map[string]json.RawMessage `json:"answers"`
	Lang    string                     `json:"lang"`
	Channel string                     `json:"channel"`
	Started string                     `json:"started"` // the form's start token (see bots.go)
	Website string                     `json:"website"` // the form's honeypot: empty from people
}

// responseCreated answers a stored response; OfferHelp tells the phone to show help at once,
// so no address it visits afterwards need say so.
type responseCreated struct {
	ID        string `json:"id"`
	Created   bool   `json:"created"`
	OfferHelp bool   `json:"offer_help"`
}

// createResponse stores a response sent as JSON. The Idempotency-Key header makes retries safe:
// the first request answers 201, a repeat answers 200 with the same id and stores nothing.
func (s *Server) createResponse(c *fiber.Ctx) error {
	if err := s.AllowSource(c); err != nil {
		return err
	}
	sv, err := s.cfg.Surveys.Get(c.Params("slug"))
	if err != nil {
		return err
	}
	if !web.IsJSON(c) {
		return &web.RequestError{Status: fiber.StatusUnsupportedMediaType, Message: "error.content_type", Field: "Content-Type"}
	}
	var req responseRequest
	dec := json.NewDecoder(bytes.NewReader(c.Body()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil || dec.More() {
		return &web.RequestError{Status: fiber.StatusBadRequest, Message: "error.bad_json", Field: web.JSONField(err)}
	}
	if err := s.AllowChannel(c, survey.NormalizeChannel(req.Channel)); err != nil {
		return err
	}
	answers, err := jsonAnswers(sv, req.Answers)
	if err != nil {
		return err
	}
	rc, err := s.cfg.Service.SubmitResponse(c.UserContext(), sv.Slug, survey.Submission{
		Key: c.Get("Idempotency-Key"), Lang: req.Lang, Channel: req.Channel, Answers: answers, Started: s.startedAt(c.UserContext(), sv.Slug, req.Started), Honeypot: req.Website,
	})
	if survey.ErrorMessage(err) == survey.MsgBadKey {
		// The key travels in a header: a request without a usable one is malformed, not a bad answer.
		return &web.RequestError{Status: fiber.StatusBadRequest, Message: survey.MsgBadKey, Field: "Idempotency-Key"}
	}
	if err != nil {
		return err
	}
	status := fiber.StatusOK
	if rc.Created {
		status = fiber.StatusCreated
		c.Location(receiptPath(sv.Slug, rc.Response.ID))
	}
	return c.Status(status).JSON(responseCreated{ID: rc.Response.ID, Created: rc.Created, OfferHelp: rc.OfferHelp})
}

// receiptPath is where a phone confirms a response it sent was stored (showReceipt).
func receiptPath(slug, id string) string {
	return "/api/v1/surveys/" + url.PathEscape(slug) + "/responses/" + id
}

// responseReceipt is all GET /api/v1/surveys/{slug}/responses/{id} ever says about a response.
type responseReceipt struct {
	ID     string `json:"id"`
	Stored bool   `json:"stored"`
}

// showReceipt tells a phone whose reply was lost that its response is stored; 404 when it is not.
// Only the phone knows the id, made from its random key; nothing about the answers is given.
func (s *Server) showReceipt(c *fiber.Ctx) error {
	if err := s.cfg.Service.ConfirmResponse(c.UserContext(), c.Params("slug"), c.Params("id")); err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(responseReceipt{ID: c.Params("id"), Stored: true})
}

// jsonAnswers reads each answer as the question expects: a string for text, single and scale
// questions, a list of option ids for multiple choice (a lone string is taken as a list of one).
func jsonAnswers(sv *survey.Survey, raw map[string]json.RawMessage) (survey.Answers, error) {
	answers := make(survey.Answers, len(raw))
	var fields []survey.FieldError
	for id, value := range raw {
		q, known := sv.Question(id)
		var text string
		var list []string
		switch {
		case json.Unmarshal(value, &text) == nil:
			if known && !q.IsChoice() {
				answers[id] = survey.Answer{Text: text}
			} else if text != "" {
				answers[id] = survey.Answer{Choices: []string{text}}
			}
		case json.Unmarshal(value, &list) == nil && (!known || q.IsChoice()):
			answers[id] = survey.Answer{Choices: list}
		case string(value) == "null":
		default:
			fields = append(fields, survey.FieldError{Question: id, Message: "error.bad_value"})
		}
	}
	if len(fields) == 0 {
		return answers, nil
	}
	// Report the other answers' problems too, so a client can fix everything in one go.
	if _, err := sv.CleanAnswers(answers); err != nil {
		fields = append(fields, survey.ErrorFields(err)...)
	}
	return nil, &survey.Error{Code: survey.EINVALID, Message: "error.fix_answers", Fields: fields}
}

// showStats returns aggregate numbers only, never a single response: those counted in the
// findings, and those stored but held back as suspect.
func (s *Server) showStats(c *fiber.Ctx) error {
	sv, err := s.cfg.Surveys.Get(c.Params("slug"))
	if err != nil {
		return err
	}
	counts, err := s.cfg.Store.Counts(c.UserContext(), sv.Slug, sv.Version)
	if err != nil {
		return err
	}
	reviews, err := s.Reviews(c.UserContext())
	if err != nil {
		return err
	}
	languages := make([]languageStatus, 0, len(sv.Languages))
	for _, l := range sv.Languages {
		d := i18n.Describe(l.Code)
		text, ui := reviews.State(survey.SurveySet(sv.Slug), l.Code, sv.LabelTexts(l.Code)), reviews.State(survey.SetUI, l.Code, s.Messages().Strings(l.Code))
		languages = append(languages, languageStatus{Code: l.Code, Name: d.Name, Dir: d.Dir,
			TextReviewed: text.Reviewed, TextReopened: text.Reopened(), UIReviewed: ui.Reviewed, UIReopened: ui.Reopened()})
	}
	if err := c.JSON(fiber.Map{"survey": sv.Slug, "version": sv.Version, "status": sv.Status, "responses": counts.Responses, "suspect": counts.Suspect, "languages": languages}); err != nil {
		return err
	}
	return web.Revalidate(c, "no-cache")
}

// languageStatus tells staff which languages a survey is offered in and whether a native
// speaker has signed off its survey text and its UI strings as they are now (reopened: signed
// off, but changed since); drafts are never shown as reviewed.
type languageStatus struct {
	Code         string `json:"code"`
	Name         string `json:"name"`
	Dir          string `json:"dir"`
	TextReviewed bool   `json:"text_reviewed"`
	TextReopened bool   `json:"text_reopened"`
	UIReviewed   bool   `json:"ui_reviewed"`
	UIReopened   bool   `json:"ui_reopened"`
}
