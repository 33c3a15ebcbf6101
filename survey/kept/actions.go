package kept

import (
	"context"
	"time"

	"github.com/safeguarding/safetysurvey/survey"
)

// Actions is the actions store as the findings read it: each survey's saved list is kept for
// For, and a list saved through it shows at once.
type Actions struct {
	store survey.ActionStore
	lists Values[string, *survey.ActionList]
}

// NewActions keeps what store reads by the clock now (nil is the wall clock).
func NewActions(store survey.ActionStore, now func() time.Time) *Actions {
	return &Actions{store: store, lists: Values[string, *survey.ActionList]{Now: now}}
}

// ActionList returns the saved actions of survey slug, from the store at most once per For.
func (k *Actions) ActionList(ctx context.Context, slug string) (*survey.ActionList, error) {
	return k.lists.Get(slug, func() (*survey.ActionList, error) { return k.store.ActionList(ctx, slug) })
}

// SaveActionList stores l and forgets the kept list of its survey.
func (k *Actions) SaveActionList(ctx context.Context, l *survey.ActionList) error {
	err := k.store.SaveActionList(ctx, l)
	k.lists.Forget(func(slug string) bool { return slug == l.Survey })
	return err
}
