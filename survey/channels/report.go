// Package channels is the domain of the links and posters a survey reaches children through, as
// staff see them: how each channel is doing (Service.Report), channel lists as CSV in and out,
// and the posters printed for them. It imports only the standard library and survey; the
// channels themselves (survey.Channel) belong to the domain, since every response names one.
package channels

import (
	"context"
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/safeguarding/safetysurvey/survey"
)

// Report is how a survey's channels are doing, for staff: operational counts of links
// opened and surveys completed, never findings, so small numbers are shown as they are.
type Report struct {
	Survey    string  `json:"survey"`
	Version   int     `json:"version"`
	Channels  []Row   `json:"channels"`
	BySetting []Total `json:"by_setting"`
	ByArea    []Total `json:"by_area"`
	// Total adds up every channel; Unattributed counts completions that came through none.
	Total        Total `json:"total"`
	Unattributed int64 `json:"unattributed"`
}

// Sizes of a page of channels (Report.Page): what a page holds unless a client asks for
// fewer, and the most it may ask for.
const (
	PageSize    = 100
	MaxPageSize = 500
)

// Page returns the channels that come after the one with code after (from the first when after is
// empty), at most limit of them (PageSize when limit is below 1, MaxPageSize at
// most), and the code to ask for the next page after, "" on the last page. ok is false when after
// names no channel of the report. Pages follow the report's order, by name and then code.
func (rep *Report) Page(after string, limit int) (rows []Row, next string, ok bool) {
	if limit < 1 {
		limit = PageSize
	}
	limit = min(limit, MaxPageSize)
	start := 0
	if after != "" {
		i := slices.IndexFunc(rep.Channels, func(r Row) bool { return r.Code == after })
		if i < 0 {
			return nil, "", false
		}
		start = i + 1
	}
	end := min(start+limit, len(rep.Channels))
	rows = rep.Channels[start:end]
	if end < len(rep.Channels) {
		next = rows[len(rows)-1].Code
	}
	return rows, next, true
}

// Row is one channel with its counts.
type Row struct {
	*survey.Channel
	Opened    int64    `json:"opened"`
	Completed int64    `json:"completed"`
	Rate      *float64 `json:"completion_rate"` // percent of opens that ended in a completed survey; nil before any open
}

// Total adds up the channels that share a setting type or an area (Key).
type Total struct {
	Key       string   `json:"key"`
	Channels  int      `json:"channels"`
	Opened    int64    `json:"opened"`
	Completed int64    `json:"completed"`
	Rate      *float64 `json:"completion_rate"`
}

func (t *Total) add(r Row) {
	t.Channels++
	t.Opened += r.Opened
	t.Completed += r.Completed
	t.Rate = completionRate(t.Completed, t.Opened)
}

func completionRate(completed, opened int64) *float64 {
	if opened == 0 {
		return nil
	}
	r := math.Round(float64(completed)*1000/float64(opened)) / 10
	return &r
}

// Service reports how a survey's channels are doing, for staff.
type Service struct {
	Surveys  *survey.Catalog
	Channels survey.ChannelStore
	// Counters reads the completions counted for each channel.
	Counters survey.SummaryStore
}

// Report counts opens and completions for each of a survey's channels, for the current
// version's responses, and totals them by setting type (in SettingTypes order) and by area.
func (svc *Service) Report(ctx context.Context, slug string) (*Report, error) {
	s, err := svc.Surveys.Get(slug)
	if err != nil {
		return nil, err
	}
	channels, err := svc.Channels.Channels(ctx, slug)
	if err != nil {
		return nil, fmt.Errorf("list channels of %s: %w", slug, err)
	}
	opened, err := svc.Channels.Opened(ctx, slug)
	if err != nil {
		return nil, fmt.Errorf("count opens of %s: %w", slug, err)
	}
	groups := []string{survey.GroupAll}
	for _, ch := range channels {
		groups = append(groups, survey.GroupKey(survey.DimChannel, ch.Code))
	}
	counters, err := svc.Counters.Counters(ctx, slug, s.Version, groups)
	if err != nil {
		return nil, fmt.Errorf("count completions of %s: %w", slug, err)
	}
	completed := func(group string) int64 {
		if c := counters[group]; c != nil {
			return c.N
		}
		return 0
	}
	rep := &Report{Survey: slug, Version: s.Version, Channels: []Row{}, Total: Total{Key: survey.GroupAll}}
	bySetting, byArea := map[string]*Total{}, map[string]*Total{}
	for _, ch := range channels {
		r := Row{Channel: ch, Opened: opened[ch.Code], Completed: completed(survey.GroupKey(survey.DimChannel, ch.Code))}
		r.Rate = completionRate(r.Completed, r.Opened)
		rep.Channels = append(rep.Channels, r)
		rep.Total.add(r)
		addTo(bySetting, ch.Setting, r)
		addTo(byArea, ch.Area, r)
	}
	rep.Unattributed = completed(survey.GroupAll) - rep.Total.Completed
	for _, setting := range survey.SettingTypes {
		if t := bySetting[setting]; t != nil {
			rep.BySetting = append(rep.BySetting, *t)
		}
	}
	for _, area := range slices.Sorted(maps.Keys(byArea)) {
		rep.ByArea = append(rep.ByArea, *byArea[area])
	}
	return rep, nil
}

func addTo(totals map[string]*Total, key string, r Row) {
	if totals[key] == nil {
		totals[key] = &Total{Key: key}
	}
	totals[key].add(r)
}
