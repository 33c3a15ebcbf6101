package survey

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/safeguarding/safetysurvey/survey/freetext"
)

// What the safeguarding lead did about a flagged answer. An answer may go several ways (the
// front door and the school); "no action" goes with nothing else.
const (
	OutcomeFrontDoor = "front_door" // escalated to the children's services front door or MASH
	OutcomePolice    = "police"
	OutcomeSchool    = "school"
	OutcomePattern   = "pattern"   // noted as part of a pattern
	OutcomeNoAction  = "no_action" // read, and nothing to do
)

// Outcomes lists what may be recorded about a flagged answer, in the order pages show them.
var Outcomes = []string{OutcomeFrontDoor, OutcomePolice, OutcomeSchool, OutcomePattern, OutcomeNoAction}

// FlagPageSize is how many flagged answers the triage queue shows at a time.
const FlagPageSize = 25

// FlagState is what the safeguarding lead recorded about one flagged answer: whether it was
// reviewed, and what was done. Who did it, and when, is in the audit log.
type FlagState struct {
	Reviewed bool
	Outcomes []string // from Outcomes
}

// TriagedText is a flagged answer in the safeguarding lead's queue: the answer, how urgent it
// is, what was recorded about it, and the setting type and area of the channel it came through.
// The channel's code is never in it: a code names one poster or link, and with it an answer
// could be put down to the few children at one place.
type TriagedText struct {
	FlaggedText
	Urgency int // a freetext.Urgency tier
	State   FlagState
	Setting string // the channel's setting type, or "" for an answer sent without a channel
	Area    string // the channel's area, or ""
	Gloss   string // a short English meaning staff added
}

// FlagQuery chooses a page of the triage queue: answers not reviewed yet, or the reviewed ones.
type FlagQuery struct {
	Reviewed bool
	Page     int // from 1
}

// FlagReview is the safeguarding lead's triage queue of a survey's flagged answers, one page of
// them most urgent first, with how many are open and reviewed, and the patterns in them all.
type FlagReview struct {
	Texts    []TriagedText
	Query    FlagQuery
	Pages    int
	Open     int         // answers not reviewed yet
	Reviewed int         // answers marked reviewed
	ByReason []FlagCount // in the order of freetext.DisclosureCategories, kinds never seen left out
	ByWeek   []FlagCount // Monday of each week, newest first
	ByArea   []FlagCount // most first; "" is answers sent without a channel or from one with no area
}

// FlagPatterns is what the store counts over every flagged answer of a survey: how many are
// open and reviewed, and how many by kind of harm, by day sent and by channel code ("" for none).
type FlagPatterns struct {
	Open, Reviewed             int
	ByReason, ByDay, ByChannel map[string]int
}

// FlagCount is how many flagged answers share a key (a kind of harm, a week or an area).
type FlagCount struct {
	Key   string
	Count int
}

// FlagReview lists a page of a survey's flagged answers for the designated safeguarding lead,
// most urgent first (see freetext.Urgency), newest first within a tier. The list is not held
// back by the 10-answer rule: answers are anonymous, so nobody can be followed up, but the lead
// reads each one and escalates patterns. The store reads the page alone; the patterns are its
// counts over every flagged answer.
func (svc *Service) FlagReview(ctx context.Context, slug string, q FlagQuery) (*FlagReview, error) {
	s, err := svc.Surveys.Get(slug)
	if err != nil {
		return nil, err
	}
	pat, err := svc.Texts.FlagPatterns(ctx, s.Slug)
	if err != nil {
		return nil, err
	}
	fr := &FlagReview{Query: q, Open: pat.Open, Reviewed: pat.Reviewed}
	listed := pat.Open
	if q.Reviewed {
		listed = pat.Reviewed
	}
	fr.Pages = max(1, (listed+FlagPageSize-1)/FlagPageSize)
	fr.Query.Page = min(max(q.Page, 1), fr.Pages)
	if fr.Texts, err = svc.Texts.FlagQueue(ctx, s.Slug, q.Reviewed, (fr.Query.Page-1)*FlagPageSize, FlagPageSize); err != nil {
		return nil, err
	}
	places := map[string]*Channel{}
	if svc.Channels != nil && len(pat.ByChannel) > 0 {
		chs, err := svc.Channels.Channels(ctx, s.Slug)
		if err != nil {
			return nil, err
		}
		for _, ch := range chs {
			places[ch.Code] = ch
		}
	}
	if err := svc.describeFlags(ctx, s.Slug, fr.Texts, places); err != nil {
		return nil, err
	}
	for _, c := range freetext.DisclosureCategories {
		if pat.ByReason[c] > 0 {
			fr.ByReason = append(fr.ByReason, FlagCount{Key: c, Count: pat.ByReason[c]})
		}
	}
	weeks, areas := map[string]int{}, map[string]int{}
	for day, n := range pat.ByDay {
		weeks[weekOf(day)] += n
	}
	for code, n := range pat.ByChannel {
		area := ""
		if ch := places[code]; ch != nil {
			area = ch.Area
		}
		areas[area] += n
	}
	for w, n := range weeks {
		fr.ByWeek = append(fr.ByWeek, FlagCount{Key: w, Count: n})
	}
	slices.SortFunc(fr.ByWeek, func(a, b FlagCount) int { return cmp.Compare(b.Key, a.Key) })
	for a, n := range areas {
		fr.ByArea = append(fr.ByArea, FlagCount{Key: a, Count: n})
	}
	slices.SortFunc(fr.ByArea, func(a, b FlagCount) int { return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Key, b.Key)) })
	return fr, nil
}

