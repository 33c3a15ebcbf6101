package surveytest

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/freetext"
)

// Store is a small in-memory implementation of the domain's store interfaces, for testing domain
// logic fast: what a survey.Service decides, not how a store keeps it. Like the Mongo store, it
// counts each response once when it is first stored, and keeps the counters when responses are
// purged. The Mongo adapter's own tests run on the real embedded store.
type Store struct {
	mu        sync.Mutex
	responses map[string]*survey.Response // by id
	counters  map[wave]survey.Tally
	channels  map[string]*survey.Channel             // by code
	opened    map[string]int64                       // by channel code
	notes     map[string]note                        // by AnswerID
	flags     map[string]map[string]survey.FlagState // by survey, then AnswerID
	actions   map[string]*survey.ActionList
	purges    map[string]survey.Purge
}

type wave struct {
	slug    string
	version int
}

type note struct {
	wave
	survey.TextNote
}

var (
	_ survey.ResponseStore   = (*Store)(nil)
	_ survey.SummaryStore    = (*Store)(nil)
	_ survey.ChannelStore    = (*Store)(nil)
	_ survey.TextStore       = (*Store)(nil)
	_ survey.ModerationStore = (*Store)(nil)
	_ survey.ActionStore     = (*Store)(nil)
	_ survey.PurgeStore      = (*Store)(nil)
)

// NewStore returns an empty store.
func NewStore() *Store {
	return &Store{responses: map[string]*survey.Response{}, counters: map[wave]survey.Tally{},
		channels: map[string]*survey.Channel{}, opened: map[string]int64{}, notes: map[string]note{},
		flags: map[string]map[string]survey.FlagState{}, actions: map[string]*survey.ActionList{}, purges: map[string]survey.Purge{}}
}

// SaveResponse stores r once, counting it in its survey version's counters.
func (st *Store) SaveResponse(_ context.Context, r *survey.Response) (bool, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if _, ok := st.responses[r.ID]; ok {
		return false, nil
	}
	kept := *r
	st.responses[r.ID] = &kept
	w := wave{r.Survey, r.Version}
	if st.counters[w] == nil {
		st.counters[w] = survey.Tally{}
	}
	st.counters[w].Add(r)
	return true, nil
}

// Fingerprint returns the fingerprint stored with a response of survey slug, or ENOTFOUND.
func (st *Store) Fingerprint(_ context.Context, slug, id string) (string, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	r, ok := st.responses[id]
	if !ok || r.Survey != slug {
		return "", survey.Errorf(survey.ENOTFOUND, "error.not_found")
	}
	return r.Fingerprint, nil
}

// Response returns a stored response, or ENOTFOUND.
func (st *Store) Response(_ context.Context, id string) (*survey.Response, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	r, ok := st.responses[id]
	if !ok {
		return nil, survey.Errorf(survey.ENOTFOUND, "error.not_found")
	}
	kept := *r
	return &kept, nil
}

// Counts returns how many responses a survey version counted in its findings, and as suspect.
func (st *Store) Counts(_ context.Context, slug string, version int) (survey.Counts, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	var c survey.Counts
	if all := st.counters[wave{slug, version}][survey.GroupAll]; all != nil {
		c.Responses = all.N
	}
	if suspect := st.counters[wave{slug, version}][survey.GroupSuspect]; suspect != nil {
		c.Suspect = suspect.N
	}
	return c, nil
}

// Counters returns the counters of the given groups of a survey version; a group nobody is in is absent.
func (st *Store) Counters(_ context.Context, slug string, version int, groups []string) (map[string]*survey.Counter, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	out := map[string]*survey.Counter{}
	for _, g := range groups {
		if c, ok := st.counters[wave{slug, version}][g]; ok {
			out[g] = c
		}
	}
	return out, nil
}

// GroupValues lists the values a dimension has taken among the counted responses, sorted.
func (st *Store) GroupValues(_ context.Context, slug string, version int, dim string) ([]string, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	var values []string
	for g := range st.counters[wave{slug, version}] {
		if d, v := survey.SplitGroupKey(g); d == dim {
			values = append(values, v)
		}
	}
	slices.Sort(values)
	return values, nil
}

