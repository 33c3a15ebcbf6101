package survey

import (
	"context"

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
	// Cursor is where the store lists the answer (its response's id, random), never shown: a
	// page of answers starts from a prefix of one (see TextReview).
	Cursor string `json:"-"`
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
	// FlagQueue lists at most limit of a survey's flagged answers not reviewed yet, or reviewed,
	// after the first skip, in the order of the safeguarding lead's queue: most urgent tier
	// (freetext.Urgency) first, then newest day, most urgent kind, answer id. Each has its
	// Urgency and State.Reviewed; the rest of TriagedText is the domain's to add.
	FlagQueue(ctx context.Context, slug string, reviewed bool, skip, limit int) ([]TriagedText, error)
	// FlagPatterns counts a survey's flagged answers.
	FlagPatterns(ctx context.Context, slug string) (FlagPatterns, error)
	// UnreviewedFlags counts a survey's flagged answers nobody has marked reviewed.
	UnreviewedFlags(ctx context.Context, slug string) (int, error)
	// FlaggedText reads one flagged answer of any version of a survey; ENOTFOUND if it is none.
	FlaggedText(ctx context.Context, slug, answer string) (FlaggedText, error)
	// QuestionTexts lists at most limit answers to one free-text question of a survey version,
	// in the order of their Cursor, which says nothing about when they were sent, from the first
	// whose Cursor is not before from ("" for the first of all).
	QuestionTexts(ctx context.Context, slug string, version int, question, from string, limit int) ([]TextAnswer, error)
	// EachQuestionText calls each with every answer to one free-text question of a survey
	// version, in the order of their Cursor, holding a batch of them at most; an error from each
	// stops it and is returned.
	EachQuestionText(ctx context.Context, slug string, version int, question string, each func(TextAnswer) error) error
}

// TextPageSize is how many answers the scrutineers' page of a question shows at a time.
const TextPageSize = 50

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
