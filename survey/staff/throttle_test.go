package staff_test

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/safeguarding/safetysurvey/survey/staff"
)

func TestThrottle(t *testing.T) {
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	th := staff.NewThrottle(3, 15*time.Minute, func() time.Time { return now })
	for i := range 3 {
		if wait := th.Reserve("a"); wait != 0 {
			t.Fatalf("refused after %d attempts, want after 3", i)
		}
	}
	if wait := th.Reserve("a"); wait != 15*time.Minute {
		t.Fatalf("fourth attempt: wait %v, want the rest of the window, 15m", wait)
	}
	if th.Reserve("b") != 0 {
		t.Error("another key is refused too")
	}
	th.Release("a")
	if th.Reserve("a") != 0 {
		t.Error("an attempt given back still counts")
	}
	now = now.Add(15 * time.Minute)
	if th.Reserve("a") != 0 {
		t.Error("still refused once the window ended")
	}
}

func TestBackoff(t *testing.T) {
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	th := staff.NewBackoff(2, 4*time.Second, 15*time.Minute, func() time.Time { return now })
	for i := range 2 {
		if wait := th.Reserve("a"); wait != 0 {
			t.Fatalf("free attempt %d: wait %v", i, wait)
		}
	}
	for _, want := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 4 * time.Second} {
		if wait := th.Reserve("a"); wait != 0 {
			t.Fatalf("attempt after its wait: wait %v", wait)
		}
		if got := th.Reserve("a"); got != want {
			t.Fatalf("attempt at once: wait %v, want %v", got, want)
		}
		now = now.Add(want)
	}
	th.Release("a")
	if wait := th.Reserve("a"); wait != 0 {
		t.Errorf("after an attempt that did not fail: wait %v, want none", wait)
	}
}

// TestSignInGuardParallel sends many attempts at once: no more than each limit may be let through
// to be checked.
func TestSignInGuardParallel(t *testing.T) {
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name    string
		account func(i int) string
		want    int64
	}{
		{"OneAccount", func(int) string { return "sam@example.org" }, staff.GuessesPerAccountAndSource},
		{"MadeUpAccounts", func(i int) string { return string(rune('a'+i%26)) + string(rune('a'+i/26)) + "@example.org" }, staff.GuessesPerSource},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := staff.NewSignInGuard(func() time.Time { return now })
			var checked atomic.Int64
			var wg sync.WaitGroup
			for i := range 100 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if a, _ := g.Reserve(tc.account(i), "198.51.100.7"); a != nil {
						checked.Add(1)
						time.Sleep(time.Millisecond) // the password is checked while the others arrive
						a.Done(true)
					}
				}()
			}
			wg.Wait()
			if got := checked.Load(); got != tc.want {
				t.Errorf("checked %d of 100, want %d", got, tc.want)
			}
		})
	}
}

// TestSignInGuardOwnerElsewhere: a source that guessed wrong is stopped and the account slowed,
// but the owner signing in from another source is not shut out.
func TestSignInGuardOwnerElsewhere(t *testing.T) {
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	g := staff.NewSignInGuard(func() time.Time { return now })
	for i := range staff.GuessesPerAccountAndSource {
		a, _ := g.Reserve("sam@example.org", "203.0.113.66")
		if a == nil {
			t.Fatalf("attempt %d refused", i)
		}
		a.Done(true)
	}
	if a, wait := g.Reserve("sam@example.org", "203.0.113.66"); a != nil || wait <= 0 {
		t.Fatal("the guessing source was not stopped")
	}
	owner, _ := g.Reserve("sam@example.org", "198.51.100.7")
	if owner == nil {
		t.Fatal("the owner from another source was refused")
	}
	owner.Done(false)
	// Guesses from many sources slow the account down without closing it for long.
	var wait time.Duration
	for i := range 50 {
		src := "192.0.2." + string(rune('0'+i%10)) + string(rune('0'+i/10))
		if a, w := g.Reserve("sam@example.org", src); a != nil {
			a.Done(true)
		} else {
			wait = w
		}
	}
	if wait <= 0 || wait > staff.MaxAccountDelay {
		t.Fatalf("after guesses from many sources: wait %v, want between 0 and %v", wait, staff.MaxAccountDelay)
	}
	now = now.Add(wait)
	if owner, _ := g.Reserve("sam@example.org", "198.51.100.7"); owner == nil {
		t.Error("the owner was refused after waiting the back-off")
	}
}
