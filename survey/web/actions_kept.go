package web

import (
	"context"
	"sync"
	"time"

	"github.com/safeguarding/safetysurvey/survey"
)

// keptActionsFor is how long a survey's saved actions, once read, are trusted: the summary and
// the findings and results pages ask for them on every view, and the store answers each read by
// scanning the collection. A list saved on this server shows at once; one saved on another
// replica within this time.
const keptActionsFor = time.Second

// keptActions is the actions store as the findings read it, each survey's list kept for
// keptActionsFor. Its keys are slugs from the catalog, so it holds one entry per survey at most.
type keptActions struct {
	store survey.ActionStore
	mu    sync.Mutex
	lists map[string]keptList
}

type keptList struct {
	read time.Time
	list *survey.ActionList
}

func newKeptActions(store survey.ActionStore) *keptActions {
	return &keptActions{store: store, lists: map[string]keptList{}}
}

// ActionList returns the saved actions of survey slug, from the store at most once per keptActionsFor.
func (k *keptActions) ActionList(ctx context.Context, slug string) (*survey.ActionList, error) {
	k.mu.Lock()
	kept, ok := k.lists[slug]
	k.mu.Unlock()
	if ok && time.Since(kept.read) < keptActionsFor {
		return kept.list, nil
	}
	read := time.Now()
	l, err := k.store.ActionList(ctx, slug)
	if err != nil {
		return nil, err
	}
	k.mu.Lock()
	k.lists[slug] = keptList{read: read, list: l}
	k.mu.Unlock()
	return l, nil
}

// SaveActionList stores l and forgets the kept list of its survey, so this server shows it at once.
func (k *keptActions) SaveActionList(ctx context.Context, l *survey.ActionList) error {
	err := k.store.SaveActionList(ctx, l)
	k.mu.Lock()
	delete(k.lists, l.Survey)
	k.mu.Unlock()
	return err
}
