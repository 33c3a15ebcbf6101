package web

import (
	"sync"
	"time"
)

// keptFor is how long what the findings read from the store besides the counters (approved
// quotes, theme counts, saved actions) is trusted once read: the summary and the findings and
// results pages need it on every view, and the store answers each read by scanning a collection.
// This server's own changes show at once (kept.forget); another replica's within this time.
const keptFor = time.Second

// kept holds values read from the store for keptFor. Its keys come from the catalog (survey,
// version, one of its languages), so it holds a few entries per survey at most.
type kept[K comparable, V any] struct {
	mu     sync.Mutex
	values map[K]keptValue[V]
}

type keptValue[V any] struct {
	read  time.Time
	value V
}

// get returns the value kept for key, or reads it afresh when there is none younger than keptFor.
func (k *kept[K, V]) get(key K, read func() (V, error)) (V, error) {
	k.mu.Lock()
	v, ok := k.values[key]
	k.mu.Unlock()
	if ok && time.Since(v.read) < keptFor {
		return v.value, nil
	}
	at := time.Now()
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

// forget drops every kept value whose key matches, after a change on this server.
func (k *kept[K, V]) forget(match func(K) bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	for key := range k.values {
		if match(key) {
			delete(k.values, key)
		}
	}
}
