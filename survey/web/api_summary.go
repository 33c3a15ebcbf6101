package web

import (
	"context"
	"encoding/csv"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/i18n"
	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/staff"
)

// summaryVersion is the version of the summary JSON's shape, for designers' tools; see docs/api.md.
const summaryVersion = 2

type summaryBody struct {
	Format int `json:"format"`
	*survey.Summary
	Actions []survey.Action `json:"actions,omitempty"` // what the partnership does about the findings
}

// showSummary returns a survey's findings as JSON, or as CSV with ?format=csv, broken down by
// ?by= and labelled in ?lang=. Every number has been through suppression.
func (s *Server) showSummary(c *fiber.Ctx) error {
	sv, sum, err := s.summary(c)
	if err != nil {
		return err
	}
	setFindingsCaching(c)
	if c.Query("format") == "csv" {
		c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
		c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s-findings.csv"`, sum.Survey))
		return writeSummaryCSV(c, sum)
	}
	return c.JSON(summaryBody{Format: summaryVersion, Summary: sum, Actions: sv.Actions})
}

// setFindingsCaching lets caches keep published findings only if they check back each time;
// findings read on the staff area may not be published yet, so nothing keeps those.
func setFindingsCaching(c *fiber.Ctx) {
	if staffUser(c) != nil {
		c.Set(fiber.HeaderCacheControl, "no-store")
		return
	}
	c.Set(fiber.HeaderCacheControl, "no-cache")
}

// summary builds the findings a request asks for, with the survey they are of and its actions
// (survey.ActionsOf): published findings for anyone, unpublished ones only on the staff area's
// routes to those who may read them.
func (s *Server) summary(c *fiber.Ctx) (*survey.Survey, *survey.Summary, error) {
	sv, err := s.cfg.Surveys.Get(c.Params("slug"))
	if err != nil {
		return nil, nil, err
	}
	if u := staffUser(c); !sv.Published && (u == nil || !u.Can(staff.ReadFindings)) {
		return nil, nil, survey.Errorf(survey.ENOTFOUND, "error.not_published")
	}
	if sv, err = survey.ActionsOf(c.UserContext(), s.actions, sv); err != nil {
		return nil, nil, err
	}
	sum, err := s.summaryOf(c.UserContext(), sv, s.negotiate(c, sv.LanguageCodes(), sv.DefaultLanguage), c.Query("by"))
	return sv, sum, err
}

// summaryKey names a summary in the cache; summaryStamp says which responses it counted.
type summaryKey struct {
	slug     string
	version  int
	lang, by string
}

// newSummaryKey copies lang and by, which may come from the request: Fiber's strings point into
// its buffers, reused by the next request, and a key that changed inside the cache corrupts it.
func newSummaryKey(sv *survey.Survey, lang, by string) summaryKey {
	return summaryKey{slug: sv.Slug, version: sv.Version, lang: strings.Clone(lang), by: strings.Clone(by)}
}

type cachedSummary struct {
	stamp [2]int64
	sum   *survey.Summary
}

// summaryOf returns the findings of a survey in lang, broken down by by when it is not empty,
// with the approved quotes and theme counts as they stand now.
func (s *Server) summaryOf(ctx context.Context, sv *survey.Survey, lang, by string) (*survey.Summary, error) {
	counted, err := s.countedSummary(ctx, sv, lang, by)
	if err != nil {
		return nil, err
	}
	sum := *counted
	if sum.Quotes, sum.Themes, err = s.publishedTexts(ctx, sv, lang); err != nil {
		return nil, err
	}
	return &sum, nil
}

// textFindings are a survey version's approved quotes and theme counts in one language.
type textFindings struct {
	quotes []survey.Quote
	themes []survey.ThemeCount
}

// publishedTexts returns a survey version's approved quotes and theme counts in lang, kept for
// keptFor; the kept lists are shared, never changed.
func (s *Server) publishedTexts(ctx context.Context, sv *survey.Survey, lang string) ([]survey.Quote, []survey.ThemeCount, error) {
	texts, err := s.texts.get(newSummaryKey(sv, lang, ""), func() (textFindings, error) {
		quotes, themes, err := s.cfg.Service.PublishedTexts(ctx, sv, lang)
		return textFindings{quotes, themes}, err
	})
	return texts.quotes, texts.themes, err
}

// forgetPublishedTexts drops the cached quotes and theme counts of a survey after a change.
func (s *Server) forgetPublishedTexts(slug string) {
	s.texts.forget(func(k summaryKey) bool { return k.slug == slug })
}

// countedSummary returns the numbers of a survey's findings. Suppressing a breakdown takes
// milliseconds, so a summary is kept until another response is counted for the survey or its
// previous wave; the cached summary is shared, never changed.
func (s *Server) countedSummary(ctx context.Context, sv *survey.Survey, lang, by string) (*survey.Summary, error) {
	stamp, err := s.summaryStamp(ctx, sv)
	if err != nil {
		return nil, err
	}
	key := newSummaryKey(sv, lang, by)
	if c, ok := s.summaryCache.Load(key); ok && c.(cachedSummary).stamp == stamp {
		return c.(cachedSummary).sum, nil
	}
	sum, err := s.buildSummary(ctx, sv, lang, by)
	if err != nil {
		return nil, err
	}
	s.summaryCache.Store(key, cachedSummary{stamp: stamp, sum: sum})
	return sum, nil
}

