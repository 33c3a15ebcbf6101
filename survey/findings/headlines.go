package findings

import (
	"math"
	"strings"

	"github.com/safeguarding/safetysurvey/survey"
)

// Headline is one sentence of the findings in children's words, made from published numbers only.
type Headline struct {
	ID       string `json:"id"`
	Text     string `json:"text"`
	Question string `json:"question"`
	Answer   string `json:"answer"`
	Value    int64  `json:"value"` // the number in the sentence: how many in Per
	Per      int    `json:"per"`
}

// defaultHeadlinePer is how many a headline's count is "in" when its rule does not say.
const defaultHeadlinePer = 10

// per is how many the rule's count is "in".
func per(r *survey.HeadlineRule) int {
	if r.Per == 0 {
		return defaultHeadlinePer
	}
	return r.Per
}

// headlines makes the survey's headlines from the overall findings in sum, in sum's language.
// Only published percentages are read, so a suppressed number never makes a headline, nor does
// a share that rounds to none.
func headlines(s *survey.Survey, sum *Summary, labels Labels) []Headline {
	out := []Headline{}
	for i := range s.Headlines {
		r := &s.Headlines[i]
		qs, ok := FindQuestion(sum.Questions, r.Question)
		if !ok {
			continue
		}
		p := answerPercent(qs, r.Answer)
		if p == nil || *p < r.AtLeast {
			continue
		}
		v := int64(math.Round(*p * float64(per(r)) / 100))
		if v == 0 {
			continue
		}
		lang, forms := pluralForms(r.Text, sum.Lang)
		text, ok := forms[labels.Plural(lang, v)]
		if !ok {
			text = forms["other"]
		}
		text = strings.ReplaceAll(text, "{{.Count}}", labels.Number(v))
		text = strings.ReplaceAll(text, "{{.Per}}", labels.Number(int64(per(r))))
		out = append(out, Headline{ID: r.ID, Text: text, Question: r.Question, Answer: r.Answer, Value: v, Per: per(r)})
	}
	return out
}

// answerPercent is the published percent of an option or combined answer, or nil.
func answerPercent(qs QuestionSummary, answer string) *float64 {
	for _, o := range qs.Options {
		if o.ID == answer {
			return o.Percent
		}
	}
	for _, c := range qs.Combined {
		if c.ID == answer {
			return c.Percent
		}
	}
	return nil
}

// pluralForms returns the forms in lang, falling back to English, and the language whose plural rules pick
// among them. A regional variant (pt-PT) without its own forms takes its base language's (pt),
// picked by its own rules: a variant's categories are its base language's.
func pluralForms(t survey.PluralText, lang string) (string, map[string]string) {
	for _, code := range []string{lang, survey.BaseLanguage(lang)} {
		if forms, ok := t[code]; ok && forms["other"] != "" {
			return lang, forms
		}
	}
	return survey.SourceLanguage, t[survey.SourceLanguage]
}
