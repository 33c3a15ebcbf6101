package staff

import "time"

// Sign-in limits, after the OWASP authentication guidance: the source that guesses is stopped,
// while an account under attack from many sources is only slowed, so its owner, signing in from
// elsewhere, still gets in.
const (
	// GuessWindow is the window the limits count attempts in.
	GuessWindow = 15 * time.Minute
	// GuessesPerAccountAndSource is how many failed passwords or codes one source may try on one
	// account within GuessWindow.
	GuessesPerAccountAndSource = 10
	// GuessesPerSource is how many one source may try on all accounts together within GuessWindow.
	GuessesPerSource = 30
	// FreeGuessesPerAccount is how many failures an account takes from all sources within
	// GuessWindow before each further attempt on it must wait, one second after the first and
	// twice as long after each one since, up to MaxAccountDelay.
	FreeGuessesPerAccount = 10
	MaxAccountDelay       = time.Minute
)

// SignInGuard reserves every password or code attempt before it is checked, against a strict
// limit per account and source, a strict limit per source, and a back-off per account that slows
// guessing but never shuts the account for longer than MaxAccountDelay.
type SignInGuard struct {
	byPair    *Throttle
	bySource  *Throttle
	byAccount *Throttle
}

// NewSignInGuard returns a guard with the package's limits on the clock now.
func NewSignInGuard(now func() time.Time) *SignInGuard {
	return &SignInGuard{
		byPair:    NewThrottle(GuessesPerAccountAndSource, GuessWindow, now),
		bySource:  NewThrottle(GuessesPerSource, GuessWindow, now),
		byAccount: NewBackoff(FreeGuessesPerAccount, MaxAccountDelay, GuessWindow, now),
	}
}

// Attempt is a reserved sign-in attempt; Done must be called once it has been checked.
type Attempt struct {
	g    *SignInGuard
	keys [3]string // for byPair, bySource and byAccount
}

// Reserve counts an attempt on account from source before it is checked. It returns nil and how
// long to wait when a limit is reached; the caller then refuses the attempt without checking it.
func (g *SignInGuard) Reserve(account, source string) (*Attempt, time.Duration) {
	a := &Attempt{g: g, keys: [3]string{account + "\x00" + source, source, account}}
	for i, t := range g.throttles() {
		if wait := t.Reserve(a.keys[i]); wait > 0 {
			for j := range i {
				g.throttles()[j].Release(a.keys[j])
			}
			return nil, wait
		}
	}
	return a, 0
}

// Done ends the attempt: a failed one stays counted; one that did not fail (the right password,
// or an error before anything was checked) is given back.
func (a *Attempt) Done(failed bool) {
	if failed {
		return
	}
	for i, t := range a.g.throttles() {
		t.Release(a.keys[i])
	}
}

func (g *SignInGuard) throttles() [3]*Throttle {
	return [3]*Throttle{g.byPair, g.bySource, g.byAccount}
}
