package web

import (
	"context"

	"github.com/safeguarding/safetysurvey/survey"
)

// keptActions is the actions store as the findings read it: each survey's saved list is kept for
// keptFor, and a list saved through it shows at once.
type keptActions struct {
	store survey.ActionStore
	lists kept[string, *survey.ActionList]
}

// ActionList returns the saved actions of survey slug, from the store at most once per keptFor.
func (k *keptActions) ActionList(ctx context.Context, slug string) (*survey.ActionList, error) {
	return k.lists.get(slug, func() (*survey.ActionList, error) { return k.store.ActionList(ctx, slug) })
}

// SaveActionList stores l and forgets the kept list of its survey.
func (k *keptActions) SaveActionList(ctx context.Context, l *survey.ActionList) error {
	err := k.store.SaveActionList(ctx, l)
	k.lists.forget(func(slug string) bool { return slug == l.Survey })
	return err
}
