package site_test

import (
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/safeguarding/safetysurvey/survey/staff"
)

// countingHasher counts the passwords checked, which is what a guesser is after.
type countingHasher struct {
	staff.PasswordHasher
	verified atomic.Int64
}

func (h *countingHasher) Verify(encoded, password string) (bool, error) {
	h.verified.Add(1)
	return h.PasswordHasher.Verify(encoded, password)
}

// TestStaffSignInParallelGuesses sends wrong passwords all at once: the limits must hold however
// many arrive together, counted by the passwords actually checked.
func TestStaffSignInParallelGuesses(t *testing.T) {
	for _, tc := range []struct {
		name    string
		n       int
		account func(i int) string
		max     int64
	}{
		{"OneAccount", 60, func(int) string { return "sam@example.org" }, staff.GuessesPerAccountAndSource},
		{"MadeUpAccounts", 100, func(i int) string { return fmt.Sprintf("guess%d@example.org", i) }, staff.GuessesPerSource},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ta := newTestApp(t)
			ta.addStaff(t, "sam@example.org", staff.YouthWorker)
			hasher := &countingHasher{PasswordHasher: ta.staff.Hasher}
			ta.staff.Hasher = hasher
			browsers := make([]*browser, tc.n)
			for i := range browsers {
				browsers[i] = newBrowser(ta)
				browsers[i].get(t, "/staff/sign-in")
			}
			var wg sync.WaitGroup
			var refused atomic.Int64
			for i, b := range browsers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					resp, _ := b.post(t, "/staff/sign-in", url.Values{"email": {tc.account(i)}, "password": {"wrong password!"}})
					if resp.StatusCode == http.StatusTooManyRequests {
						refused.Add(1)
					}
				}()
			}
			wg.Wait()
			t.Logf("%d sent at once, %d checked, %d refused with 429", tc.n, hasher.verified.Load(), refused.Load())
			if got := hasher.verified.Load(); got > tc.max {
				t.Errorf("%d of %d guesses checked, want at most %d", got, tc.n, tc.max)
			}
			if got, want := refused.Load(), int64(tc.n)-tc.max; got < want {
				t.Errorf("%d refused with 429, want at least %d", got, want)
			}
		})
	}
}

// TestStaffSignInOwnerElsewhere: wrong passwords stop the source that sent them, not the owner
// signing in from another address.
func TestStaffSignInOwnerElsewhere(t *testing.T) {
	ta := newConfiguredApp(t, behindProxy(0, 0))
	ta.addStaff(t, "sam@example.org", staff.YouthWorker)
	try := func(from, password string) int {
		b := newBrowser(ta)
		b.get(t, "/staff/sign-in")
		b.forwardedFor = from
		resp, _ := b.post(t, "/staff/sign-in", url.Values{"email": {"sam@example.org"}, "password": {password}})
		return resp.StatusCode
	}
	for i := range 10 {
		if got := try("203.0.113.66", fmt.Sprintf("wrong password %d", i)); got != http.StatusUnauthorized {
			t.Fatalf("guess %d: %d, want 401", i, got)
		}
	}
	if got := try("203.0.113.66", "wrong password!"); got != http.StatusTooManyRequests {
		t.Fatalf("eleventh guess from the same source: %d, want 429", got)
	}
	if got := try("198.51.100.7", staffPassword); got != http.StatusSeeOther {
		t.Fatalf("the owner from another address: %d, want 303 (signed in)", got)
	}
	ta.clock = ta.clock.Add(staff.GuessWindow)
	if got := try("203.0.113.66", staffPassword); got != http.StatusSeeOther {
		t.Errorf("the first source once the window passed: %d, want 303", got)
	}
}
