package survey

import (
	"context"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"regexp"
	"sync"
	"time"

	"github.com/safeguarding/safetysurvey/survey/freetext"
)

// Response is one child's stored answers. It holds nothing that identifies the child or the device:
// no address, no user agent, no cookie, and only the date of submission, never the time.
type Response struct {
	ID      string  `json:"id"`
	Survey  string  `json:"survey"`
	Version int     `json:"version"`
	Lang    string  `json:"lang"`
	Channel string  `json:"channel,omitempty"`
	Date    string  `json:"date"` // YYYY-MM-DD
	Answers Answers `json:"answers"`
	// Suspect says why the response looks sent by a program (SuspectHoneypot, SuspectTooFast or
	// SuspectNoStart); empty for most. A suspect response is kept for an admin to review but
	// counted apart from the findings (see GroupSuspect).
	Suspect string `json:"suspect,omitempty"`
	// Groups are the breakdown groups the response counts in (see Survey.GroupsOf).
	Groups []string `json:"-"`
	// Flags are the free-text answers that may disclose harm, for the safeguarding lead.
	Flags []Flag `json:"-"`
	// Fingerprint is a hash of what the submission sent (see Submission.fingerprint), so a retry
	// can be told from a different submission under the same key. It holds no time or address.
	Fingerprint string `json:"-"`
}

// Reasons a response is marked suspect.
const (
	SuspectHoneypot = "honeypot" // the field people cannot see was filled in
	SuspectTooFast  = "too_fast" // sent sooner after the form was opened than a person could
	SuspectNoStart  = "no_start" // no verified record of when the form was opened
)

// Submission is what a phone sends: answers plus the key that makes resending it harmless.
type Submission struct {
	Key     string // client-made random key, the same for every retry of one submission
	Lang    string
	Channel string
	Answers Answers
	// Started is when the form was opened, from a start token the web layer verified; zero when
	// there was none or it did not verify. It is checked, never stored.
	Started time.Time
	// Honeypot is the form field people cannot see; anything in it means a program filled the form.
	Honeypot string
}

// Counts are aggregate numbers about a survey's responses, safe to show anyone.
type Counts struct {
	Responses int64 `json:"responses"` // counted in the findings
	Suspect   int64 `json:"suspect"`   // stored but left out of the findings, for an admin to review
}

// ResponseStore keeps responses durably.
type ResponseStore interface {
	// SaveResponse stores r once: it reports created=false, and no error, when a response with r.ID exists.
	// It returns only after the store has made the write durable.
	SaveResponse(ctx context.Context, r *Response) (created bool, err error)
	// Counts returns aggregate counts for a survey version.
	Counts(ctx context.Context, slug string, version int) (Counts, error)
	// Fingerprint returns the Fingerprint stored with the response id of survey slug ("" for one
	// stored before fingerprints were), or ENOTFOUND when there is no such response.
	Fingerprint(ctx context.Context, slug, id string) (string, error)
}

// DefinitionStore records each survey version so a definition cannot change under stored responses.
type DefinitionStore interface {
	// RegisterDefinition records s, or returns ECONFLICT when the same version was recorded
	// with different content and already has responses.
	RegisterDefinition(ctx context.Context, s *Survey) error
}

// MsgBadKey is the message of the error SubmitResponse returns for a submission key ValidKey refuses.
const MsgBadKey = "error.bad_key"

// Messages of the errors SubmitResponse returns for a key that cannot be used as sent, as the IETF
// draft "The Idempotency-Key HTTP Header Field" has them: already used for a different submission
// (code EKEYREUSED), or used by a request of this process that has not finished yet (ECONFLICT).
const (
	MsgKeyReused   = "error.key_reused"
	MsgKeyInFlight = "error.key_in_flight"
)

var (
	keyPattern        = regexp.MustCompile(`^[A-Za-z0-9_-]{16,64}$`)
	responseIDPattern = regexp.MustCompile(`^[A-Z2-7]{24}$`)
)

// ResponseID derives a response's id from its survey and submission key, so every retry of one
// submission names the same record and the key itself is never stored.
func ResponseID(slug, key string) string {
	sum := sha256.Sum256([]byte(slug + "\x00" + key))
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(sum[:15])
}

// fingerprint hashes what a submission sends that is stored: its answers, language and channel.
// JSON writes map keys sorted, so the same submission always gives the same fingerprint.
func (sub Submission) fingerprint() string {
	data, _ := json.Marshal(struct { // a struct of strings, slices and maps of them always marshals
		Answers Answers `json:"a"`
		Lang    string  `json:"l"`
		Channel string  `json:"c"`
	}{sub.Answers, sub.Lang, NormalizeChannel(sub.Channel)})
	sum := sha256.Sum256(data)
	return base64.RawStdEncoding.EncodeToString(sum[:])
}

