package survey

import (
	"errors"
	"fmt"
)

// Error codes shared by every adapter; the HTTP layer maps them to statuses in one table.
const (
	EINVALID      = "invalid"                // the input breaks a rule; Fields says where
	ENOTFOUND     = "not_found"              // no such survey or record
	ECONFLICT     = "conflict"               // the change clashes with stored state
	ECLOSED       = "closed"                 // the survey no longer takes answers
	EUNAUTHORIZED = "unauthorized"           // the credentials are wrong, or nobody is signed in
	EFORBIDDEN    = "forbidden"              // the signed-in person's roles do not allow the action
	EUNAVAILABLE  = "unavailable"            // the store cannot be reached; retrying later is safe
	EINTERNAL     = "internal"               // a bug or an unexpected failure
	EKEYREUSED    = "idempotency_key_reused" // an idempotency key sent again with a different request
)

// Error is a domain error whose Message is an i18n message id, never English built at run time.
type Error struct {
	Code    string
	Message string
	Fields  []FieldError
}

// FieldError names the question an invalid answer belongs to and why it is invalid.
type FieldError struct {
	Question string         `json:"question"`
	Message  string         `json:"message"`
	Data     map[string]any `json:"data,omitempty"`
}

// Args flattens the field error's data into name/value pairs, as a localizer takes them.
func (f FieldError) Args() []any {
	args := make([]any, 0, 2*len(f.Data))
	for k, v := range f.Data {
		args = append(args, k, v)
	}
	return args
}

// Error implements the error interface with the code, message id and fields, for logs and tests.
func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return fmt.Sprintf("survey error: code=%s message=%s", e.Code, e.Message)
	}
	return fmt.Sprintf("survey error: code=%s message=%s fields=%v", e.Code, e.Message, e.Fields)
}

// Errorf builds an *Error with a code and an i18n message id.
func Errorf(code, message string) *Error {
	return &Error{Code: code, Message: message}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for any other error, "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	default:
		return EINTERNAL
	}
}

// ErrorMessage returns the i18n message id of the first *Error in err's chain, or the generic internal one.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "error.internal"
}

// ErrorFields returns the per-question errors carried by err, if any.
func ErrorFields(err error) []FieldError {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}
