package web

import (
	"encoding/json"
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/survey"
)

// statusByCode is the one table from domain error codes to HTTP statuses.
var statusByCode = map[string]int{
	survey.EINVALID:      fiber.StatusUnprocessableEntity,
	survey.ENOTFOUND:     fiber.StatusNotFound,
	survey.ECONFLICT:     fiber.StatusConflict,
	survey.ECLOSED:       fiber.StatusGone,
	survey.EUNAUTHORIZED: fiber.StatusUnauthorized,
	survey.EFORBIDDEN:    fiber.StatusForbidden,
	survey.EUNAVAILABLE:  fiber.StatusServiceUnavailable,
	survey.EINTERNAL:     fiber.StatusInternalServerError,
	survey.EKEYREUSED:    fiber.StatusUnprocessableEntity,
}

// messageByStatus names the UI string for errors raised by Fiber itself or by request parsing.
var messageByStatus = map[int]string{
	fiber.StatusBadRequest:                  "error.bad_request",
	fiber.StatusUnauthorized:                "error.unauthorized",
	fiber.StatusForbidden:                   "error.forbidden",
	fiber.StatusNotFound:                    "error.not_found",
	fiber.StatusMethodNotAllowed:            "error.method",
	fiber.StatusRequestEntityTooLarge:       "error.too_large",
	fiber.StatusUnsupportedMediaType:        "error.content_type",
	fiber.StatusTooManyRequests:             "error.too_many",
	fiber.StatusServiceUnavailable:          "error.unavailable",
	fiber.StatusRequestHeaderFieldsTooLarge: "error.too_large",
}

// RetryAfterSeconds is how long a phone waits before sending again when the store is unreachable.
const RetryAfterSeconds = "5"

// RequestError is a problem with the shape of a request rather than with the answers in it.
type RequestError struct {
	Status  int
	Message string // i18n message id
	Field   string // the header or JSON field at fault, if one is
}

func (e *RequestError) Error() string {
	return "request error: " + e.Message + " " + e.Field
}

// StatusOf is the HTTP status an error is answered with.
func StatusOf(err error) int {
	var fe *fiber.Error
	var re *RequestError
	switch {
	case errors.As(err, &re):
		return re.Status
	case errors.As(err, &fe):
		return fe.Code
	}
	return statusByCode[survey.ErrorCode(err)]
}

// MessageOf is the i18n message id an error is explained with.
func MessageOf(err error, status int) string {
	var re *RequestError
	if errors.As(err, &re) {
		return re.Message
	}
	var e *survey.Error
	if errors.As(err, &e) {
		return e.Message
	}
	if m, ok := messageByStatus[status]; ok {
		return m
	}
	return "error.internal"
}

type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code      string       `json:"code"`
	Message   string       `json:"message"`
	MessageID string       `json:"message_id"`
	Field     string       `json:"field,omitempty"`
	Fields    []fieldError `json:"fields,omitempty"`
}

type fieldError struct {
	Question  string `json:"question"`
	Message   string `json:"message"`
	MessageID string `json:"message_id"`
}

// HandleError is the one Fiber ErrorHandler: it turns any error into a status and a translated page or JSON body. Only
// unexpected failures are logged, and the request's answers are never part of the log line.
func (s *Base) HandleError(c *fiber.Ctx, err error) error {
	s.SetSecurityHeaders(c)
	status := StatusOf(err)
	message := MessageOf(err, status)
	if status >= 500 && status != fiber.StatusServiceUnavailable {
		s.cfg.Log.Error("request failed", "route", c.Route().Path, "err", err)
	}
	if status == fiber.StatusServiceUnavailable {
		c.Set(fiber.HeaderRetryAfter, RetryAfterSeconds)
	}
	lang := s.Negotiate(c, s.cfg.Messages.Languages(), "en")
	if strings.HasPrefix(c.Path(), "/api/") {
		loc := s.cfg.Messages.Localizer(lang)
		detail := errorDetail{Code: codeOf(err, status), Message: loc.T(message), MessageID: message}
		var re *RequestError
		if errors.As(err, &re) {
			detail.Field = re.Field
		}
		for _, f := range survey.ErrorFields(err) {
			detail.Fields = append(detail.Fields, fieldError{Question: f.Question, MessageID: f.Message, Message: loc.T(f.Message, f.Args()...)})
		}
		return c.Status(status).JSON(errorBody{Error: detail})
	}
	if render, ok := s.errorPageFor(c.Path()); ok {
		return render(c, status, message)
	}
	p := s.NewPage(lang, nil, "")
	return s.Render(c, status, "message", &MessagePage{Page: p, Heading: p.T("error.title"), Message: p.T(message)})
}

// codeOf names the error for API clients: the domain code, or one derived from the status.
func codeOf(err error, status int) string {
	var e *survey.Error
	if errors.As(err, &e) {
		return e.Code
	}
	switch status {
	case fiber.StatusRequestEntityTooLarge, fiber.StatusRequestHeaderFieldsTooLarge:
		return "too_large"
	case fiber.StatusUnsupportedMediaType:
		return "unsupported_media_type"
	case fiber.StatusNotFound:
		return survey.ENOTFOUND
	case fiber.StatusMethodNotAllowed:
		return "method_not_allowed"
	case fiber.StatusBadRequest:
		return "bad_request"
	case fiber.StatusUnauthorized:
		return "unauthorized"
	case fiber.StatusForbidden:
		return "forbidden"
	case fiber.StatusTooManyRequests:
		return "too_many_requests"
	}
	return survey.EINTERNAL
}

// JSONField names the JSON field a decoding error is about, when the decoder says.
func JSONField(err error) string {
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
