package survey

import "strings"

// GroupAll is the group every response belongs to.
const GroupAll = "*"

// Breakdown dimensions that are not questions; question ids start with a letter, so these cannot clash.
const (
	DimLanguage    = "_lang"    // language the child answered in
	DimSetting     = "_setting" // setting type of the channel the answer came through
	DimSettingArea = "_area"    // area of that channel
)

// NotAnswered is the group value of respondents who did not answer a breakdown question.
const NotAnswered = "_none"

// GroupKey names the group of respondents whose value on a dimension is value.
func GroupKey(dim, value string) string {
	return dim + "=" + value
}

// SplitGroupKey is the inverse of GroupKey.
func SplitGroupKey(key string) (dim, value string) {
	dim, value, _ = strings.Cut(key, "=")
	return dim, value
}

// BreakdownQuestions are the questions findings can be broken down by: those with one answer each.
func (s *Survey) BreakdownQuestions() []*Question {
	var qs []*Question
	for i := range s.Questions {
		if q := &s.Questions[i]; q.Type == Single || q.Type == Scale {
			qs = append(qs, q)
		}
	}
	return qs
}

// GroupsOf lists the breakdown groups a response counts in, besides GroupAll. They are stored with
// the response so counters can always be rebuilt from stored responses alone.
func (s *Survey) GroupsOf(answers Answers, lang string, ch *Channel) []string {
	var groups []string
	for _, q := range s.BreakdownQuestions() {
		value := NotAnswered
		if c := answers[q.ID].Choices; len(c) == 1 {
			value = c[0]
		}
		groups = append(groups, GroupKey(q.ID, value))
	}
	groups = append(groups, GroupKey(DimLanguage, lang))
	setting, area := NotAnswered, NotAnswered
	if ch != nil && ch.Setting != "" {
		setting = ch.Setting
	}
	if ch != nil && ch.Area != "" {
		area = ch.Area
	}
	return append(groups, GroupKey(DimSetting, setting), GroupKey(DimSettingArea, area))
}

// Counter is the running count of one group of respondents.
type Counter struct {
	N        int64                       `json:"n"`
	Answered map[string]int64            `json:"answered"`
	Chosen   map[string]map[string]int64 `json:"chosen"`
}

// Tally is what some responses add to a survey version's counters, by group key.
type Tally map[string]*Counter

// Add counts one response in GroupAll and in each of its groups.
func (t Tally) Add(r *Response) {
	for _, g := range append([]string{GroupAll}, r.Groups...) {
		c := t[g]
		if c == nil {
			c = &Counter{Answered: map[string]int64{}, Chosen: map[string]map[string]int64{}}
			t[g] = c
		}
		c.N++
		for q, a := range r.Answers {
			c.Answered[q]++
			for _, o := range a.Choices {
				if c.Chosen[q] == nil {
					c.Chosen[q] = map[string]int64{}
				}
				c.Chosen[q][o]++
			}
		}
	}
}
