// Package staff is the domain of the staff area: people, their roles and what each role may do,
// passwords and second factors, invitations and the audit log. It imports only the standard
// library and the survey domain; the store, the password hash and the web pages are adapters.
package staff

import (
	"slices"

	"github.com/safeguarding/safetysurvey/survey"
)

// Role is a set of duties in the partnership; a person may hold several.
type Role string

// The roles staff can hold.
const (
	Admin            Role = "admin"             // partnership business team: accounts, the audit log, and everything else
	SafeguardingLead Role = "safeguarding_lead" // reviews flagged free text
	Scrutineer       Role = "scrutineer"        // young people co-designing surveys
	YouthWorker      Role = "youth_worker"      // runs distribution: channels, posters and links
	Translator       Role = "translator"        // reviews and edits the translations of the languages given to them, nothing else
)

// Roles lists every role in the order pages show them.
var Roles = []Role{Admin, SafeguardingLead, Scrutineer, YouthWorker, Translator}

// ParseRoles checks role names and returns them without repeats in the order of Roles; a person
// needs at least one, since someone with none could sign in to nothing.
func ParseRoles(names []string) ([]Role, error) {
	var roles []Role
	for _, n := range names {
		r := Role(n)
		if !slices.Contains(Roles, r) {
			return nil, invalid("roles", "staff.error.unknown_role")
		}
		roles = append(roles, r)
	}
	if len(roles) == 0 {
		return nil, invalid("roles", "staff.error.no_role")
	}
	return orderRoles(roles), nil
}

func orderRoles(roles []Role) []Role {
	out := make([]Role, 0, len(roles))
	for _, r := range Roles {
		if slices.Contains(roles, r) {
			out = append(out, r)
		}
	}
	return out
}

// Action is something done in the staff area that only some roles may do.
type Action string

// The actions the staff area checks.
const (
	UseStaffArea    Action = "staff.use"         // the home page, one's own account, signing out
	ManageUsers     Action = "users.manage"      // invite people, change roles, disable accounts
	ReadAudit       Action = "audit.read"        // read and export the audit log
	ViewChannels    Action = "channels.view"     // list channels with their counts, download QR codes, posters and links
	ManageChannels  Action = "channels.manage"   // add channels
	DesignSurveys   Action = "surveys.design"    // start drafts, edit them, send them to review and back
	CommentSurveys  Action = "surveys.comment"   // comment on a draft's questions and suggest wording
	ApproveSurveys  Action = "surveys.approve"   // approve a draft in review
	OpenSurveys     Action = "surveys.open"      // open an approved draft to children, and close it
	ReviewFlagged   Action = "texts.flagged"     // read answers that may disclose harm and mark them reviewed
	ReadTexts       Action = "texts.read"        // read free-text answers once there are enough, and tag their themes
	GlossTexts      Action = "texts.gloss"       // add a short English gloss to an answer the person may read
	ProposeQuotes   Action = "quotes.propose"    // propose an answer as a quote, or withdraw a quote
	ApproveQuotes   Action = "quotes.approve"    // approve a quote someone else proposed, for publication
	ReadFindings    Action = "findings.read"     // read a survey's findings (suppressed as everywhere) before they are published
	ExportResponses Action = "responses.export"  // download every stored response, free text scrubbed, giving a reason
	EditActions     Action = "actions.edit"      // add, change, order and remove what the partnership does about the findings
	Translate       Action = "translations.edit" // edit, comment on and sign off the translations of a language (see User.CanTranslate)
)

// permissions is the one table of who may do what; Allowed is the one place it is read. Those
// who run distribution (youth workers) and admins add channels. Safeguarding leads and
// scrutineers may see them too: the counts are of visits and sent surveys, never of who, and
// scrutineers planning where a survey goes need to see where it has been. Only the designated
// safeguarding lead reads answers that may disclose harm. Scrutineers and admins read free text
// and propose quotes; a quote is published once a second person, a scrutineer or an admin other than
// whoever proposed it, approves it: scrutineers choose what is said back to young people. Those
// who decide what is published (admins, scrutineers) and the safeguarding lead, who watches for
// patterns, read findings before they are published; youth workers see their channels' counts.
// Surveys are co-designed by admins and scrutineers; safeguarding leads comment on the wording;
// only admins put a survey in front of children or take it away. Only admins may export the raw
// responses, each time giving a reason the audit log keeps: it is the one way to see answers
// together, so it is a deliberate act, not a page. Admins and scrutineers write what the
// partnership does about the findings ("you said, we did"), as they decide what is published.
// Admins and the safeguarding lead may add an English gloss to an answer in another language,
// each on the answers they read; scrutineers read the gloss beside the original.
// Translators see only the translation pages of their own languages (User.CanTranslate), and
// admins may act for any language; the safeguarding phrase lists are not among what they edit.
var permissions = map[Action][]Role{
	UseStaffArea:    Roles,
	ManageUsers:     {Admin},
	ReadAudit:       {Admin},
	ViewChannels:    {Admin, SafeguardingLead, Scrutineer, YouthWorker},
	ManageChannels:  {Admin, YouthWorker},
	DesignSurveys:   {Admin, Scrutineer},
	CommentSurveys:  {Admin, Scrutineer, SafeguardingLead},
	ApproveSurveys:  {Admin, Scrutineer},
	OpenSurveys:     {Admin},
	ReviewFlagged:   {SafeguardingLead},
	ReadTexts:       {Admin, Scrutineer},
	GlossTexts:      {Admin, SafeguardingLead},
	ProposeQuotes:   {Admin, Scrutineer},
	ApproveQuotes:   {Admin, Scrutineer},
	ReadFindings:    {Admin, SafeguardingLead, Scrutineer},
	ExportResponses: {Admin},
	EditActions:     {Admin, Scrutineer},
	Translate:       {Admin, Translator},
}

// Allowed reports whether any of roles may do a; an action missing from the table is allowed to nobody.
func Allowed(roles []Role, a Action) bool {
	for _, r := range roles {
		if slices.Contains(permissions[a], r) {
			return true
		}
	}
	return false
}

// invalid is an EINVALID error about one form field, with a message id for it.
func invalid(field, message string) error {
	return &survey.Error{Code: survey.EINVALID, Message: message, Fields: []survey.FieldError{{Question: field, Message: message}}}
}
