package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/i18n"
	"github.com/safeguarding/safetysurvey/survey"
)

// responseRequest is the JSON body of POST /api/v1/surveys/{slug}/responses; see docs/api.md.
type responseRequest struct {
	Answers map[string]json.RawMessage `json:"answers"`
	Lang    string                     `json:"lang"`
	Channel string                     `json:"channel"`
	Started string                     `json:"started"` // the form's start token (see bots.go)
	Website string                     `json:"website"` // the form's honeypot: empty from people
}

type responseCreated struct {
	ID      string `json:"id"`
	Created bool   `json:"created"`
}

// createResponse stores a response sent as JSON. The Idempotency-Key header makes retries safe:
// the first request answers 201, a repeat answers 200 with the same id and stores nothing.
func (s *Server) createResponse(c *fiber.Ctx) error {
	if err := s.allowSource(c); err != nil {
		return err
	}
	sv, err := s.cfg.Surveys.Get(c.Params("slug"))
	if err != nil {
		return err
	}
	if !isJSON(c) {
		return &requestError{status: fiber.StatusUnsupportedMediaType, message: "error.content_type", field: "Content-Type"}
	}
	key := c.Get("Idempotency-Key")
	if !survey.ValidKey(key) {
		return &requestError{status: fiber.StatusBadRequest, message: "error.bad_key", field: "Idempotency-Key"}
	}
	var req responseRequest
	dec := json.NewDecoder(bytes.NewReader(c.Body()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil || dec.More() {
		return &requestError{status: fiber.StatusBadRequest, message: "error.bad_json", field: jsonField(err)}
	}
	if err := s.allowChannel(c, survey.NormalizeChannel(req.Channel)); err != nil {
		return err
	}
	answers, err := jsonAnswers(sv, req.Answers)
	if err != nil {
		return err
	}
	r, created, err := s.cfg.Service.SubmitResponse(c.UserContext(), sv.Slug, survey.Submission{
		Key: key, Lang: req.Lang, Channel: req.Channel, Answers: answers, Started: s.startedAt(c.UserContext(), sv.Slug, req.Started), Honeypot: req.Website,
	})
	if err != nil {
		return err
	}
	status := fiber.StatusOK
	if created {
		status = fiber.StatusCreated
	}
	return c.Status(status).JSON(responseCreated{ID: r.ID, Created: created})
}

// jsonField names the JSON field a decoding error is about, when the decoder says.
func jsonField(err error) string {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		return typeErr.Field
	}
	if err != nil {
		if _, name, ok := strings.Cut(err.Error(), "unknown field "); ok {
			return strings.Trim(name, `"`)
		}
	}
	return ""
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
	languages := make([]languageStatus, 0, len(sv.Languages))
	for _, l := range sv.Languages {
		d := i18n.Describe(l.Code)
		languages = append(languages, languageStatus{Code: l.Code, Name: d.Name, Dir: d.Dir, TextReviewed: l.Reviewed, UIReviewed: d.Reviewed})
	}
	c.Set(fiber.HeaderCacheControl, "no-cache")
	return c.JSON(fiber.Map{"survey": sv.Slug, "version": sv.Version, "status": sv.Status, "responses": counts.Responses, "suspect": counts.Suspect, "languages": languages})
}

// languageStatus tells staff which languages a survey is offered in and whether a native
// speaker has reviewed its survey text and its UI strings; drafts are never shown as reviewed.
type languageStatus struct {
	Code         string `json:"code"`
	Name         string `json:"name"`
	Dir          string `json:"dir"`
	TextReviewed bool   `json:"text_reviewed"`
	UIReviewed   bool   `json:"ui_reviewed"`
}
