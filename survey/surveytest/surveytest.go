// Package surveytest makes up answers to a survey for tests and benchmarks: the same answers for
// the same seed, skewed so that some numbers are small, in the survey's languages (mostly its
// first) and through a few dozen posters in different settings and areas.
package surveytest

import (
	"fmt"
	"math/rand/v2"

	"github.com/safeguarding/safetysurvey/survey"
)

// Channels are the posters made-up answers come through; every third answer comes through none.
var Channels = func() []*survey.Channel {
	areas := []string{"Balham", "Battersea", "Putney", "Tooting", "Wandsworth Town", "Roehampton"}
	var cs []*survey.Channel
	for i := range 40 {
		cs = append(cs, &survey.Channel{Code: fmt.Sprintf("P%05d", i), Setting: survey.SettingTypes[i%len(survey.SettingTypes)], Area: areas[i%len(areas)]})
	}
	return cs
}()

// Generate calls add with n made-up responses to s, each with the groups it counts in.
func Generate(s *survey.Survey, seed uint64, n int, add func(*survey.Response)) {
	rng := rand.New(rand.NewPCG(seed, 7))
	langs := s.LanguageCodes()
	for i := range n {
		answers := survey.Answers{}
		for _, q := range s.Questions {
			if rng.IntN(6) == 0 {
				continue // not answered
			}
			switch q.Type {
			case survey.FreeText:
				answers[q.ID] = survey.Answer{Text: "made up"}
			case survey.Multiple:
				var choices []string
				for j, o := range q.Options {
					if rng.IntN(2+j) == 0 && (q.Max == 0 || len(choices) < q.Max) {
						choices = append(choices, o.ID)
					}
				}
				if len(choices) > 0 {
					answers[q.ID] = survey.Answer{Choices: choices}
				}
			default:
				// Earlier options are much likelier, so the last ones end up small.
				opts := q.AllOptions()
				answers[q.ID] = survey.Answer{Choices: []string{opts[min(int(rng.ExpFloat64()*1.5), len(opts)-1)].ID}}
			}
		}
		lang := langs[0]
		if rng.IntN(10) < 3 {
			lang = langs[rng.IntN(len(langs))]
		}
		r := &survey.Response{ID: fmt.Sprintf("%s-%d-%d", s.Slug, seed, i), Survey: s.Slug, Version: s.Version, Lang: lang, Date: "2026-11-24", Answers: answers}
		var ch *survey.Channel
		if i%3 != 0 {
			ch = Channels[rng.IntN(len(Channels))]
			r.Channel = ch.Code
		}
		r.Groups = s.GroupsOf(answers, lang, ch)
		add(r)
	}
}
