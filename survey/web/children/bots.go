package children

import (
	"crypto/hmac"
	"crypto/sha256"
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
func (s *Server) startToken(slug string, opened time.Time) string {
	secs := strconv.FormatInt(opened.Unix(), 10)
	return secs + "." + s.startSignature(slug, secs)
}

// startedAt returns when the form a token came with was opened, or the zero time when the token
// is missing or was not signed by this service (or by a replica sharing its form secret).
func (s *Server) startedAt(slug, token string) time.Time {
	secs, sig, ok := strings.Cut(token, ".")
	if !ok || !hmac.Equal([]byte(sig), []byte(s.startSignature(slug, secs))) {
		return time.Time{}
	}
	n, err := strconv.ParseInt(secs, 10, 64)
	if err != nil {
		return time.Time{}
	}
	return time.Unix(n, 0)
}

func (s *Server) startSignature(slug, secs string) string {
	mac := hmac.New(sha256.New, s.formSecret)
	mac.Write([]byte(slug + "\x00" + secs))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil)[:16])
}