// Channel returns the channel with the code, or ENOTFOUND.
func (st *Store) Channel(_ context.Context, code string) (*survey.Channel, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	ch, ok := st.channels[code]
	if !ok {
		return nil, survey.Errorf(survey.ENOTFOUND, "error.no_channel")
	}
	kept := *ch
	return &kept, nil
}

// CreateChannel stores ch, or returns ECONFLICT when its code is taken.
func (st *Store) CreateChannel(_ context.Context, ch *survey.Channel) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	if _, ok := st.channels[ch.Code]; ok {
		return survey.Errorf(survey.ECONFLICT, "error.channel_code_taken")
	}
	kept := *ch
	st.channels[ch.Code] = &kept
	return nil
}

// Channels lists a survey's channels by name, then code.
func (st *Store) Channels(_ context.Context, slug string) ([]*survey.Channel, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	var out []*survey.Channel
	for _, ch := range st.channels {
		if ch.Survey == slug {
			kept := *ch
			out = append(out, &kept)
		}
	}
	slices.SortFunc(out, func(a, b *survey.Channel) int {
		return cmp.Or(strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), strings.Compare(a.Code, b.Code))
	})
	return out, nil
}

// CountOpen counts one opening of the survey through a channel.
func (st *Store) CountOpen(_ context.Context, code string) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.opened[code]++
	return nil
}

// Opened returns how often each of a survey's channels was opened.
func (st *Store) Opened(_ context.Context, slug string) (map[string]int64, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	out := map[string]int64{}
	for code, ch := range st.channels {
		if ch.Survey == slug {
			out[code] = st.opened[code]
		}
	}
	return out, nil
}

// sortedResponses lists the stored responses that keep is true of, by id: ids are random, so
// the order says nothing about when each was sent.
func (st *Store) sortedResponses(keep func(*survey.Response) bool) []*survey.Response {
	var out []*survey.Response
	for _, id := range slices.Sorted(maps.Keys(st.responses)) {
		if r := st.responses[id]; keep(r) {
			out = append(out, r)
		}
	}
	return out
}

// flagged lists a survey's flagged answers with whether each was reviewed, in queue order: most
// urgent tier, newest day, most urgent kind, answer id.
func (st *Store) flagged(slug string) []survey.TriagedText {
	st.mu.Lock()
	defer st.mu.Unlock()
	var texts []survey.TriagedText
	ranks := map[string]int{}
	for _, r := range st.sortedResponses(func(r *survey.Response) bool { return r.Survey == slug && len(r.Flags) > 0 }) {
		for _, f := range r.Flags {
			t := survey.TriagedText{FlaggedText: survey.FlaggedText{ID: survey.AnswerID(r.ID, f.Question), Question: f.Question, Text: r.Answers[f.Question].Text,
				Lang: r.Lang, Version: r.Version, Date: r.Date, Reasons: f.Reasons, Channel: r.Channel}}
			t.Urgency, ranks[t.ID] = freetext.Urgency(f.Reasons)
			t.State.Reviewed = st.flags[slug][t.ID].Reviewed
			texts = append(texts, t)
		}
	}
	slices.SortFunc(texts, func(a, b survey.TriagedText) int {
		return cmp.Or(cmp.Compare(a.Urgency, b.Urgency), cmp.Compare(b.Date, a.Date), cmp.Compare(ranks[a.ID], ranks[b.ID]), cmp.Compare(a.ID, b.ID))
	})
	return texts
}

// FlagQueue lists at most limit of a survey's flagged answers, reviewed or not, after skip.
func (st *Store) FlagQueue(_ context.Context, slug string, reviewed bool, skip, limit int) ([]survey.TriagedText, error) {
	listed := slices.DeleteFunc(st.flagged(slug), func(t survey.TriagedText) bool { return t.State.Reviewed != reviewed })
	return listed[min(skip, len(listed)):min(skip+limit, len(listed))], nil
}

