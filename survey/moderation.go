package survey

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"slices"

	"github.com/safeguarding/safetysurvey/survey/freetext"
	"github.com/safeguarding/safetysurvey/survey/suppress"
)

// AnswerID names one free-text answer (a response's answer to one question) on the staff pages
// and in what staff decide about it. It is a hash of the response id, which is random and never
// leaves the store, and the question, so that two answers of one response cannot be told to
// belong together from their ids.
func AnswerID(response, question string) string {
	sum := sha256.Sum256([]byte(response + "\x00" + question))
	return base64.RawURLEncoding.EncodeToString(sum[:16])
}

// Quote statuses: proposed by one person, then approved for publication by another.
const (
	QuoteProposed = "proposed"
	QuoteApproved = "approved"
)

// TextNote is what staff decided about one free-text answer: the themes scrutineers gave it
// (nil until someone saves them; then they replace the suggested ones) and its quote, if it
// was proposed. It holds staff ids and scrubbed text, never anything about who answered.
type TextNote struct {
	Answer     string   // AnswerID
	Question   string   // the text question it answers
	Themes     []string // theme ids scrutineers chose
	ThemesSet  bool     // whether Themes were chosen, even as none
	Quote      string   // QuoteProposed, QuoteApproved or "" for none
	Text       string   // the quote's scrubbed text, copied when it was proposed
	Lang       string   // the language it was written in
	ProposedBy string   // staff user id
	ApprovedBy string   // staff user id
	Gloss      string   // a short English meaning staff added, shown beside the original
}

// ModerationStore keeps what staff decide about free text, apart from the responses.
type ModerationStore interface {
	// TextNotes lists the notes on the answers of one survey version.
	TextNotes(ctx context.Context, slug string, version int) ([]TextNote, error)
	// SetThemes stores the themes chosen for an answer.
	SetThemes(ctx context.Context, slug string, version int, question, answer string, themes []string) error
	// ProposeQuote stores n as a proposed quote; ECONFLICT if the answer is a quote already.
	ProposeQuote(ctx context.Context, slug string, version int, n TextNote) error
	// ApproveQuote approves a proposed quote as by, who must not be who proposed it; ECONFLICT otherwise.
	ApproveQuote(ctx context.Context, slug string, version int, answer, by string) error
	// WithdrawQuote removes an answer's quote, proposed or approved.
	WithdrawQuote(ctx context.Context, slug string, version int, answer string) error
	// SetGloss stores a short English gloss of an answer, or removes it when gloss is "".
	SetGloss(ctx context.Context, slug string, version int, question, answer, gloss string) error
	// FlagStates lists what the safeguarding lead recorded about a survey's flagged answers, by AnswerID.
	FlagStates(ctx context.Context, slug string) (map[string]FlagState, error)
	// SaveFlagState stores what the safeguarding lead recorded about one flagged answer.
	SaveFlagState(ctx context.Context, slug, answer string, st FlagState) error
}

// ReviewedText is one answer on the scrutineers' page: its themes (chosen, or else suggested)
// and its quote status.
type ReviewedText struct {
	TextAnswer
	Suggested  bool   // whether Themes are the keyword suggestions, not chosen by a person
	Quote      string // QuoteProposed, QuoteApproved or ""
	ProposedBy string // staff user id of who proposed the quote
	Gloss      string // a short English meaning staff added; the original text stays as written
}

// TextReview is a free-text question's answers as scrutineers work on them, with how many
// answers give each theme. Answers is empty while the question has too few (Min) answers.
type TextReview struct {
	Question *Question
	Min      int
	Answers  []ReviewedText
	Themes   []ThemeCount
}

// ThemeCount is how many answers were given a theme, after small-number suppression: a
// suppressed count is nil.
type ThemeCount struct {
	ID         string `json:"id"`
	Label      string `json:"label"`
	Count      *int64 `json:"count"`
	Suppressed bool   `json:"suppressed"`
}

