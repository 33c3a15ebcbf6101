package findings

import (
	"io"

	"github.com/safeguarding/safetysurvey/survey"
)

// SafeSide is the share of a scale's answers on its safe side (how many feel safe, or
// comfortable getting around): the headline numbers of published findings.
type SafeSide struct {
	Question string   // as asked, in the summary's language
	Answers  []string // the answers on the safe side, in the summary's language
	Share    float64
	Before   *float64 // the share in the previous wave, when it asked the same question and shows it
}

// SafeSides lists, for each scale of sum whose safe share is shown, the share of its answers on
// the safe side. It reads the suppressed summary only.
func SafeSides(s *survey.Survey, sum *Summary) []SafeSide {
	var sides []SafeSide
	for _, qs := range sum.Questions {
		q, ok := s.Question(qs.ID)
		if !ok || qs.SafeShare == nil {
			continue
		}
		side := SafeSide{Question: qs.Text, Share: *qs.SafeShare}
		for j, o := range qs.Options {
			if q.OnSafeSide(j) {
				side.Answers = append(side.Answers, o.Label)
			}
		}
		if sum.Previous != nil {
			if before, ok := FindQuestion(sum.Previous.Questions, qs.ID); ok {
				side.Before = before.SafeShare
			}
		}
		sides = append(sides, side)
	}
	return sides
}

// Infographics draw a survey's published findings for download, with what the findings page
// shows: headline numbers, a chart per choice question, approved quotes, the partnership's
// actions and the suppression rules. They draw the summary they are given, suppressed as it is.
type Infographics interface {
	// OnePage writes the findings as one designed A4 page of PDF: the partnership's infographic.
	OnePage(w io.Writer, s *survey.Survey, sum *Summary) error
	// Share writes the headlines as a 1080 by 1350 PNG image to share on phones.
	Share(w io.Writer, s *survey.Survey, sum *Summary) error
	// PDF writes the full findings, every chart with its numbers, as A4 pages.
	PDF(w io.Writer, s *survey.Survey, sum *Summary) error
	// PNG writes the findings as one image as wide as A4.
	PNG(w io.Writer, s *survey.Survey, sum *Summary) error
}
