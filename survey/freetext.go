package survey

import (
	"context"
	"slices"
	"strings"

	"github.com/safeguarding/safetysurvey/survey/freetext"
)

// MinTextAnswers is the fewest answers a free-text question needs before any of them is shown
// to anyone, so that no answer can be put down to one of the few children who wrote one.
const MinTextAnswers = 10

// Flag marks a free-text answer that may disclose harm, for the designated safeguarding lead.
// It names the question and the kinds of harm, never the words that raised it.
type Flag struct {
	Question string   `json:"question"`
	Reasons  []string `json:"reasons"` // from freetext.DisclosureCategories
}

// TextAnswer is one stored free-text answer as scrutineers read it: scrubbed, with its themes.
type TextAnswer struct {
	ID       string   `json:"id"` // AnswerID: names this answer alone, never the response
	Question string   `json:"question"`
	Text     string   `json:"text"`
	Lang     string   `json:"lang"`
	Themes   []string `json:"themes,omitempty"`
	Flagged  bool     `json:"flagged,omitempty"` // it may disclose harm, so it is never quoted
}

// FlaggedText is an answer that may disclose harm, as the designated safeguarding lead reads it:
// scrubbed, with why it was flagged, and nothing about when but the date it was sent.
type FlaggedText struct {
	ID       string   `json:"id"` // AnswerID: names this answer alone, never the response
	Question string   `json:"question"`
	Text     string   `json:"text"`
	Lang     string   `json:"lang"`
	Version  int      `json:"version"`
	Date     string   `json:"date"`
	Reasons  []string `json:"reasons"`
	// Channel is the code of the channel the answer came through, for the domain to find its
	// setting type and area; no page or export is given it.
	Channel string `json:"-"`
}

// TextStore reads stored free text, which was scrubbed of personal data before it was stored.
type TextStore interface {
	// FlaggedTexts lists the flagged answers of every version of a survey, newest date first.
	FlaggedTexts(ctx context.Context, slug string) ([]FlaggedText, error)
	// QuestionTexts lists every answer to one free-text question of a survey version, in an
	// order that says nothing about when they were sent.
	QuestionTexts(ctx context.Context, slug string, version int, question string) ([]TextAnswer, error)
}

// ShowableTexts returns a question's answers tagged with the survey's themes, or nothing while
// there are fewer than MinTextAnswers of them (or than the survey's min_count, when higher).
func (s *Survey) ShowableTexts(texts []TextAnswer) []TextAnswer {
	if len(texts) < s.MinTextAnswers() {
		return nil
	}
	tagger := s.ThemeTagger()
	shown := slices.Clone(texts)
	for i := range shown {
		shown[i].Themes = tagger.Themes(shown[i].Text)
	}
	return shown
}

// QuestionTexts returns, for scrutineers, the answers to a free-text question of the current
// version of a survey with their themes, ordered by answer id, or nothing while there are too
// few (see ShowableTexts).
func (svc *Service) QuestionTexts(ctx context.Context, slug, question string) ([]TextAnswer, error) {
	s, _, err := svc.textQuestion(slug, question)
	if err != nil {
		return nil, err
	}
	texts, err := svc.Texts.QuestionTexts(ctx, s.Slug, s.Version, question)
	if err != nil {
		return nil, err
	}
	shown := s.ShowableTexts(texts)
	// By answer id, not by response id as the store lists them: in the same order on every
	// question's page, the nth answers of two questions would be one response's.
	slices.SortFunc(shown, func(a, b TextAnswer) int { return strings.Compare(a.ID, b.ID) })
	return shown, nil
}

// protectText flags each free-text answer that may disclose harm, then scrubs personal data
// from it, so that what a child typed goes no further than this call: the store, the
// safeguarding lead and scrutineers only ever get the scrubbed text.
func (svc *Service) protectText(s *Survey, answers Answers) []Flag {
	var flags []Flag
	for i := range s.Questions {
		id := s.Questions[i].ID
		a := answers[id]
		if a.Text == "" {
			continue
		}
		if reasons := svc.Disclosures.Categories(a.Text); len(reasons) > 0 {
			flags = append(flags, Flag{Question: id, Reasons: reasons})
		}
		a.Text = freetext.ScrubPersonalData(a.Text)
		answers[id] = a
	}
	return flags
}
