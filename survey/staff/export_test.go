package staff

import "time"

// CodeAt is the code an authenticator app shows for secret at t, for tests that sign in.
func CodeAt(secret string, t time.Time) string {
	key, _ := secretEncoding.DecodeString(secret)
	return hotp(key, uint64(totpCounter(t)), totpDigits)
}
