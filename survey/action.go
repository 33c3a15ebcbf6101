package survey

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// Action statuses: what the partnership plans, is doing, or has done about a survey's findings.
const (
	ActionPlanned = "planned"
	ActionDoing   = "doing"
	ActionDone    = "done"
)

// ActionStatuses lists every action status in the order pages show them.
var ActionStatuses = []string{ActionPlanned, ActionDoing, ActionDone}

// MaxActionText is the most characters an action's text, or what it answers, may have in one language.
const MaxActionText = 1000

// Action is something the partnership does because of a survey's findings: listed on the
// findings page ("what we are going to do") and, once the survey has closed, on the results page
// for young people ("you said, we did"). They come from a data file beside the survey
// (docs/survey-format.md) until staff save them in the actions editor; see ActionsOf.
type Action struct {
	Status  string `json:"status"`
	YouSaid Text   `json:"you_said,omitempty"` // the finding it answers, in young people's words
	Text    Text   `json:"text"`               // what the partnership does
	// Questions and Themes are the findings it answers: ids of the survey's questions and themes.
	Questions []string `json:"questions,omitempty"`
	Themes    []string `json:"themes,omitempty"`
}

// Check reports what is wrong with a, an action for survey s: its status, its English text, and
// the questions and themes it names.
func (a *Action) Check(s *Survey) error {
	var fields []FieldError
	if !slices.Contains(ActionStatuses, a.Status) {
		fields = append(fields, FieldError{Question: "status", Message: "actions.error.status"})
	}
	if strings.TrimSpace(a.Text[SourceLanguage]) == "" {
		fields = append(fields, FieldError{Question: "text." + SourceLanguage, Message: "actions.error.text"})
	}
	if len(a.YouSaid) > 0 && strings.TrimSpace(a.YouSaid[SourceLanguage]) == "" {
		fields = append(fields, FieldError{Question: "you_said." + SourceLanguage, Message: "actions.error.you_said"})
	}
	for _, field := range []struct {
		name string
		text Text
	}{{"text", a.Text}, {"you_said", a.YouSaid}} {
		for _, l := range s.Languages {
			if len([]rune(field.text[l.Code])) > MaxActionText {
				fields = append(fields, FieldError{Question: field.name + "." + l.Code, Message: "actions.error.long", Data: map[string]any{"Max": MaxActionText}})
			}
		}
	}
	for _, id := range a.Questions {
		if _, ok := s.Question(id); !ok {
			fields = append(fields, FieldError{Question: "questions", Message: "actions.error.finding"})
			break
		}
	}
	for _, id := range a.Themes {
		if !slices.ContainsFunc(s.Themes, func(t Theme) bool { return t.ID == id }) {
			fields = append(fields, FieldError{Question: "themes", Message: "actions.error.finding"})
			break
		}
	}
	if len(fields) > 0 {
		return &Error{Code: EINVALID, Message: "actions.error.form", Fields: fields}
	}
	return nil
}

// ActionList is a survey's actions as staff last saved them in the actions editor.
type ActionList struct {
	Survey  string
	Rev     int64 // counts saves: 0 before the first, so two people's edits never overwrite each other
	Actions []Action
}

// ActionStore keeps the actions staff edit, one list per survey (every version shares it).
type ActionStore interface {
	// ActionList returns the saved actions of survey slug, an empty list with Rev 0 when none were saved.
	ActionList(ctx context.Context, slug string) (*ActionList, error)
	// SaveActionList stores l if the stored list is still at l.Rev, and then counts l.Rev up;
	// ECONFLICT when someone saved in between.
	SaveActionList(ctx context.Context, l *ActionList) error
}

// ActionsOf is the one place that decides which actions a survey shows, on every page, in the
// summary and in the infographic: those saved in the editor when there are any, otherwise the
// definition's (its data file's). It returns s itself, or a copy of it with the saved actions.
func ActionsOf(ctx context.Context, store ActionStore, s *Survey) (*Survey, error) {
	l, err := store.ActionList(ctx, s.Slug)
	if err != nil {
		return nil, fmt.Errorf("actions of %s: %w", s.Slug, err)
	}
	if len(l.Actions) == 0 {
		return s, nil
	}
	withSaved := *s
	withSaved.Actions = l.Actions
	return &withSaved, nil
}

// Quote is a free-text answer a scrutineer approved for publication, already scrubbed of
// personal details. Only approved quotes are ever published.
type Quote struct {
	Question string   `json:"question"` // id of the text question it answers
	Text     string   `json:"text"`
	Lang     string   `json:"lang"`   // language it was written in
	Themes   []string `json:"themes"` // ids of the survey's themes it was given
}
