package survey

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"slices"
	"strings"

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
	// TextNotesFor lists the notes on the given answers of one survey version.
	TextNotesFor(ctx context.Context, slug string, version int, answers []string) ([]TextNote, error)
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
	// FlagStates lists what the safeguarding lead recorded about some flagged answers of a survey, by AnswerID.
	FlagStates(ctx context.Context, slug string, answers []string) (map[string]FlagState, error)
	// SaveFlagState stores what the safeguarding lead recorded about one flagged answer;
	// ENOTFOUND if it is not a flagged answer of the survey.
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

// TextReview is a page of a free-text question's answers as scrutineers work on them, with how
// many of all the answers give each theme. Answers is empty while the question has too few
// (Min) answers. It never says how many answers there are.
type TextReview struct {
	Question *Question
	Min      int
	Answers  []ReviewedText // at most TextPageSize, by answer id
	Themes   []ThemeCount
	From     string // where this page starts ("" for the first), so forms come back to it
	Next     string // where the next page starts, or "" on the last
}

// ThemeCount is how many answers were given a theme, after small-number suppression: a
// suppressed count is nil.
type ThemeCount struct {
	ID         string `json:"id"`
	Label      string `json:"label"`
	Count      *int64 `json:"count"`
	Suppressed bool   `json:"suppressed"`
}

// TextReview returns a page of a free-text question of the current version of a survey: the
// answers from the page position from ("" for the first page), their themes and quotes, for
// scrutineers, with theme counts over every answer; no answers while there are too few. It reads
// the answers a batch at a time, so what it holds does not grow with their number.
func (svc *Service) TextReview(ctx context.Context, slug, question, lang, from string) (*TextReview, error) {
	s, q, err := svc.textQuestion(slug, question)
	if err != nil {
		return nil, err
	}
	tr := &TextReview{Question: q, Min: s.MinTextAnswers(), From: from}
	n, counts, err := svc.tallyThemes(ctx, s, q.ID)
	if err != nil || n < tr.Min {
		return tr, err
	}
	tr.Themes = s.countThemes(counts, lang)
	page, err := svc.Texts.QuestionTexts(ctx, s.Slug, s.Version, q.ID, from, TextPageSize+1)
	if err != nil {
		return nil, err
	}
	if len(page) > TextPageSize {
		// The next page starts at a prefix of the first answer not shown, never a whole response
		// id: an answer on this page that shares it is shown again there, which is harmless.
		first := page[TextPageSize].Cursor
		tr.Next = first[:min(len(first), cursorPrefix)]
		page = page[:TextPageSize]
	}
	notes, err := svc.notesOf(ctx, s, page)
	if err != nil {
		return nil, err
	}
	tagger := s.ThemeTagger()
	for _, t := range page {
		n := notes[t.ID]
		rt := ReviewedText{TextAnswer: t, Suggested: !n.ThemesSet, Quote: n.Quote, ProposedBy: n.ProposedBy, Gloss: n.Gloss}
		rt.Themes = tagger.Themes(t.Text)
		if n.ThemesSet {
			rt.Themes = n.Themes
		}
		if t.Flagged { // for the safeguarding lead only: scrutineers learn no more than that it went there
			rt.Text, rt.Suggested, rt.Gloss = "", false, ""
		}
		tr.Answers = append(tr.Answers, rt)
	}
	// By answer id, not by response id as the store lists them: in the same order on every
	// question's page, the nth answers of two questions would be one response's.
	slices.SortFunc(tr.Answers, func(a, b ReviewedText) int { return strings.Compare(a.ID, b.ID) })
	return tr, nil
}

// cursorPrefix is how much of a response id a page position holds: 35 of its 120 bits.
const cursorPrefix = 7

// textBatch is how many answers theme counting holds at once.
const textBatch = 500