// summaryStamp is the number of responses counted for a survey and for its previous wave: every
// response counted in the findings changes it.
func (s *Server) summaryStamp(ctx context.Context, sv *survey.Survey) ([2]int64, error) {
	var stamp [2]int64
	for i, slug := range []string{sv.Slug, sv.Previous} {
		if slug == "" {
			break
		}
		wave, err := s.cfg.Surveys.Get(slug)
		if err != nil {
			return stamp, err
		}
		counters, err := s.cfg.Summaries.Counters(ctx, wave.Slug, wave.Version, []string{survey.GroupAll})
		if err != nil {
			return stamp, err
		}
		if all, ok := counters[survey.GroupAll]; ok {
			stamp[i] = all.N
		}
	}
	return stamp, nil
}

// buildSummary builds the findings of a survey in lang, broken down by by when it is not empty.
func (s *Server) buildSummary(ctx context.Context, sv *survey.Survey, lang, by string) (*survey.Summary, error) {
	groups, err := s.breakdownGroups(ctx, sv, by)
	if err != nil {
		return nil, err
	}
	counters, err := s.cfg.Summaries.Counters(ctx, sv.Slug, sv.Version, survey.GroupKeys(by, groups))
	if err != nil {
		return nil, err
	}
	labels := summaryLabels{s.cfg.Messages.Localizer(lang)}
	sum := sv.Summarize(counters, lang, by, groups, sv.Rules(), labels)
	if sv.Previous == "" {
		return sum, nil
	}
	prev, err := s.cfg.Surveys.Get(sv.Previous)
	if err != nil || !prev.Published { // findings of an unpublished wave are not shown, even beside another's
		return sum, err
	}
	counters, err = s.cfg.Summaries.Counters(ctx, prev.Slug, prev.Version, []string{survey.GroupAll})
	if err != nil {
		return nil, err
	}
	sv.ComparePrevious(sum, prev, prev.Summarize(counters, lang, "", nil, prev.Rules(), labels))
	return sum, nil
}

// breakdownGroups lists the groups of a breakdown, or refuses a dimension findings cannot be broken down by.
func (s *Server) breakdownGroups(ctx context.Context, sv *survey.Survey, by string) ([]string, error) {
	if by == "" {
		return nil, nil
	}
	if groups, ok := sv.BreakdownGroups(by); ok {
		return groups, nil
	}
	switch by {
	case survey.DimLanguage:
		return sv.LanguageCodes(), nil
	case survey.DimSetting:
		return append(slices.Clone(survey.SettingTypes), survey.NotAnswered), nil
	case survey.DimSettingArea:
		return s.cfg.Summaries.GroupValues(ctx, sv.Slug, sv.Version, by)
	}
	return nil, &requestError{status: fiber.StatusBadRequest, message: "error.bad_breakdown", field: "by"}
}

// summaryLabels names groups the survey definition does not, in the summary's language.
type summaryLabels struct{ l *i18n.Localizer }

func (sl summaryLabels) PreferNotToSay() string { return sl.l.T("survey.prefer_not_to_say") }

func (sl summaryLabels) Plural(lang string, n int64) string { return i18n.PluralCategory(lang, n) }

func (sl summaryLabels) Number(n int64) string { return sl.l.Number(n) }

func (sl summaryLabels) Group(dim, value string) string {
	switch {
	case value == survey.NotAnswered:
		return sl.l.T("findings.not_answered")
	case dim == survey.DimLanguage:
		return i18n.Describe(value).Name
	case dim == survey.DimSetting:
		return sl.l.T("setting." + value)
	}
	return value
}

// writeSummaryCSV writes one row per published number: suppressed numbers are left empty and marked.
func writeSummaryCSV(c *fiber.Ctx, sum *survey.Summary) error {
	w := csv.NewWriter(c.Response().BodyWriter())
	rows := [][]string{{"group", "group_label", "question", "question_text", "base", "option", "option_label", "count", "percent", "suppressed"}}
	add := func(group, label string, qs []survey.QuestionSummary) {
		for _, q := range qs {
			for _, o := range q.Options {
				rows = append(rows, []string{group, label, q.ID, q.Text, number(q.Base), o.ID, o.Label, number(o.Count), decimal(o.Percent), strconv.FormatBool(o.Suppressed)})
			}
		}
	}
	add(survey.GroupAll, "", sum.Questions)
	for _, g := range sum.Groups {
		if g.Suppressed {
			rows = append(rows, []string{sum.By + "=" + g.ID, "", "", "", "", "", "", "", "", "true"})
			continue
		}
		add(sum.By+"="+g.ID, g.Label, g.Questions)
	}
	if err := w.WriteAll(rows); err != nil {
		return fmt.Errorf("write findings csv: %w", err)
	}
	return nil
}

func number(n *int64) string {
	if n == nil {
		return ""
	}
	return strconv.FormatInt(*n, 10)
}

func decimal(f *float64) string {
	if f == nil {
		return ""
	}
	return strconv.FormatFloat(*f, 'f', 1, 64)
}
