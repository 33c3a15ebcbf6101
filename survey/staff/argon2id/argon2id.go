// Package argon2id hashes staff passwords with Argon2id (RFC 9106) into PHC-format strings that
// carry their own salt and parameters, so parameters can be raised without breaking old hashes.
package argon2id

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Params are Argon2id's cost settings.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes over the memory
	Threads uint8
}

// Default is OWASP's recommended minimum for Argon2id: 19 MiB, two passes, one thread.
var Default = Params{Memory: 19 * 1024, Time: 2, Threads: 1}

const (
	saltLength = 16
	keyLength  = 32
)

var b64 = base64.RawStdEncoding

// Hasher hashes with its Params and verifies hashes made with any. It lets at most Concurrent
// hashes run at once, so a burst of sign-ins cannot take Memory × the burst.
type Hasher struct {
	Params Params
	slots  chan struct{}
}

// New returns a Hasher using p that runs at most concurrent hashes at a time.
func New(p Params, concurrent int) *Hasher {
	return &Hasher{Params: p, slots: make(chan struct{}, concurrent)}
}

// Hash returns $argon2id$v=19$m=…,t=…,p=…$salt$key for password with a fresh random salt.
func (h *Hasher) Hash(password string) (string, error) {
	salt := make([]byte, saltLength)
	_, _ = rand.Read(salt) // crypto/rand.Read never fails
	p := h.Params
	key := h.derive(password, salt, p, keyLength)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// Verify reports whether password matches encoded, comparing the keys in constant time.
func (h *Hasher) Verify(encoded, password string) (bool, error) {
	p, salt, key, err := decode(encoded)
	if err != nil {
		return false, err
	}
	got := h.derive(password, salt, p, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

func (h *Hasher) derive(password string, salt []byte, p Params, length uint32) []byte {
	h.slots <- struct{}{}
	defer func() { <-h.slots }()
	return argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, length)
}

var errFormat = errors.New("argon2id: hash is not in $argon2id$v=19$m=…,t=…,p=…$salt$key form")

// maxMemory refuses stored parameters that would take more than 1 GiB to check.
const maxMemory = 1 << 20

func decode(encoded string) (p Params, salt, key []byte, err error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, errFormat
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return p, nil, nil, errFormat
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil ||
		p.Memory == 0 || p.Memory > maxMemory || p.Time == 0 || p.Threads == 0 {
		return p, nil, nil, errFormat
	}
	if salt, err = b64.DecodeString(parts[4]); err != nil || len(salt) == 0 {
		return p, nil, nil, errFormat
	}
	if key, err = b64.DecodeString(parts[5]); err != nil || len(key) < 16 {
		return p, nil, nil, errFormat
	}
	return p, salt, key, nil
}