// Service takes submissions for the surveys in a Catalog and stores them.
type Service struct {
	Surveys     *Catalog
	Store       ResponseStore
	Channels    ChannelStore              // optional: without it channel codes are kept but not broken down
	Texts       TextStore                 // reads free text back for scrutineers
	Moderation  ModerationStore           // keeps themes, quotes and safeguarding reviews of free text
	Disclosures *freetext.DisclosureTerms // flags free text that may disclose harm; the server always loads them
	Now         func() time.Time
	// MinFillTime is the least time a person takes from opening the form to sending it; a
	// submission sent sooner, or with no verified start, is stored but marked suspect. Zero turns
	// the timing check off.
	MinFillTime time.Duration

	inFlight sync.Map // ids of responses whose submission this process is storing now
}

// Receipt is what a stored submission gives back.
type Receipt struct {
	Response *Response
	// Created is false when an earlier try of the same submission had already stored it.
	Created bool
	// OfferHelp is whether to offer help straight away: an answer the survey marks as a concern,
	// or free text that may disclose harm. Answers are anonymous, so help offered now is the only
	// answer a disclosure can get.
	OfferHelp bool
}

// SubmitResponse validates a submission and stores it once, its free text scrubbed of personal
// data and flagged when it may disclose harm (a flag never stops it being stored). It is the one
// place that checks the survey, the key, the language and the channel of a submission, and that
// decides what a key seen before means: the same submission again is answered as stored (Created
// false), a different one under the key is EKEYREUSED, and a key whose first request this process
// is still storing is ECONFLICT (MsgKeyInFlight), for the client to retry.
func (svc *Service) SubmitResponse(ctx context.Context, slug string, sub Submission) (*Receipt, error) {
	s, err := svc.Surveys.Get(slug)
	if err != nil {
		return nil, err
	}
	today := svc.Now()
	if !s.AcceptsOn(today) {
		return nil, Errorf(ECLOSED, "error.closed")
	}
	if !ValidKey(sub.Key) {
		return nil, Errorf(EINVALID, MsgBadKey)
	}
	lang := sub.Lang
	if !s.Offers(lang) {
		lang = s.DefaultLanguage
	}
	answers, err := s.CleanAnswers(sub.Answers)
	if err != nil {
		return nil, err
	}
	flags := svc.protectText(s, answers)
	ch, err := svc.channel(ctx, s, sub.Channel)
	if err != nil {
		return nil, err
	}
	id := ResponseID(s.Slug, sub.Key)
	if _, busy := svc.inFlight.LoadOrStore(id, struct{}{}); busy {
		return nil, Errorf(ECONFLICT, MsgKeyInFlight)
	}
	defer svc.inFlight.Delete(id)
	r := &Response{
		ID:          id,
		Survey:      s.Slug,
		Version:     s.Version,
		Lang:        lang,
		Date:        today.Format(time.DateOnly),
		Answers:     answers,
		Suspect:     svc.suspicion(sub, today),
		Groups:      s.GroupsOf(answers, lang, ch),
		Flags:       flags,
		Fingerprint: sub.fingerprint(),
	}
	if ch != nil {
		r.Channel = ch.Code
	}
	created, err := svc.Store.SaveResponse(ctx, r)
	if err != nil {
		return nil, fmt.Errorf("save response to %s: %w", s.Slug, err)
	}
	if !created {
		stored, err := svc.Store.Fingerprint(ctx, s.Slug, r.ID)
		if err != nil {
			return nil, fmt.Errorf("read fingerprint of response to %s: %w", s.Slug, err)
		}
		if stored != "" && stored != r.Fingerprint {
			return nil, Errorf(EKEYREUSED, MsgKeyReused)
		}
	}
	return &Receipt{Response: r, Created: created, OfferHelp: s.OffersHelp(r)}, nil
}

// ConfirmResponse reports, with nil, that the response id of survey slug is stored, so a phone
// whose reply was lost can learn its answers arrived; ENOTFOUND for an id that is not stored or
// cannot be one. It says nothing else about the response: ids come from the phone's random key,
// so only the phone that sent a response can name it.
func (svc *Service) ConfirmResponse(ctx context.Context, slug, id string) error {
	s, err := svc.Surveys.Get(slug)
	if err != nil {
		return err
	}
	if !responseIDPattern.MatchString(id) {
		return Errorf(ENOTFOUND, "error.not_found")
	}
	if _, err := svc.Store.Fingerprint(ctx, s.Slug, id); err != nil {
		return fmt.Errorf("confirm response to %s: %w", s.Slug, err)
	}
	return nil
}