// FlagPatterns counts a survey's flagged answers.
func (st *Store) FlagPatterns(_ context.Context, slug string) (survey.FlagPatterns, error) {
	p := survey.FlagPatterns{ByReason: map[string]int{}, ByDay: map[string]int{}, ByChannel: map[string]int{}}
	for _, t := range st.flagged(slug) {
		if t.State.Reviewed {
			p.Reviewed++
		} else {
			p.Open++
		}
		for _, r := range t.Reasons {
			p.ByReason[r]++
		}
		p.ByDay[t.Date]++
		p.ByChannel[t.Channel]++
	}
	return p, nil
}

// UnreviewedFlags counts a survey's flagged answers nobody has marked reviewed.
func (st *Store) UnreviewedFlags(ctx context.Context, slug string) (int, error) {
	p, err := st.FlagPatterns(ctx, slug)
	return p.Open, err
}

// FlaggedText reads one flagged answer of a survey.
func (st *Store) FlaggedText(_ context.Context, slug, answer string) (survey.FlaggedText, error) {
	for _, t := range st.flagged(slug) {
		if t.ID == answer {
			return t.FlaggedText, nil
		}
	}
	return survey.FlaggedText{}, survey.Errorf(survey.ENOTFOUND, "error.not_found")
}

// QuestionTexts lists at most limit answers to one free-text question of a survey version, by
// response id, from the first not before from.
func (st *Store) QuestionTexts(ctx context.Context, slug string, version int, question, from string, limit int) ([]survey.TextAnswer, error) {
	var texts []survey.TextAnswer
	err := st.EachQuestionText(ctx, slug, version, question, func(t survey.TextAnswer) error {
		if t.Cursor >= from && len(texts) < limit {
			texts = append(texts, t)
		}
		return nil
	})
	return texts, err
}

// EachQuestionText calls each with every answer to one free-text question of a survey version, by response id.
func (st *Store) EachQuestionText(_ context.Context, slug string, version int, question string, each func(survey.TextAnswer) error) error {
	st.mu.Lock()
	rs := st.sortedResponses(func(r *survey.Response) bool {
		return r.Survey == slug && r.Version == version && r.Answers[question].Text != ""
	})
	st.mu.Unlock()
	for _, r := range rs {
		t := survey.TextAnswer{ID: survey.AnswerID(r.ID, question), Question: question, Text: r.Answers[question].Text, Lang: r.Lang,
			Flagged: slices.ContainsFunc(r.Flags, func(f survey.Flag) bool { return f.Question == question }), Cursor: r.ID}
		if err := each(t); err != nil {
			return err
		}
	}
	return nil
}

// TextNotes lists the notes on the answers of one survey version, by answer.
func (st *Store) TextNotes(_ context.Context, slug string, version int) ([]survey.TextNote, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	var out []survey.TextNote
	for _, id := range slices.Sorted(maps.Keys(st.notes)) {
		if n := st.notes[id]; n.wave == (wave{slug, version}) {
			out = append(out, n.TextNote)
		}
	}
	return out, nil
}

// TextNotesFor lists the notes on the given answers of one survey version.
func (st *Store) TextNotesFor(ctx context.Context, slug string, version int, answers []string) ([]survey.TextNote, error) {
	notes, err := st.TextNotes(ctx, slug, version)
	return slices.DeleteFunc(notes, func(n survey.TextNote) bool { return !slices.Contains(answers, n.Answer) }), err
}

// noteOf returns an answer's note, new when there is none.
func (st *Store) noteOf(slug string, version int, question, answer string) note {
	n, ok := st.notes[answer]
	if !ok {
		n = note{wave: wave{slug, version}, TextNote: survey.TextNote{Answer: answer, Question: question}}
	}
	return n
}

// SetThemes stores the themes chosen for an answer.
func (st *Store) SetThemes(_ context.Context, slug string, version int, question, answer string, themes []string) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	n := st.noteOf(slug, version, question, answer)
	n.Themes, n.ThemesSet = slices.Clone(themes), true
	st.notes[answer] = n
	return nil
}

// ProposeQuote stores a proposed quote, or returns ECONFLICT if the answer is a quote already.
func (st *Store) ProposeQuote(_ context.Context, slug string, version int, q survey.TextNote) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	n := st.noteOf(slug, version, q.Question, q.Answer)
	if n.Quote != "" {
		return survey.Errorf(survey.ECONFLICT, "moderation.error.already_quote")
	}
	n.Quote, n.Text, n.Lang, n.ProposedBy, n.ApprovedBy = survey.QuoteProposed, q.Text, q.Lang, q.ProposedBy, ""
	st.notes[q.Answer] = n
	return nil
}

