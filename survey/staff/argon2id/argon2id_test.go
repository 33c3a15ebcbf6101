package argon2id_test

import (
	"strings"
	"testing"

	"github.com/safeguarding/safetysurvey/survey/staff/argon2id"
)

// fast keeps tests quick; the parameters travel in the hash, so Verify needs no setting.
var fast = argon2id.Params{Memory: 64, Time: 1, Threads: 1}

func TestHashVerify(t *testing.T) {
	h := argon2id.New(fast, 2)
	encoded, err := h.Hash("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(encoded, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Errorf("encoded = %q", encoded)
	}
	if again, _ := h.Hash("correct horse battery staple"); again == encoded {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
	for _, tc := range []struct {
		name, password string
		want           bool
	}{
		{"OK", "correct horse battery staple", true},
		{"ErrWrong", "correct horse battery stapler", false},
		{"ErrEmpty", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := h.Verify(encoded, tc.password)
			if err != nil || got != tc.want {
				t.Errorf("Verify = %v, %v; want %v", got, err, tc.want)
			}
		})
	}
	t.Run("OKOtherParams", func(t *testing.T) {
		other := argon2id.New(argon2id.Params{Memory: 128, Time: 2, Threads: 2}, 1)
		if ok, err := other.Verify(encoded, "correct horse battery staple"); !ok || err != nil {
			t.Errorf("a hasher with other parameters cannot verify: %v %v", ok, err)
		}
	})
}

// TestKnownAnswer checks a hash made by the reference implementation (argon2 CLI, RFC 9106):
// echo -n password | argon2 somesalt -id -t 2 -m 16 -p 1 -l 32 -e
func TestKnownAnswer(t *testing.T) {
	const encoded = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc"
	ok, err := argon2id.New(fast, 1).Verify(encoded, "password")
	if err != nil || !ok {
		t.Errorf("Verify(reference hash) = %v, %v", ok, err)
	}
}

func TestVerifyBadHash(t *testing.T) {
	h := argon2id.New(fast, 1)
	for _, bad := range []string{
		"",
		"plaintext",
		"$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=16$m=64,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=0,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=99999999,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=64,t=1,p=1$!!$a2V5a2V5a2V5a2V5a2V5a2V5",
	} {
		if ok, err := h.Verify(bad, "x"); ok || err == nil {
			t.Errorf("Verify(%q) = %v, %v; want an error", bad, ok, err)
		}
	}
}
