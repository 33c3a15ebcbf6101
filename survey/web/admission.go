package web

import (
	"io"
	"mime"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"
)

// Admission control. The server streams request bodies (fasthttp's StreamRequestBody), so a
// connection waiting its turn holds only its read buffer; a body is read into memory only once
// its request holds one of maxBodiesInFlight slots, and never past its limit. A request that finds
// no slot within its wait gets a fast 503 with Retry-After, which the phone's outbox retries, so
// memory stays bounded however many connections send at once.
const (
	maxBodiesInFlight = 128
	// apiAdmissionWait is how long an API or staff request waits for a slot: the phone's outbox
	// retries a 503 with the same key, so waiting long only holds the connection.
	apiAdmissionWait = 100 * time.Millisecond
	// formAdmissionWait is how long the survey form sent without JavaScript waits: a 503 there
	// cannot give the child's answers back, since they are in the body not read.
	formAdmissionWait = ReadTimeout / 2
)

// oversizeHeader marks, on the server's side only, a request whose declared body is over its
// limit: it is answered 413 at once, without a byte of the body being read or waited for.
const oversizeHeader = "X-Safetysurvey-Oversize"

// bodyLimitFor is how large a request's body may be: the survey import takes a file with every
// language, 16 times what any other request may send.
func bodyLimitFor(h *fasthttp.RequestHeader) int {
	if h.IsPost() && string(h.RequestURI()) == StaffPath+"/drafts/import" {
		return ImportLimit
	}
	return BodyLimit
}

// BodyLimits runs when a request's headers have been read, before any of its body. It sets the
// body limit and marks a request declaring a longer body, so that none of it is read (the
// streaming reader would otherwise wait for its first 8 KB) and a client that asks whether to
// send it (Expect: 100-continue) gets no 100 Continue: the handler answers 413 straight away.
func BodyLimits(h *fasthttp.RequestHeader) fasthttp.RequestConfig {
	h.Del(oversizeHeader)
	limit := bodyLimitFor(h)
	if h.ContentLength() > limit {
		h.Del(fiber.HeaderExpect)
		h.SetContentLength(0)
		h.Set(oversizeHeader, "1")
	}
	return fasthttp.RequestConfig{MaxRequestBodySize: limit}
}

// AdmitBody lets a request with a body through only once it holds a slot, then reads its body
// up to the limit: past it, 413, in JSON on the API. It needs the app's StreamRequestBody and
// BodyLimits as its HeaderReceived, as site.New sets them.
func (s *Base) AdmitBody(c *fiber.Ctx) error {
	h := &c.Request().Header
	if len(h.Peek(oversizeHeader)) > 0 {
		c.Context().SetConnectionClose()
		return fiber.ErrRequestEntityTooLarge
	}
	if h.ContentLength() == 0 || c.Method() == fiber.MethodGet || c.Method() == fiber.MethodHead {
		return c.Next()
	}
	wait := apiAdmissionWait
	if strings.HasPrefix(c.Path(), "/s/") {
		wait = formAdmissionWait
	}
	select {
	case s.bodySlots <- struct{}{}:
	default:
		t := time.NewTimer(wait)
		select {
		case s.bodySlots <- struct{}{}:
			t.Stop()
		case <-t.C:
			c.Context().SetConnectionClose() // the body is still on the wire
			return &RequestError{Status: fiber.StatusServiceUnavailable, Message: "error.busy"}
		}
	}
	defer func() { <-s.bodySlots }()
	if err := readBodyUpTo(c, bodyLimitFor(h)); err != nil {
		c.Context().SetConnectionClose()
		return err
	}
	return c.Next()
}

// readBodyUpTo reads the streamed body into memory, refusing one that turns out longer than
// limit, as a chunked one can (a longer declared length was refused by BodyLimits).
func readBodyUpTo(c *fiber.Ctx, limit int) error {
	req := c.Request()
	stream := req.BodyStream()
	if stream == nil {
		return nil
	}
	body, err := io.ReadAll(io.LimitReader(stream, int64(limit)+1))
	if err != nil {
		return fiber.ErrBadRequest
	}
	if len(body) > limit {
		return fiber.ErrRequestEntityTooLarge
	}
	req.SetBodyRaw(body)
	return nil
}

// IsJSON reports whether the request says its body is JSON: application/json exactly, with any
// parameters, not a type that merely starts the same (application/jsonp).
func IsJSON(c *fiber.Ctx) bool {
	mediaType, _, err := mime.ParseMediaType(c.Get(fiber.HeaderContentType))
	return err == nil && mediaType == fiber.MIMEApplicationJSON
}