// suspicion says why a submission looks sent by a program, or "" when it looks sent by a person.
// Such submissions are still stored: a child who trips a check by accident loses nothing.
func (svc *Service) suspicion(sub Submission, now time.Time) string {
	switch {
	case sub.Honeypot != "":
		return SuspectHoneypot
	case svc.MinFillTime <= 0:
		return ""
	case sub.Started.IsZero():
		return SuspectNoStart
	case now.Sub(sub.Started) < svc.MinFillTime:
		return SuspectTooFast
	}
	return ""
}

// channel finds the channel a submission came through; an unknown code, or one for another
// survey, is left out rather than refused, so a mistyped link never loses an answer.
func (svc *Service) channel(ctx context.Context, s *Survey, code string) (*Channel, error) {
	code = NormalizeChannel(code)
	if code == "" {
		return nil, nil
	}
	if svc.Channels == nil {
		return &Channel{Code: code}, nil
	}
	ch, err := svc.Channels.Channel(ctx, code)
	switch {
	case ErrorCode(err) == ENOTFOUND:
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("find channel %s: %w", code, err)
	case ch.Survey != s.Slug:
		return nil, nil
	}
	return ch, nil
}

// ValidKey reports whether key can be a submission key: 16 to 64 letters, digits, '-' or '_', as a UUID is.
func ValidKey(key string) bool {
	return keyPattern.MatchString(key)
}

// Catalog holds the current version of each survey, by slug. Opening a version in the staff
// area replaces a survey's current version while children are answering, so it is safe to use
// from many goroutines; the surveys it hands out are never changed, only replaced.
type Catalog struct {
	mu     sync.RWMutex
	bySlug map[string]*Survey
	order  []string
}

// NewCatalog checks each definition and indexes them by slug; a later definition of a slug is an error.
func NewCatalog(surveys ...*Survey) (*Catalog, error) {
	c := &Catalog{bySlug: make(map[string]*Survey, len(surveys))}
	for _, s := range surveys {
		if err := s.Check(); err != nil {
			return nil, err
		}
		if prev, dup := c.bySlug[s.Slug]; dup {
			return nil, NewDefinitionError(s.Source, 0, "slug", msgSlugTaken, "Slug", s.Slug, "Source", prev.Source)
		}
		c.bySlug[s.Slug] = s
		c.order = append(c.order, s.Slug)
	}
	for _, s := range surveys {
		if _, ok := c.bySlug[s.Previous]; s.Previous != "" && !ok {
			return nil, NewDefinitionError(s.Source, 0, "previous", msgNoPrevious, "Slug", s.Previous)
		}
	}
	return c, nil
}

// Get returns the survey with the slug, or ENOTFOUND.
func (c *Catalog) Get(slug string) (*Survey, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if s, ok := c.bySlug[slug]; ok {
		return s, nil
	}
	return nil, Errorf(ENOTFOUND, "error.no_survey")
}

// All returns the surveys in the order they were added.
func (c *Catalog) All() []*Survey {
	c.mu.RLock()
	defer c.mu.RUnlock()
	all := make([]*Survey, len(c.order))
	for i, slug := range c.order {
		all[i] = c.bySlug[slug]
	}
	return all
}

// Replace makes s the current version of its survey, adding the survey when it is new, once
// CanReplace allows it.
func (c *Catalog) Replace(s *Survey) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.canReplace(s); err != nil {
		return err
	}
	if _, ok := c.bySlug[s.Slug]; !ok {
		c.order = append(c.order, s.Slug)
	}
	c.bySlug[s.Slug] = s
	return nil
}

// CanReplace reports whether Replace would take s: it refuses a definition that fails Check, a
// previous wave that does not exist, and an older version than the current one (ECONFLICT), so a
// stale copy cannot take answers again.
func (c *Catalog) CanReplace(s *Survey) error {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.canReplace(s)
}

func (c *Catalog) canReplace(s *Survey) error {
	if err := s.Check(); err != nil {
		return err
	}
	if _, ok := c.bySlug[s.Previous]; s.Previous != "" && !ok {
		return NewDefinitionError(s.Source, 0, "previous", msgNoPrevious, "Slug", s.Previous)
	}
	if cur, ok := c.bySlug[s.Slug]; ok && cur.Version > s.Version {
		return Errorf(ECONFLICT, "design.error.older_version")
	}
	return nil
}