// UnreviewedFlags is how many of a survey's flagged answers nobody has marked reviewed yet.
func (svc *Service) UnreviewedFlags(ctx context.Context, slug string) (int, error) {
	s, err := svc.Surveys.Get(slug)
	if err != nil {
		return 0, err
	}
	return svc.Texts.UnreviewedFlags(ctx, s.Slug)
}

// AllUnreviewedFlags is how many flagged answers of every survey nobody has reviewed yet.
func (svc *Service) AllUnreviewedFlags(ctx context.Context) (int, error) {
	total := 0
	for _, s := range svc.Surveys.All() {
		n, err := svc.UnreviewedFlags(ctx, s.Slug)
		if err != nil {
			return 0, err
		}
		total += n
	}
	return total, nil
}

// describeFlags adds to a page of flagged answers what was done about each, its gloss, and the
// setting type and area of its channel, whose code it then drops.
func (svc *Service) describeFlags(ctx context.Context, slug string, texts []TriagedText, places map[string]*Channel) error {
	ids := make([]string, len(texts))
	byVersion := map[int][]string{}
	for i, t := range texts {
		ids[i] = t.ID
		byVersion[t.Version] = append(byVersion[t.Version], t.ID)
	}
	states, err := svc.Moderation.FlagStates(ctx, slug, ids)
	if err != nil {
		return err
	}
	glosses := map[string]string{}
	for v, answers := range byVersion {
		notes, err := svc.Moderation.TextNotesFor(ctx, slug, v, answers)
		if err != nil {
			return err
		}
		for _, n := range notes {
			glosses[n.Answer] = n.Gloss
		}
	}
	for i := range texts {
		t := &texts[i]
		t.State.Outcomes, t.Gloss = states[t.ID].Outcomes, glosses[t.ID]
		if ch := places[t.Channel]; ch != nil {
			t.Setting, t.Area = ch.Setting, ch.Area
		}
		t.Channel = ""
	}
	return nil
}

// weekOf is the Monday of the week of a date written 2006-01-02, or the date itself if it is not one.
func weekOf(date string) string {
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return date
	}
	return d.AddDate(0, 0, -(int(d.Weekday())+6)%7).Format(time.DateOnly)
}

// SaveFlagState records that the safeguarding lead has, or has not, reviewed a flagged answer,
// and what was done about it. Outcomes must be known ones, and "no action" alone.
func (svc *Service) SaveFlagState(ctx context.Context, slug, answer string, st FlagState) error {
	var outcomes []string
	for _, o := range Outcomes {
		if slices.Contains(st.Outcomes, o) {
			outcomes = append(outcomes, o)
		}
	}
	if len(outcomes) != len(slices.Compact(slices.Sorted(slices.Values(st.Outcomes)))) ||
		(slices.Contains(outcomes, OutcomeNoAction) && len(outcomes) > 1) {
		return &Error{Code: EINVALID, Message: "flagged.error.outcome", Fields: []FieldError{{Question: "outcome", Message: "flagged.error.outcome"}}}
	}
	s, err := svc.Surveys.Get(slug)
	if err != nil {
		return err
	}
	return svc.Moderation.SaveFlagState(ctx, s.Slug, answer, FlagState{Reviewed: st.Reviewed, Outcomes: outcomes})
}