// ApproveQuote approves a quote someone other than by proposed, or returns ECONFLICT.
func (st *Store) ApproveQuote(_ context.Context, slug string, version int, answer, by string) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	n, ok := st.notes[answer]
	if !ok || n.wave != (wave{slug, version}) || n.Quote != survey.QuoteProposed || n.ProposedBy == by {
		return survey.Errorf(survey.ECONFLICT, "moderation.error.not_proposed")
	}
	n.Quote, n.ApprovedBy = survey.QuoteApproved, by
	st.notes[answer] = n
	return nil
}

// WithdrawQuote removes an answer's quote, proposed or approved.
func (st *Store) WithdrawQuote(_ context.Context, slug string, version int, answer string) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	if n, ok := st.notes[answer]; ok && n.wave == (wave{slug, version}) {
		n.Quote, n.Text, n.Lang, n.ProposedBy, n.ApprovedBy = "", "", "", "", ""
		st.notes[answer] = n
	}
	return nil
}

// SetGloss stores a short English gloss of an answer, or removes it.
func (st *Store) SetGloss(_ context.Context, slug string, version int, question, answer, gloss string) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	n := st.noteOf(slug, version, question, answer)
	n.Gloss = gloss
	st.notes[answer] = n
	return nil
}

// FlagStates lists what was recorded about some flagged answers of a survey.
func (st *Store) FlagStates(_ context.Context, slug string, answers []string) (map[string]survey.FlagState, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	states := map[string]survey.FlagState{}
	for _, a := range answers {
		if state, ok := st.flags[slug][a]; ok {
			states[a] = state
		}
	}
	return states, nil
}

// SaveFlagState stores what was recorded about one flagged answer.
func (st *Store) SaveFlagState(ctx context.Context, slug, answer string, state survey.FlagState) error {
	if _, err := st.FlaggedText(ctx, slug, answer); err != nil {
		return err
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.flags[slug] == nil {
		st.flags[slug] = map[string]survey.FlagState{}
	}
	st.flags[slug][answer] = state
	return nil
}

// ActionList returns a survey's saved actions: an empty list when none were saved.
func (st *Store) ActionList(_ context.Context, slug string) (*survey.ActionList, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if l, ok := st.actions[slug]; ok {
		kept := *l
		kept.Actions = slices.Clone(l.Actions)
		return &kept, nil
	}
	return &survey.ActionList{Survey: slug}, nil
}

// SaveActionList stores l when the stored list is still at l.Rev, or returns ECONFLICT.
func (st *Store) SaveActionList(_ context.Context, l *survey.ActionList) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	var rev int64
	if saved, ok := st.actions[l.Survey]; ok {
		rev = saved.Rev
	}
	if rev != l.Rev {
		return survey.Errorf(survey.ECONFLICT, "actions.error.conflict")
	}
	l.Rev++
	kept := *l
	kept.Actions = slices.Clone(l.Actions)
	st.actions[l.Survey] = &kept
	return nil
}

// LastPurge returns the record of the survey's last deletion of responses.
func (st *Store) LastPurge(_ context.Context, slug string) (survey.Purge, bool, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	p, ok := st.purges[slug]
	return p, ok, nil
}

// CountResponses counts the stored responses of every version of a survey.
func (st *Store) CountResponses(_ context.Context, slug string) (int64, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	var n int64
	for _, r := range st.responses {
		if r.Survey == slug {
			n++
		}
	}
	return n, nil
}

// PurgeResponses deletes the stored responses of every version of a survey and the notes on
// them, leaving its counters alone, and records doing so.
func (st *Store) PurgeResponses(_ context.Context, slug string, p survey.Purge) (int64, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	var n int64
	for id, r := range st.responses {
		if r.Survey == slug {
			delete(st.responses, id)
			n++
		}
	}
	for id, nt := range st.notes {
		if nt.slug == slug {
			delete(st.notes, id)
		}
	}
	p.Finished = true
	st.purges[slug] = p
	return n, nil
}