// tallyThemes counts a question's answers and how many have each theme (chosen by scrutineers,
// or else suggested), a batch at a time.
func (svc *Service) tallyThemes(ctx context.Context, s *Survey, question string) (int, map[string]int64, error) {
	tagger := s.ThemeTagger()
	counts := map[string]int64{}
	n := 0
	batch := make([]TextAnswer, 0, textBatch)
	flush := func() error {
		notes, err := svc.notesOf(ctx, s, batch)
		if err != nil {
			return err
		}
		for _, t := range batch {
			themes := tagger.Themes(t.Text)
			if note := notes[t.ID]; note.ThemesSet {
				themes = note.Themes
			}
			for _, th := range themes {
				counts[th]++
			}
		}
		batch = batch[:0]
		return nil
	}
	err := svc.Texts.EachQuestionText(ctx, s.Slug, s.Version, question, func(t TextAnswer) error {
		n++
		if batch = append(batch, t); len(batch) == textBatch {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	return n, counts, err
}

// notesOf reads the notes on some answers of the current version of s, by answer id.
func (svc *Service) notesOf(ctx context.Context, s *Survey, texts []TextAnswer) (map[string]TextNote, error) {
	byAnswer := make(map[string]TextNote, len(texts))
	if len(texts) == 0 {
		return byAnswer, nil
	}
	ids := make([]string, len(texts))
	for i, t := range texts {
		ids[i] = t.ID
	}
	notes, err := svc.Moderation.TextNotesFor(ctx, s.Slug, s.Version, ids)
	if err != nil {
		return nil, err
	}
	for _, n := range notes {
		byAnswer[n.Answer] = n
	}
	return byAnswer, nil
}

// MinTextAnswers is how many answers a free-text question of s needs before any is shown.
func (s *Survey) MinTextAnswers() int {
	return max(MinTextAnswers, s.Rules().MinCount)
}

// ThemeCounts counts the answers given each of the survey's themes, most first, each count
// through the same small-number suppression as every published number.
func (s *Survey) ThemeCounts(tagged [][]string, lang string) []ThemeCount {
	counts := map[string]int64{}
	for _, themes := range tagged {
		for _, id := range themes {
			counts[id]++
		}
	}
	return s.countThemes(counts, lang)
}

// countThemes is ThemeCounts from how many answers have each theme id; ids that are not the
// survey's themes are left out.
func (s *Survey) countThemes(counts map[string]int64, lang string) []ThemeCount {
	t := suppress.New()
	for _, th := range s.Themes {
		t.Set(th.ID, counts[th.ID])
	}
	t.SuppressSmall(s.Rules().MinCount)
	t.Protect()
	shown := make([]ThemeCount, len(s.Themes))
	for i, th := range s.Themes {
		shown[i] = ThemeCount{ID: th.ID, Label: th.Label.In(lang), Count: t.Shown(th.ID), Suppressed: t.Suppressed(th.ID)}
	}
	// Most first; suppressed counts, whose size is not to be told, after every shown one.
	slices.SortStableFunc(shown, func(a, b ThemeCount) int {
		return cmp.Compare(shownOrMinus(b.Count), shownOrMinus(a.Count))
	})
	return shown
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
// done to an answer nobody may see yet. It reads the answers one at a time.
func (svc *Service) shownText(ctx context.Context, slug, question, answer string) (*Survey, TextAnswer, error) {
	s, q, err := svc.textQuestion(slug, question)
	if err != nil {
		return nil, TextAnswer{}, err
	}
	var found *TextAnswer
	n := 0
	err = svc.Texts.EachQuestionText(ctx, s.Slug, s.Version, q.ID, func(t TextAnswer) error {
		if n++; t.ID == answer {
			found = &t
		}
		return nil
	})
	if err != nil {
		return nil, TextAnswer{}, err
	}
	if found == nil || n < s.MinTextAnswers() {
		return nil, TextAnswer{}, Errorf(ENOTFOUND, "error.not_found")
	}
	return s, *found, nil
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
	notes, err := svc.Moderation.TextNotesFor(ctx, s.Slug, s.Version, []string{t.ID})
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
