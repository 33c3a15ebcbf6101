package survey

import (
	"context"
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"regexp"
	"time"
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
	// Groups are the breakdown groups the response counts in (see Survey.GroupsOf).
	Groups []string `json:"-"`
}

// Submission is what a phone sends: answers plus the key that makes resending it harmless.
type Submission struct {
	Key     string // client-made random key, the same for every retry of one submission
	Lang    string
	Channel string
	Answers Answers
}

// Counts are aggregate numbers about a survey's responses, safe to show anyone.
type Counts struct {
	Responses int64 `json:"responses"`
}

// ResponseStore keeps responses durably.
type ResponseStore interface {
	// SaveResponse stores r once: it reports created=false, and no error, when a response with r.ID exists.
	// It returns only after the store has made the write durable.
	SaveResponse(ctx context.Context, r *Response) (created bool, err error)
	// Counts returns aggregate counts for a survey version.
	Counts(ctx context.Context, slug string, version int) (Counts, error)
}

// DefinitionStore records each survey version so a definition cannot change under stored responses.
type DefinitionStore interface {
	// RegisterDefinition records s, or returns ECONFLICT when the same version was recorded
	// with different content and already has responses.
	RegisterDefinition(ctx context.Context, s *Survey) error
}

var keyPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{16,64}$`)

// ResponseID derives a response's id from its survey and submission key, so every retry of one
// submission names the same record and the key itself is never stored.
func ResponseID(slug, key string) string {
	sum := sha256.Sum256([]byte(slug + "\x00" + key))
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(sum[:15])
}

// Service takes submissions for the surveys in a Catalog and stores them.
type Service struct {
	Surveys  *Catalog
	Store    ResponseStore
	Channels ChannelStore // optional: without it channel codes are kept but not broken down
	Now      func() time.Time
}

// SubmitResponse validates a submission and stores it once. It returns the stored response, and
// created=false when an earlier try of the same submission had already stored it.
func (svc *Service) SubmitResponse(ctx context.Context, slug string, sub Submission) (r *Response, created bool, err error) {
	s, err := svc.Surveys.Get(slug)
	if err != nil {
		return nil, false, err
	}
	today := svc.Now()
	if !s.AcceptsOn(today) {
		return nil, false, Errorf(ECLOSED, "error.closed")
	}
	if !ValidKey(sub.Key) {
		return nil, false, Errorf(EINVALID, "error.bad_key")
	}
	lang := sub.Lang
	if !s.Offers(lang) {
		lang = s.DefaultLanguage
	}
	answers, err := s.CleanAnswers(sub.Answers)
	if err != nil {
		return nil, false, err
	}
	ch, err := svc.channel(ctx, s, sub.Channel)
	if err != nil {
		return nil, false, err
	}
	r = &Response{
		ID:      ResponseID(s.Slug, sub.Key),
		Survey:  s.Slug,
		Version: s.Version,
		Lang:    lang,
		Date:    today.Format(time.DateOnly),
		Answers: answers,
		Groups:  s.GroupsOf(answers, lang, ch),
	}
	if ch != nil {
		r.Channel = ch.Code
	}
	created, err = svc.Store.SaveResponse(ctx, r)
	if err != nil {
		return nil, false, fmt.Errorf("save response to %s: %w", s.Slug, err)
	}
	return r, created, nil
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

// Catalog holds the current version of each survey, by slug.
type Catalog struct {
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
			return nil, DefinitionError{Source: s.Source, Field: "slug", Reason: fmt.Sprintf("%q is already defined in %s", s.Slug, prev.Source)}
		}
		c.bySlug[s.Slug] = s
		c.order = append(c.order, s.Slug)
	}
	for _, s := range surveys {
		if _, ok := c.bySlug[s.Previous]; s.Previous != "" && !ok {
			return nil, DefinitionError{Source: s.Source, Field: "previous", Reason: fmt.Sprintf("there is no survey %q", s.Previous)}
		}
	}
	return c, nil
}

// Get returns the survey with the slug, or ENOTFOUND.
func (c *Catalog) Get(slug string) (*Survey, error) {
	if s, ok := c.bySlug[slug]; ok {
		return s, nil
	}
	return nil, Errorf(ENOTFOUND, "error.no_survey")
}

// All returns the surveys in the order they were added.
func (c *Catalog) All() []*Survey {
	all := make([]*Survey, len(c.order))
	for i, slug := range c.order {
		all[i] = c.bySlug[slug]
	}
	return all
}