// TextReview returns a free-text question of the current version of a survey with its answers,
// their themes and quotes, for scrutineers; nothing while there are too few answers.
func (svc *Service) TextReview(ctx context.Context, slug, question, lang string) (*TextReview, error) {
	s, q, err := svc.textQuestion(slug, question)
	if err != nil {
		return nil, err
	}
	texts, err := svc.QuestionTexts(ctx, s.Slug, q.ID)
	if err != nil {
		return nil, err
	}
	notes, err := svc.Moderation.TextNotes(ctx, s.Slug, s.Version)
	if err != nil {
		return nil, err
	}
	byAnswer := map[string]TextNote{}
	for _, n := range notes {
		byAnswer[n.Answer] = n
	}
	tr := &TextReview{Question: q, Min: s.MinTextAnswers()}
	var tagged [][]string
	for _, t := range texts {
		n := byAnswer[t.ID]
		rt := ReviewedText{TextAnswer: t, Suggested: !n.ThemesSet, Quote: n.Quote, ProposedBy: n.ProposedBy, Gloss: n.Gloss}
		if t.Flagged { // for the safeguarding lead only: scrutineers learn no more than that it went there
			rt.Text, rt.Suggested, rt.Gloss = "", false, ""
		}
		if n.ThemesSet {
			rt.Themes = n.Themes
		}
		tr.Answers = append(tr.Answers, rt)
		tagged = append(tagged, rt.Themes)
	}
	if len(texts) > 0 {
		tr.Themes = s.ThemeCounts(tagged, lang)
	}
	return tr, nil
}

// MinTextAnswers is how many answers a free-text question of s needs before any is shown.
func (s *Survey) MinTextAnswers() int {
	return max(MinTextAnswers, s.Rules().MinCount)
}

// ThemeCounts counts the answers given each of the survey's themes, most first, each count
// through the same small-number suppression as every published number.
func (s *Survey) ThemeCounts(tagged [][]string, lang string) []ThemeCount {
	t := suppress.New()
	for _, th := range s.Themes {
		t.Set(th.ID, 0)
	}
	for _, themes := range tagged {
		for _, id := range themes {
			if v, ok := t.Value(id); ok {
				t.Set(id, v+1)
			}
		}
	}
	t.SuppressSmall(s.Rules().MinCount)
	t.Protect()
	counts := make([]ThemeCount, len(s.Themes))
	for i, th := range s.Themes {
		counts[i] = ThemeCount{ID: th.ID, Label: th.Label.In(lang), Count: t.Shown(th.ID), Suppressed: t.Suppressed(th.ID)}
	}
	// Most first; suppressed counts, whose size is not to be told, after every shown one.
	slices.SortStableFunc(counts, func(a, b ThemeCount) int {
		return cmp.Compare(shownOrMinus(b.Count), shownOrMinus(a.Count))
	})
	return counts
}

func shownOrMinus(n *int64) int64 {
	if n == nil {
		return -1
	}
	return *n
}

// textQuestion finds a free-text question of a survey's current version.
func (svc *Service) textQuestion(slug, question string) (*Survey, *Question, error) {
	s, err := svc.Surveys.Get(slug)
	if err != nil {
		return nil, nil, err
	}
	q, ok := s.Question(question)
	if !ok || q.IsChoice() {
		return nil, nil, Errorf(ENOTFOUND, "error.not_found")
	}
	return s, q, nil
}

// shownText finds one answer among those a free-text question shows, so that nothing can be
// done to an answer nobody may see yet.
func (svc *Service) shownText(ctx context.Context, slug, question, answer string) (*Survey, TextAnswer, error) {
	s, q, err := svc.textQuestion(slug, question)
	if err != nil {
		return nil, TextAnswer{}, err
	}
	texts, err := svc.QuestionTexts(ctx, s.Slug, q.ID)
	if err != nil {
		return nil, TextAnswer{}, err
	}
	i := slices.IndexFunc(texts, func(t TextAnswer) bool { return t.ID == answer })
	if i < 0 {
		return nil, TextAnswer{}, Errorf(ENOTFOUND, "error.not_found")
	}
	return s, texts[i], nil
}

