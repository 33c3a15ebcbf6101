package web

import (
	"encoding/json"

	"github.com/safeguarding/safetysurvey/survey"
)

// scriptMessages are the UI strings public/static/app.js shows, sent with each page in its
// language so the script itself holds no words.
var scriptMessages = []string{
	"nav.start", "nav.next", "nav.back", "nav.skip", "nav.review", "nav.review_intro", "nav.change",
	"survey.submit", "error.empty_response", "list.separator",
	"draft.restored", "draft.start_again",
	"offline.queued", "offline.sending", "offline.retry", "offline.sent",
	"speak.button", "speak.stop", "help.close",
}

// scriptStrings is the JSON the script reads from the page's data-ui attribute.
type scriptStrings struct {
	Lang     string            `json:"lang"`
	Messages map[string]string `json:"messages"`
	// CharactersLeft holds the plural forms of "N characters left" by CLDR category, for
	// Intl.PluralRules to choose from; QuestionNumber is "Question {n} of {total}", for the script
	// to count only the questions that apply.
	CharactersLeft map[string]string `json:"charactersLeft,omitempty"`
	QuestionNumber string            `json:"questionNumber,omitempty"`
}

// scriptUI returns the page script's strings for a language, with those only a survey page needs
// when sv is not nil, made once and then kept: they are the same for every page view.
func (s *Base) scriptUI(lang string, sv *survey.Survey) string {
	cacheKey := lang
	if sv != nil {
		cacheKey += "\x00survey" // the survey's strings are the same for every survey
	}
	if cached, ok := s.scriptCache.Load(cacheKey); ok {
		return cached.(string)
	}
	l := s.cfg.Messages.Localizer(lang)
	ui := scriptStrings{Lang: lang, Messages: make(map[string]string, len(scriptMessages))}
	for _, id := range scriptMessages {
		ui.Messages[id] = l.T(id)
	}
	if sv != nil {
		ui.CharactersLeft = l.PluralForms("survey.characters_left")
		ui.QuestionNumber = l.T("survey.question_number", "Number", "{n}", "Total", "{total}")
	}
	b, err := json.Marshal(ui)
	if err != nil {
		panic(err) // maps and slices of strings always marshal
	}
	s.scriptCache.Store(cacheKey, string(b))
	return string(b)
}
