package children

import (
	"context"
	"encoding/base64"
	"strconv"
	"strings"
	"time"
)

// Form fields that tell programs from people without a CAPTCHA (OWASP's bot-management advice):
// a start token saying when the form was opened, and a honeypot field people never see, so a
// program that fills in every field gives itself away. Neither is ever stored.
const (
	startField    = "started"
	honeypotField = "website"
)

// startToken records the second a form was opened, signed so a program cannot backdate it.
func (s *Server) startToken(ctx context.Context, slug string, opened time.Time) string {
	secs := strconv.FormatInt(opened.Unix(), 10)
	return secs + "." + base64.RawURLEncoding.EncodeToString(s.FormKeys().Sign(ctx, startSigned(slug, secs))[:16])
}

// startedAt returns when the form a token came with was opened, or the zero time when the token
// is missing or was not signed by this service (or by a replica sharing its form keys).
func (s *Server) startedAt(ctx context.Context, slug, token string) time.Time {
	secs, sig, ok := strings.Cut(token, ".")
	mac, err := base64.RawURLEncoding.DecodeString(sig)
	if !ok || err != nil || !s.FormKeys().Verify(ctx, startSigned(slug, secs), mac) {
		return time.Time{}
	}
	n, err := strconv.ParseInt(secs, 10, 64)
	if err != nil {
		return time.Time{}
	}
	return time.Unix(n, 0)
}

// startSigned is what a start token's signature covers: the survey and the second.
func startSigned(slug, secs string) string {
	return "start\x00" + slug + "\x00" + secs
}
