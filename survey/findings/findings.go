package findings

import (
	"context"
	"slices"

	"github.com/safeguarding/safetysurvey/survey"
)

// MsgBadBreakdown is the message of the error SummaryFor returns for a dimension findings cannot
// be broken down by.
const MsgBadBreakdown = "error.bad_breakdown"

// MsgNotPublished is the message of the error SummaryFor returns for findings not published yet.
const MsgNotPublished = "error.not_published"

// Service builds the published findings of surveys: the use case behind the findings and results
// pages, the summary API and the downloads, for children and for staff alike.
type Service struct {
	Surveys *survey.Catalog
	// Counters reads the counters findings are made of.
	Counters survey.SummaryStore
	// Counted is where SummaryFor takes the numbers of findings from: a cache around this
	// service (kept.Summaries), or nil to count afresh each time.
	Counted CountedSummaries
	// Texts gives the approved quotes and theme counts: survey.Service, or a cache around it
	// (kept.Moderation).
	Texts TextFindings
	// Labels names, in a language, the groups of findings the survey definitions do not.
	Labels func(lang string) Labels
}

// CountedSummaries builds the numbers of a survey's findings, through suppression and compared
// with the previous wave, without the free text. Service does; kept.Summaries keeps what it built
// until another response is counted.
type CountedSummaries interface {
	CountedSummary(ctx context.Context, s *survey.Survey, lang, by string) (*Summary, error)
}

// TextFindings gives what may be published about a survey version's free text. survey.Service does;
// kept.Moderation keeps what it gave for a second, forgetting it on a change made through it.
type TextFindings interface {
	PublishedTexts(ctx context.Context, s *survey.Survey, lang string) ([]survey.Quote, []survey.ThemeCount, error)
}

// SummaryFor returns the findings of survey slug in lang, broken down by by when it is not empty:
// the suppressed numbers (from svc.Counted, or counted afresh without it), with the approved
// quotes and theme counts (from svc.Texts). Findings not yet published are ENOTFOUND unless
// unpublished is set, for staff who may read them before.
func (svc *Service) SummaryFor(ctx context.Context, slug, lang, by string, unpublished bool) (*Summary, error) {
	s, err := svc.Surveys.Get(slug)
	if err != nil {
		return nil, err
	}
	if !s.Published && !unpublished {
		return nil, survey.Errorf(survey.ENOTFOUND, MsgNotPublished)
	}
	var counting CountedSummaries = svc
	if svc.Counted != nil {
		counting = svc.Counted
	}
	counted, err := counting.CountedSummary(ctx, s, lang, by)
	if err != nil {
		return nil, err
	}
	sum := *counted // the counted summary may be shared by a cache: it is copied, never changed
	if sum.Quotes, sum.Themes, err = svc.Texts.PublishedTexts(ctx, s, lang); err != nil {
		return nil, err
	}
	return &sum, nil
}

// CountedSummary builds the numbers of the findings of s in lang, broken down by by when it is
// not empty, reading each wave's counters once.
func (svc *Service) CountedSummary(ctx context.Context, s *survey.Survey, lang, by string) (*Summary, error) {
	groups, err := svc.breakdownGroups(ctx, s, by)
	if err != nil {
		return nil, err
	}
	counters, err := svc.Counters.Counters(ctx, s.Slug, s.Version, survey.GroupKeys(by, groups))
	if err != nil {
		return nil, err
	}
	labels := svc.Labels(lang)
	sum := Summarize(s, counters, lang, by, groups, s.Rules(), labels)
	if s.Previous == "" {
		return sum, nil
	}
	prev, err := svc.Surveys.Get(s.Previous)
	if err != nil || !prev.Published { // findings of an unpublished wave are not shown, even beside another's
		return sum, err
	}
	counters, err = svc.Counters.Counters(ctx, prev.Slug, prev.Version, []string{survey.GroupAll})
	if err != nil {
		return nil, err
	}
	comparePrevious(s, sum, prev, Summarize(prev, counters, lang, "", nil, prev.Rules(), labels))
	return sum, nil
}

// breakdownGroups lists the groups of a breakdown, or refuses a dimension findings cannot be broken down by.
func (svc *Service) breakdownGroups(ctx context.Context, s *survey.Survey, by string) ([]string, error) {
	if by == "" {
		return nil, nil
	}
	if groups, ok := s.BreakdownGroups(by); ok {
		return groups, nil
	}
	switch by {
	case survey.DimLanguage:
		return s.LanguageCodes(), nil
	case survey.DimSetting:
		return append(slices.Clone(survey.SettingTypes), survey.NotAnswered), nil
	case survey.DimSettingArea:
		return svc.Counters.GroupValues(ctx, s.Slug, s.Version, by)
	}
	return nil, survey.Errorf(survey.EINVALID, MsgBadBreakdown)
}
