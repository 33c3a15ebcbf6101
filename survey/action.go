package survey

// Action statuses: what the partnership plans, is doing, or has done about a survey's findings.
const (
	ActionPlanned = "planned"
	ActionDoing   = "doing"
	ActionDone    = "done"
)

// Action is something the partnership does because of a survey's findings: listed on the
// findings page ("what we are going to do") and, once the survey has closed, on the results page
// for young people ("you said, we did"). Staff enter them; until the staff area has an editor
// they come from a data file beside the survey (docs/survey-format.md).
type Action struct {
	Status  string `json:"status"`
	YouSaid Text   `json:"you_said,omitempty"` // the finding it answers, in young people's words
	Text    Text   `json:"text"`               // what the partnership does
}

// Quote is a free-text answer a scrutineer approved for publication, already scrubbed of
// personal details. Only approved quotes are ever published.
type Quote struct {
	Question string   `json:"question"` // id of the text question it answers
	Text     string   `json:"text"`
	Lang     string   `json:"lang"`   // language it was written in
	Themes   []string `json:"themes"` // ids of the survey's themes it was given
}
