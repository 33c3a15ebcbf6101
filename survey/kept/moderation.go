package kept

import (
	"context"
	"strings"
	"time"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/findings"
)

// Moderation is the moderation store with what the findings publish about free text kept: the
// approved quotes and theme counts of a survey version in a language are kept for For, and forgotten
// when themes or quotes change through it. Reads for reviewing and approving are never kept.
type Moderation struct {
	survey.ModerationStore
	next  findings.TextFindings
	texts Values[textsKey, textFindings]
}

// textsKey names a survey version's published texts in one language.
type textsKey struct {
	slug    string
	version int
	lang    string
}

// textFindings are a survey version's approved quotes and theme counts in one language; the kept
// lists are shared, never changed.
type textFindings struct {
	quotes []survey.Quote
	themes []survey.ThemeCount
}

// NewModeration passes changes through to store and keeps what next (survey.Service) publishes,
// by the clock now (nil is the wall clock).
func NewModeration(store survey.ModerationStore, next findings.TextFindings, now func() time.Time) *Moderation {
	return &Moderation{ModerationStore: store, next: next, texts: Values[textsKey, textFindings]{Now: now}}
}

// PublishedTexts returns the approved quotes and theme counts of s in lang, from next at most
// once per For.
func (k *Moderation) PublishedTexts(ctx context.Context, s *survey.Survey, lang string) ([]survey.Quote, []survey.ThemeCount, error) {
	// lang may come from the request, whose strings Fiber reuses: the key keeps its own copy.
	key := textsKey{slug: s.Slug, version: s.Version, lang: strings.Clone(lang)}
	t, err := k.texts.Get(key, func() (textFindings, error) {
		quotes, themes, err := k.next.PublishedTexts(ctx, s, lang)
		return textFindings{quotes, themes}, err
	})
	return t.quotes, t.themes, err
}

// SetThemes stores an answer's themes and forgets what is kept of its survey.
func (k *Moderation) SetThemes(ctx context.Context, slug string, version int, question, answer string, themes []string) error {
	defer k.forget(slug)
	return k.ModerationStore.SetThemes(ctx, slug, version, question, answer, themes)
}

// ProposeQuote stores a proposed quote and forgets what is kept of its survey.
func (k *Moderation) ProposeQuote(ctx context.Context, slug string, version int, n survey.TextNote) error {
	defer k.forget(slug)
	return k.ModerationStore.ProposeQuote(ctx, slug, version, n)
}

// ApproveQuote approves a quote and forgets what is kept of its survey.
func (k *Moderation) ApproveQuote(ctx context.Context, slug string, version int, answer, by string) error {
	defer k.forget(slug)
	return k.ModerationStore.ApproveQuote(ctx, slug, version, answer, by)
}

// WithdrawQuote removes a quote and forgets what is kept of its survey.
func (k *Moderation) WithdrawQuote(ctx context.Context, slug string, version int, answer string) error {
	defer k.forget(slug)
	return k.ModerationStore.WithdrawQuote(ctx, slug, version, answer)
}

func (k *Moderation) forget(slug string) {
	k.texts.Forget(func(key textsKey) bool { return key.slug == slug })
}
