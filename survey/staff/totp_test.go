package staff

import (
	"testing"
	"time"
)

// TestHOTPRFC6238 checks the SHA-1 test vectors of RFC 6238 appendix B (eight digits, 30-second steps).
func TestHOTPRFC6238(t *testing.T) {
	key := []byte("12345678901234567890")
	for _, tc := range []struct {
		unix int64
		want string
	}{
		{59, "94287082"},
		{1111111109, "07081804"},
		{1111111111, "14050471"},
		{1234567890, "89005924"},
		{2000000000, "69279037"},
		{20000000000, "65353130"},
	} {
		if got := hotp(key, uint64(totpCounter(time.Unix(tc.unix, 0))), 8); got != tc.want {
			t.Errorf("T=%d: got %s, want %s", tc.unix, got, tc.want)
		}
	}
}

// TestHOTPRFC4226 checks the six-digit HOTP values of RFC 4226 appendix D.
func TestHOTPRFC4226(t *testing.T) {
	key := []byte("12345678901234567890")
	want := []string{"755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"}
	for counter, w := range want {
		if got := hotp(key, uint64(counter), 6); got != w {
			t.Errorf("counter %d: got %s, want %s", counter, got, w)
		}
	}
}

func TestCheckTOTP(t *testing.T) {
	secret := NewTOTPSecret()
	now := time.Date(2026, 11, 24, 10, 0, 15, 0, time.UTC)
	code := func(at time.Time) string {
		c, err := TOTPCode(secret, at)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	for _, tc := range []struct {
		name string
		code string
		ok   bool
	}{
		{"OKNow", code(now), true},
		{"OKStepBefore", code(now.Add(-30 * time.Second)), true},
		{"OKStepAfter", code(now.Add(30 * time.Second)), true},
		{"OKSpaces", code(now)[:3] + " " + code(now)[3:], true},
		{"ErrTwoStepsBefore", code(now.Add(-60 * time.Second)), false},
		{"ErrEmpty", "", false},
		{"ErrLetters", "abcdef", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			step, ok := checkTOTP(secret, tc.code, now)
			if ok != tc.ok {
				t.Fatalf("ok = %v, want %v", ok, tc.ok)
			}
			if ok && (step < totpCounter(now)-1 || step > totpCounter(now)+1) {
				t.Errorf("step %d is not near %d", step, totpCounter(now))
			}
		})
	}
	if _, ok := checkTOTP("not base32!", "123456", now); ok {
		t.Error("a broken secret matched")
	}
}
