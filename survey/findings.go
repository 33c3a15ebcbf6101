package survey

import (
	"context"
	"slices"
)

// MsgBadBreakdown is the message of the error SummaryFor returns for a dimension findings cannot
// be broken down by.
const MsgBadBreakdown = "error.bad_breakdown"

// MsgNotPublished is the message of the error SummaryFor returns for findings not published yet.
const MsgNotPublished = "error.not_published"

// CountedSummaries builds the numbers of a survey's findings, through suppression and compared
// with the previous wave, without the free text. Service does; kept.Summaries keeps what it built
// until another response is counted.
type CountedSummaries interface {
	CountedSummary(ctx context.Context, s *Survey, lang, by string) (*Summary, error)
}

// TextFindings gives what may be published about a survey version's free text. Service does;
// kept.Moderation keeps what it gave for a second, forgetting it on a change made through it.
type TextFindings interface {
	PublishedTexts(ctx context.Context, s *Survey, lang string) ([]Quote, []ThemeCount, error)
}

// SummaryFor returns the findings of survey slug in lang, broken down by by when it is not empty:
// the suppressed numbers (from svc.Counted, or counted afresh without it), with the approved
// quotes and theme counts (from svc.Published, or read afresh without it). Findings not yet published are ENOTFOUND unless unpublished
// is set, for staff who may read them before.
func (svc *Service) SummaryFor(ctx context.Context, slug, lang, by string, unpublished bool) (*Summary, error) {
	s, err := svc.Surveys.Get(slug)
	if err != nil {
		return nil, err
	}
	if !s.Published && !unpublished {
		return nil, Errorf(ENOTFOUND, MsgNotPublished)
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
	var texts TextFindings = svc
	if svc.Published != nil {
		texts = svc.Published
	}
	if sum.Quotes, sum.Themes, err = texts.PublishedTexts(ctx, s, lang); err != nil {
		return nil, err
	}
	return &sum, nil
}

// CountedSummary builds the numbers of the findings of s in lang, broken down by by when it is
// not empty, reading each wave's counters once.
func (svc *Service) CountedSummary(ctx context.Context, s *Survey, lang, by string) (*Summary, error) {
	groups, err := svc.breakdownGroups(ctx, s, by)
	if err != nil {
		return nil, err
	}
	counters, err := svc.Summaries.Counters(ctx, s.Slug, s.Version, GroupKeys(by, groups))
	if err != nil {
		return nil, err
	}
	labels := svc.Labels(lang)
	sum := s.Summarize(counters, lang, by, groups, s.Rules(), labels)
	if s.Previous == "" {
		return sum, nil
	}
	prev, err := svc.Surveys.Get(s.Previous)
	if err != nil || !prev.Published { // findings of an unpublished wave are not shown, even beside another's
		return sum, err
	}
	counters, err = svc.Summaries.Counters(ctx, prev.Slug, prev.Version, []string{GroupAll})
	if err != nil {
		return nil, err
	}
	s.ComparePrevious(sum, prev, prev.Summarize(counters, lang, "", nil, prev.Rules(), labels))
	return sum, nil
}

// breakdownGroups lists the groups of a breakdown, or refuses a dimension findings cannot be broken down by.
func (svc *Service) breakdownGroups(ctx context.Context, s *Survey, by string) ([]string, error) {
	if by == "" {
		return nil, nil
	}
	if groups, ok := s.BreakdownGroups(by); ok {
		return groups, nil
	}
	switch by {
	case DimLanguage:
		return s.LanguageCodes(), nil
	case DimSetting:
		return append(slices.Clone(SettingTypes), NotAnswered), nil
	case DimSettingArea:
		return svc.Summaries.GroupValues(ctx, s.Slug, s.Version, by)
	}
	return nil, Errorf(EINVALID, MsgBadBreakdown)
}
