package staff

import (
	_ "embed"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/safeguarding/safetysurvey/survey"
)

// Password length limits: the minimum follows NIST SP 800-63B for a password that may be the
// only factor; the maximum keeps hashing a request's password cheap.
const (
	MinPasswordLength = 12
	MaxPasswordLength = 256
)

// PasswordHasher turns passwords into self-describing hashes and checks passwords against them.
type PasswordHasher interface {
	// Hash returns an encoded hash of password with a fresh salt and the parameters used.
	Hash(password string) (string, error)
	// Verify reports whether password matches encoded, comparing in constant time.
	Verify(encoded, password string) (bool, error)
}

//go:embed common-passwords.txt
var commonPasswordsFile string

// commonPasswords is the embedded list as a set, read on first use.
var commonPasswords = sync.OnceValue(func() map[string]struct{} {
	set := map[string]struct{}{}
	for _, line := range strings.Split(commonPasswordsFile, "\n") {
		if line != "" && !strings.HasPrefix(line, "# ") {
			set[line] = struct{}{}
		}
	}
	return set
})

// CheckPassword refuses passwords that are short, overlong, the email address, or guessable: a
// listed common password, one with digits or symbols tacked on, or one short piece repeated.
func CheckPassword(password, email string) error {
	n := utf8.RuneCountInString(password)
	switch {
	case n < MinPasswordLength:
		return &survey.Error{Code: survey.EINVALID, Message: "staff.password.too_short", Fields: []survey.FieldError{
			{Question: "password", Message: "staff.password.too_short", Data: map[string]any{"Min": MinPasswordLength}}}}
	case len(password) > MaxPasswordLength:
		return invalid("password", "staff.password.too_long")
	case guessable(password, email):
		return invalid("password", "staff.password.common")
	}
	return nil
}

func guessable(password, email string) bool {
	lower := strings.ToLower(password)
	// A local part shorter than four characters would refuse too many good passwords.
	if local := strings.ToLower(localPart(email)); len(local) >= 4 && strings.Contains(lower, local) {
		return true
	}
	common := commonPasswords()
	if _, ok := common[lower]; ok {
		return true
	}
	if stem := strings.TrimRight(lower, "0123456789!@#$%^&*?.,-_ "); stem != lower {
		if _, ok := common[stem]; ok {
			return true
		}
	}
	return repeated(lower)
}

// localPart is the part of an email address before the @.
func localPart(email string) string {
	local, _, _ := strings.Cut(email, "@")
	return local
}

// repeated reports whether s is one piece of up to four characters over and over ("abcabcabcabc").
func repeated(s string) bool {
	for size := 1; size <= 4 && size < len(s); size++ {
		if strings.Repeat(s[:size], len(s)/size+1)[:len(s)] == s {
			return true
		}
	}
	return false
}
