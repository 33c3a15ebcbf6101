package survey

import (
	"strings"

	"github.com/safeguarding/safetysurvey/survey/freetext"
)

// CheckPlainLanguage flags long sentences and hard words in the survey's English text (title,
// intro, thanks and every question's text, hint and options), and gives the reading age of the
// questions' text and hints taken together; the survey's own option ids (such as place names)
// are not hard words. See freetext.CheckPlainLanguage.
func CheckPlainLanguage(s *Survey) (notes []freetext.PlainLanguageNote, readingAge float64) {
	known := map[string]bool{}
	passages := []freetext.Passage{
		{Field: "title", Text: s.Title[SourceLanguage]},
		{Field: "intro", Text: s.Intro[SourceLanguage]},
		{Field: "thanks", Text: s.Thanks[SourceLanguage]},
	}
	for _, q := range s.Questions {
		passages = append(passages,
			freetext.Passage{Question: q.ID, Field: "text", Text: q.Text[SourceLanguage], Rated: true},
			freetext.Passage{Question: q.ID, Field: "hint", Text: q.Hint[SourceLanguage], Rated: true})
		for _, o := range q.Options {
			passages = append(passages, freetext.Passage{Question: q.ID, Field: "option:" + o.ID, Text: o.Text[SourceLanguage]})
			known[o.ID] = true
			for _, part := range strings.Split(o.ID, "_") {
				known[part] = true
			}
		}
	}
	return freetext.CheckPlainLanguage(passages, known)
}
