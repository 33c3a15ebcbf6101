// Package kept holds the short caches of what the findings read from the store besides the
// counters (approved quotes, theme counts, saved actions), as decorators around the domain's
// interfaces. cmd/safetysurvey builds them once; each forgets what a write through it changes.
package kept

import (
	"sync"
	"time"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/findings"
)

// For is how long what the findings read from the store besides the counters (approved
// quotes, theme counts, saved actions) is trusted once read: the summary and the findings and
// results pages need it on every view, and the store answers each read by scanning a collection.
// This server's own changes show at once (Values.Forget); another replica's within this time.
const For = time.Second

// Values holds values read from the store for For. Its keys come from the catalog (survey,
// version, one of its languages), so it holds a few entries per survey at most.
type Values[K comparable, V any] struct {
	// Now is the clock values age by; nil is the wall clock.
	Now    func() time.Time
	mu     sync.Mutex
	values map[K]keptValue[V]
}

type keptValue[V any] struct {
	read  time.Time
	value V
}

// Get returns the value kept for key, or reads it afresh when there is none younger than For.
func (k *Values[K, V]) Get(key K, read func() (V, error)) (V, error) {
	now := k.Now
	if now == nil {
		now = time.Now
	}
	k.mu.Lock()
	v, ok := k.values[key]
	k.mu.Unlock()
	at := now()
	if ok && at.Sub(v.read) < For {
		return v.value, nil
	}
	value, err := read()
	if err != nil {
		return value, err
	}
	k.mu.Lock()
	if k.values == nil {
		k.values = map[K]keptValue[V]{}
	}
	k.values[key] = keptValue[V]{read: at, value: value}
	k.mu.Unlock()
	return value, nil
}

// Forget drops every kept value whose key matches, after a change on this server.
func (k *Values[K, V]) Forget(match func(K) bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	for key := range k.values {
		if match(key) {
			delete(k.values, key)
		}
	}
}

// Service puts the caches around svc and found, the findings service, and returns them:
// found's SummaryFor takes counted summaries from a Summaries and published texts from a
// Moderation around svc, and svc's changes to themes and quotes go through that Moderation,
// which forgets what they change.
func Service(svc *survey.Service, found *findings.Service, now func() time.Time) (*survey.Service, *findings.Service) {
	mod := NewModeration(svc.Moderation, svc, now)
	svc.Moderation = mod
	found.Texts = mod
	found.Counted = NewSummaries(found, found.Surveys, found.Counters)
	return svc, found
}
