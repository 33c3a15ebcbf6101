package survey

import (
	"context"
	"fmt"
	"time"
)

// Responses are kept for a retention period after their survey closes, then deleted. The counters
// behind findings and stats are aggregates (shown only through small-number suppression) and are
// kept, so published findings stay as they were.

// Purge records that a survey's responses were deleted when it had closed on Closes.
type Purge struct {
	Closes string // the survey's closing date the deletion was for, YYYY-MM-DD
	On     string // the day of the deletion, YYYY-MM-DD
	// Finished is false while, or if, the deletion was cut short; it is then done again.
	Finished bool
}

// PurgeStore deletes stored responses and remembers doing so.
type PurgeStore interface {
	// LastPurge returns the record of the survey's last deletion; found is false when there was none.
	LastPurge(ctx context.Context, slug string) (p Purge, found bool, err error)
	// CountResponses counts the stored responses of every version of the survey.
	CountResponses(ctx context.Context, slug string) (int64, error)
	// PurgeResponses records p as unfinished, deletes the stored responses of every version of the
	// survey, then records p as finished, and returns how many responses it deleted.
	PurgeResponses(ctx context.Context, slug string, p Purge) (int64, error)
}

// RetainedUntil is when the survey's responses are due for deletion: retention after the end of its
// closing day in loc. ok is false when the survey has no closing date: its responses are kept.
func (s *Survey) RetainedUntil(retention time.Duration, loc *time.Location) (until time.Time, ok bool) {
	closes, err := time.ParseInLocation(time.DateOnly, s.Closes, loc)
	if err != nil { // no closing date; Check refuses a malformed one
		return time.Time{}, false
	}
	return closes.AddDate(0, 0, 1).Add(retention), true
}

// PurgeAction is what PurgeExpired did with one survey's responses.
type PurgeAction string

// What PurgeExpired can do with a survey's responses.
const (
	KeptNoClosingDate PurgeAction = "kept: no closing date"
	KeptUntilDue      PurgeAction = "kept until due"
	DeletedBefore     PurgeAction = "deleted before"
	WouldDelete       PurgeAction = "would delete" // dry run
	Deleted           PurgeAction = "deleted"
)

// PurgeResult is what PurgeExpired did with one survey's responses.
type PurgeResult struct {
	Survey *Survey
	Action PurgeAction
	Until  time.Time // when the responses are due for deletion; zero with KeptNoClosingDate
	// Responses is the number deleted (Deleted) or that would be (WouldDelete).
	Responses int64
	// Before is the earlier deletion, with DeletedBefore.
	Before Purge
}

// PurgeExpired deletes the stored responses of every survey closed for longer than retention, or
// with dryRun only counts them, and says what it did with each survey. A survey already purged for
// its current closing date is not searched again; one reopened and closed later is.
func PurgeExpired(ctx context.Context, store PurgeStore, surveys []*Survey, now time.Time, retention time.Duration, dryRun bool) ([]PurgeResult, error) {
	var results []PurgeResult
	for _, s := range surveys {
		r := PurgeResult{Survey: s, Action: KeptNoClosingDate}
		var ok bool
		if r.Until, ok = s.RetainedUntil(retention, now.Location()); !ok {
			results = append(results, r)
			continue
		}
		if now.Before(r.Until) {
			r.Action = KeptUntilDue
			results = append(results, r)
			continue
		}
		last, found, err := store.LastPurge(ctx, s.Slug)
		if err != nil {
			return results, err
		}
		var n int64
		switch {
		case found && last.Finished && last.Closes == s.Closes:
			r.Action, r.Before = DeletedBefore, last
		case dryRun:
			if n, err = store.CountResponses(ctx, s.Slug); err != nil {
				return results, err
			}
			r.Action, r.Responses = WouldDelete, n
		default:
			if n, err = store.PurgeResponses(ctx, s.Slug, Purge{Closes: s.Closes, On: now.Format(time.DateOnly)}); err != nil {
				return results, fmt.Errorf("delete responses of %s: %w", s.Slug, err)
			}
			r.Action, r.Responses = Deleted, n
		}
		results = append(results, r)
	}
	return results, nil
}