// SetThemes stores the themes scrutineers chose for an answer, replacing the suggested ones.
func (svc *Service) SetThemes(ctx context.Context, slug, question, answer string, themes []string) error {
	s, t, err := svc.shownText(ctx, slug, question, answer)
	if err != nil {
		return err
	}
	if t.Flagged { // not shown to scrutineers, so not theirs to tag
		return Errorf(ENOTFOUND, "error.not_found")
	}
	chosen := []string{}
	for _, th := range s.Themes {
		if slices.Contains(themes, th.ID) {
			chosen = append(chosen, th.ID)
		}
	}
	if len(chosen) != len(slices.Compact(slices.Sorted(slices.Values(themes)))) {
		return &Error{Code: EINVALID, Message: "moderation.error.theme", Fields: []FieldError{{Question: "themes", Message: "moderation.error.theme"}}}
	}
	return svc.Moderation.SetThemes(ctx, s.Slug, s.Version, t.Question, t.ID, chosen)
}

// ProposeQuote proposes an answer for publication as a quote, by staff user by. An answer that
// may disclose harm is never quoted.
func (svc *Service) ProposeQuote(ctx context.Context, slug, question, answer, by string) error {
	s, t, err := svc.shownText(ctx, slug, question, answer)
	if err != nil {
		return err
	}
	if t.Flagged {
		return Errorf(EINVALID, "moderation.error.flagged")
	}
	err = svc.Moderation.ProposeQuote(ctx, s.Slug, s.Version, TextNote{Answer: t.ID, Question: t.Question, Text: t.Text, Lang: t.Lang, ProposedBy: by})
	if ErrorCode(err) == ECONFLICT {
		return Errorf(ECONFLICT, "moderation.error.already_quote")
	}
	return err
}

// ApproveQuote approves a proposed quote for publication. It takes a second person: whoever
// proposed a quote cannot approve it.
func (svc *Service) ApproveQuote(ctx context.Context, slug, question, answer, by string) error {
	s, t, err := svc.shownText(ctx, slug, question, answer)
	if err != nil {
		return err
	}
	notes, err := svc.Moderation.TextNotes(ctx, s.Slug, s.Version)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(notes, func(n TextNote) bool { return n.Answer == t.ID && n.Quote == QuoteProposed })
	switch {
	case i < 0:
		return Errorf(ECONFLICT, "moderation.error.not_proposed")
	case notes[i].ProposedBy == by:
		return Errorf(EFORBIDDEN, "moderation.error.same_person")
	}
	if err := svc.Moderation.ApproveQuote(ctx, s.Slug, s.Version, t.ID, by); err != nil {
		if ErrorCode(err) == ECONFLICT {
			return Errorf(ECONFLICT, "moderation.error.not_proposed")
		}
		return err
	}
	return nil
}

// WithdrawQuote takes an answer's quote back, proposed or approved, so it is not published.
func (svc *Service) WithdrawQuote(ctx context.Context, slug, question, answer string) error {
	s, t, err := svc.shownText(ctx, slug, question, answer)
	if err != nil {
		return err
	}
	return svc.Moderation.WithdrawQuote(ctx, s.Slug, s.Version, t.ID)
}

// PublishedTexts returns what may be published about a survey version's free text: its approved
// quotes, and how many answers scrutineers gave each theme (themes they chose, not suggestions),
// most first and through suppression.
func (svc *Service) PublishedTexts(ctx context.Context, s *Survey, lang string) ([]Quote, []ThemeCount, error) {
	notes, err := svc.Moderation.TextNotes(ctx, s.Slug, s.Version)
	if err != nil {
		return nil, nil, err
	}
	quotes := []Quote{}
	var tagged [][]string
	var tagger *freetext.ThemeTagger
	for _, n := range notes {
		if n.Quote == QuoteApproved {
			q := Quote{Question: n.Question, Text: n.Text, Lang: n.Lang, Themes: slices.Clone(n.Themes)}
			if !n.ThemesSet {
				if tagger == nil {
					tagger = s.ThemeTagger()
				}
				q.Themes = tagger.Themes(n.Text)
			}
			quotes = append(quotes, q)
		}
		if n.ThemesSet {
			tagged = append(tagged, n.Themes)
		}
	}
	return quotes, s.ThemeCounts(tagged, lang), nil
}
