package staff

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// TOTP settings every authenticator app understands (RFC 6238 defaults): HMAC-SHA1, 30-second
// steps, six digits, and one step of clock drift either way.
const (
	totpStep   = 30
	totpDigits = 6
	totpDrift  = 1
)

var secretEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewTOTPSecret returns a random 160-bit secret, base32 encoded as authenticator apps expect.
func NewTOTPSecret() string {
	key := make([]byte, 20)
	_, _ = rand.Read(key) // crypto/rand.Read never fails
	return secretEncoding.EncodeToString(key)
}

// TOTPURI is the otpauth:// link an authenticator app reads to add the secret for account.
func TOTPURI(issuer, account, secret string) string {
	q := url.Values{"secret": {secret}, "issuer": {issuer}, "algorithm": {"SHA1"}, "digits": {fmt.Sprint(totpDigits)}, "period": {fmt.Sprint(totpStep)}}
	return "otpauth://totp/" + url.PathEscape(issuer+":"+account) + "?" + q.Encode()
}

// hotp is RFC 4226's HMAC-based one-time password for counter.
func hotp(key []byte, counter uint64, digits int) string {
	mac := hmac.New(sha1.New, key)
	_ = binary.Write(mac, binary.BigEndian, counter) // writing to a hash never fails
	sum := mac.Sum(nil)
	offset := sum[len(sum)-1] & 0x0f
	code := binary.BigEndian.Uint32(sum[offset:offset+4]) & 0x7fffffff
	mod := uint32(1)
	for range digits {
		mod *= 10
	}
	return fmt.Sprintf("%0*d", digits, code%mod)
}

// totpCounter is the RFC 6238 time step t falls in.
func totpCounter(t time.Time) int64 {
	return t.Unix() / totpStep
}

// TOTPCode is the code an authenticator app holding secret shows at t.
func TOTPCode(secret string, t time.Time) (string, error) {
	key, err := secretEncoding.DecodeString(strings.ToUpper(secret))
	if err != nil {
		return "", fmt.Errorf("totp secret: %w", err)
	}
	return hotp(key, uint64(totpCounter(t)), totpDigits), nil
}

// checkTOTP finds the time step near now whose code is code, comparing in constant time; the
// caller records the step so that a code cannot be used twice.
func checkTOTP(secret, code string, now time.Time) (step int64, ok bool) {
	code = strings.Join(strings.Fields(code), "")
	if len(code) != totpDigits {
		return 0, false
	}
	current := totpCounter(now)
	for s := current - totpDrift; s <= current+totpDrift; s++ {
		want, err := TOTPCode(secret, time.Unix(s*totpStep, 0))
		if err != nil {
			return 0, false
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			step, ok = s, true
		}
	}
	return step, ok
}
