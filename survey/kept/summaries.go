package kept

import (
	"context"
	"strings"
	"sync"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/findings"
)

// Summaries keeps the counted summaries of next (survey.Service). Suppressing a breakdown takes
// milliseconds, so a summary is kept until another response is counted for its survey or the
// previous wave: each request reads only how many responses each wave has counted. A kept
// summary is shared, never changed.
type Summaries struct {
	next     findings.CountedSummaries
	surveys  *survey.Catalog
	counters survey.SummaryStore
	kept     sync.Map // summaryKey -> keptSummary
}

// NewSummaries keeps what next counts, checking the counts of surveys' waves in counters.
func NewSummaries(next findings.CountedSummaries, surveys *survey.Catalog, counters survey.SummaryStore) *Summaries {
	return &Summaries{next: next, surveys: surveys, counters: counters}
}

// summaryKey names a summary; its stamp says which responses it counted.
type summaryKey struct {
	slug     string
	version  int
	lang, by string
}

type keptSummary struct {
	stamp [2]int64
	sum   *findings.Summary
}

// CountedSummary returns the kept summary of s in lang by by while no response was counted
// since, or counts it again.
func (k *Summaries) CountedSummary(ctx context.Context, s *survey.Survey, lang, by string) (*findings.Summary, error) {
	stamp, err := k.stamp(ctx, s)
	if err != nil {
		return nil, err
	}
	// lang and by may come from the request: Fiber's strings point into its buffers, reused by
	// the next request, and a key that changed inside the cache corrupts it.
	key := summaryKey{slug: s.Slug, version: s.Version, lang: strings.Clone(lang), by: strings.Clone(by)}
	if c, ok := k.kept.Load(key); ok && c.(keptSummary).stamp == stamp {
		return c.(keptSummary).sum, nil
	}
	sum, err := k.next.CountedSummary(ctx, s, lang, by)
	if err != nil {
		return nil, err
	}
	k.kept.Store(key, keptSummary{stamp: stamp, sum: sum})
	return sum, nil
}

// stamp is the number of responses counted for a survey and for its previous wave: every
// response counted in the findings changes it.
func (k *Summaries) stamp(ctx context.Context, s *survey.Survey) ([2]int64, error) {
	var stamp [2]int64
	for i, slug := range []string{s.Slug, s.Previous} {
		if slug == "" {
			break
		}
		wave, err := k.surveys.Get(slug)
		if err != nil {
			return stamp, err
		}
		counters, err := k.counters.Counters(ctx, wave.Slug, wave.Version, []string{survey.GroupAll})
		if err != nil {
			return stamp, err
		}
		if all, ok := counters[survey.GroupAll]; ok {
			stamp[i] = all.N
		}
	}
	return stamp, nil
}
