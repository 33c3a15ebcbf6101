package editor

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/i18n"
	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/design"
	"github.com/safeguarding/safetysurvey/survey/freetext"
	"github.com/safeguarding/safetysurvey/survey/staff"
	"github.com/safeguarding/safetysurvey/survey/web"
)

// draftsPage lists the surveys children answer now and every draft, with where each is.
type draftsPage struct {
	page
	Live   []*survey.Survey
	Drafts []*design.Draft
}

// draftPage is a draft in the editor: its questions in every language, where it is in the
// workflow and the buttons for the steps the signed-in person may take, and the phone preview.
type draftPage struct {
	page
	Draft       *design.Draft
	Policy      design.Policy
	Langs       []i18n.Language // the survey's languages, English first as the source
	PreviewLang string
	// Problems are the definition's problems from survey.Check, by section of the Page: "survey",
	// or a question id.
	Problems map[string][]definitionProblem
	site     []string       // the languages the site has UI strings for
	reviews  survey.Reviews // translation sign-offs, for each language's review state
}

// newDraftPage starts the page of draft d titled with the message id title.
func (s *Server) newDraftPage(c *fiber.Ctx, title string, d *design.Draft) draftPage {
	p := draftPage{page: s.newPage(c, title), Draft: d, Policy: s.cfg.Design.Policy, PreviewLang: survey.SourceLanguage,
		site: s.Messages().Languages()}
	var err error
	if p.reviews, err = s.Reviews(c.UserContext()); err != nil {
		s.Log().Error("read translation sign-offs", "err", err)
	}
	for _, code := range d.Survey.LanguageCodes() {
		p.Langs = append(p.Langs, i18n.Describe(code))
	}
	if d.Survey.Offers(c.Query("lang")) {
		p.PreviewLang = c.Query("lang")
	}
	return p
}

// showDefinitionProblems sorts survey.Check's problems by the part of the page they belong to,
// each in the page's language.
func (p *draftPage) showDefinitionProblems(err error) {
	var errs survey.DefinitionErrors
	if !errors.As(err, &errs) {
		p.ShowProblem(err)
		return
	}
	p.Problem = p.T("design.error.check")
	p.Problems = map[string][]definitionProblem{}
	for _, e := range errs {
		problem := definitionProblem{Field: e.Field, Reason: e.Reason(p.T)}
		section := "survey"
		if rest, ok := strings.CutPrefix(e.Field, "question `"); ok {
			id, part, _ := strings.Cut(rest, "`")
			section = id
			// "question `q`: option `o`" belongs with the options, "question `q`: text" with the text.
			part = strings.TrimPrefix(part, ": ")
			part, _, _ = strings.Cut(part, " ")
			if part == "option" {
				part = "options"
			}
			p.Problems[id+":"+part] = append(p.Problems[id+":"+part], problem)
		}
		p.Problems[section] = append(p.Problems[section], problem)
	}
}

// ProblemsWith lists the problems of one part of a question ("text", "options", "show_if"...).
func (p *draftPage) ProblemsWith(id, part string) []definitionProblem {
	return p.Problems[id+":"+part]
}

// definitionProblem is one of survey.Check's problems: where in the definition, as the file names
// it ("question `q1`: options"), and the reason in the page's language.
type definitionProblem struct {
	Field, Reason string
}

// URL is the draft's editor page.
func (p *draftPage) URL() string {
	return draftURL(p.Draft)
}

func draftURL(d *design.Draft) string {
	return draftPath(d.ID())
}

// draftPath is the editor page of the draft with id.
func draftPath(id string) string {
	return web.StaffPath + "/drafts/" + url.PathEscape(id)
}

// questionAnchor is the fragment of a draft's page that shows question q, escaped since q may
// come from a form.
func questionAnchor(q string) string {
	return "#q-" + url.QueryEscape(q)
}

// PreviewURL is the phone preview in lang.
func (p *draftPage) PreviewURL(lang string) string {
	return p.URL() + "/preview?lang=" + url.QueryEscape(lang)
}

// StatusName is a workflow status, or a survey's own status (draft, open, closed), in plain words.
func (p *page) StatusName(status any) string {
	return p.T(fmt.Sprint("design.status.", status))
}

// languageChoice is one language the survey may be offered in, ticked when it is.
type languageChoice struct {
	Lang    i18n.Language
	Checked bool
	Review  survey.ReviewState // of the draft's text in the language, as it is now
}

// LanguageChoices lists every language the site has, ticked where the survey offers it.
func (p *draftPage) LanguageChoices() []languageChoice {
	var out []languageChoice
	for _, code := range p.site {
		sv := p.Draft.Survey
		out = append(out, languageChoice{Lang: i18n.Describe(code), Checked: sv.Offers(code),
			Review: p.reviews.State(survey.SurveySet(sv.Slug), code, sv.LabelTexts(code))})
	}
	return out
}

// Editable reports whether the signed-in person may change the draft now.
func (p *draftPage) Editable() bool {
	return p.Draft.Status == design.InDraft && p.Can(string(staff.DesignSurveys))
}

// CanStep reports whether the signed-in person may take step now, to show its button.
func (p *draftPage) CanStep(step design.Step) bool {
	return p.Draft.Can(p.User, step, p.Policy)
}

// Needed lists the roles still to approve the draft.
func (p *draftPage) Needed() []staff.Role {
	return p.Policy.Needed(p.Draft.Approvals)
}

// Steps lists the workflow steps in the order their buttons show.
func (p *draftPage) Steps() []design.Step {
	return []design.Step{design.SendToReview, design.Approve, design.OpenSurvey, design.BackToDraft, design.CloseSurvey}
}

// StepURL is where the button for step posts.
func (p *draftPage) StepURL(step design.Step) string {
	return p.URL() + "/" + string(step)
}

// textField is one text of the survey in every language, for the "texts" template.
type textField struct {
	P        *draftPage
	Name     string // form field prefix: title, text, opt.0.text...
	ID       string // element id prefix
	Label    string
	Rows     []langText
	Editable bool
}

// Field describes the text t, labelled with message id label, for the "texts" template; name
// prefixes its form fields.
func (p *draftPage) Field(name, label string, t survey.Text) textField {
	return textField{P: p, Name: name, ID: strings.ReplaceAll(name, ".", "-"), Label: p.T(label), Rows: p.Texts(t), Editable: p.Editable()}
}

// Blank describes the empty rows of a new answer, which nothing is missing from yet.
func (p *draftPage) Blank(name, label string) textField {
	f := p.Field(name, label, nil)
	for i := range f.Rows {
		f.Rows[i].Missing = false
	}
	return f
}

// View describes the text t for reading only, labelled with message id label.
func (p *draftPage) View(label string, t survey.Text) textField {
	return textField{P: p, Label: p.T(label), Rows: p.Texts(t)}
}

// langText is one language's version of a text, for showing every language side by side.
type langText struct {
	Lang    i18n.Language
	Value   string
	Missing bool
}

// Texts lists t in every language of the survey, marking those with no translation.
func (p *draftPage) Texts(t survey.Text) []langText {
	out := make([]langText, len(p.Langs))
	for i, l := range p.Langs {
		out[i] = langText{Lang: l, Value: t[l.Code], Missing: !t.Has(l.Code)}
	}
	return out
}

// MissingCount is how many of the survey's languages t has no translation in.
func (p *draftPage) MissingCount(t survey.Text) int {
	n := 0
	for _, l := range p.Langs {
		if !t.Has(l.Code) {
			n++
		}
	}
	return n
}

// TypeName is a question type in plain words.
func (p *page) TypeName(kind string) string {
	return p.T("design.type." + kind)
}

// questionTypes lists the question types in the order the form offers them.
var questionTypes = []string{survey.Single, survey.Multiple, survey.Scale, survey.FreeText}

// QuestionTypes lists the types a question can have.
func (p *draftPage) QuestionTypes() []string {
	return questionTypes
}

// editPage is the editor's main Page: the draft, and the plain-language check of its English.
type editPage struct {
	draftPage
	Notes      []freetext.PlainLanguageNote
	ReadingAge float64
	Comments   map[string][]design.Comment // by question id
}

// OpenComments lists the comments on question q still to deal with.
func (p *editPage) OpenComments(q string) []design.Comment {
	return p.commentsOn(q, false)
}

// ResolvedComments lists the comments on question q already dealt with.
func (p *editPage) ResolvedComments(q string) []design.Comment {
	return p.commentsOn(q, true)
}

func (p *editPage) commentsOn(q string, resolved bool) []design.Comment {
	var out []design.Comment
	for _, c := range p.Comments[q] {
		if c.Resolved == resolved {
			out = append(out, c)
		}
	}
	return out
}

// Age is the reading age rounded to whole years.
func (p *editPage) Age() int {
	return int(p.ReadingAge + 0.5)
}

// NoteWhere says where a plain-language note is: the question and which of its texts.
func (p *editPage) NoteWhere(n freetext.PlainLanguageNote) string {
	where := p.T("design.edit.about")
	if n.Question != "" {
		where = p.T("design.edit.question_number", "Number", p.Number(n.Question))
	}
	field, option, isOption := strings.Cut(n.Field, ":")
	switch {
	case isOption && field == "option":
		return where + p.T("list.separator") + p.T("design.field.option_text") + " " + option
	case field == "text" || field == "hint" || field == "title" || field == "intro" || field == "thanks":
		return where + p.T("list.separator") + p.T("design.field."+field)
	}
	return where
}

// questionPage edits one question of a draft.
type questionPage struct {
	draftPage
	Question survey.Question
	Index    int
	NewRows  []int // blank rows for new options
}

// Earlier lists the choice questions before this one, which a condition may refer to.
func (p *questionPage) Earlier() []survey.Question {
	var out []survey.Question
	for _, q := range p.Draft.Survey.Questions[:min(p.Index, len(p.Draft.Survey.Questions))] {
		if q.IsChoice() {
			out = append(out, q)
		}
	}
	return out
}

// ShownIf reports whether the question is shown after answer o to question q.
func (p *questionPage) ShownIf(q, o string) bool {
	c := p.Question.ShowIf
	return c != nil && c.Question == q && slices.Contains(c.AnyOf, o)
}

// IsConcern reports whether option o brings up help straight away.
func (p *questionPage) IsConcern(o string) bool {
	return p.Question.IsConcern(o)
}

// QuestionURL is the page that edits question id of the draft.
func (p *draftPage) QuestionURL(id string) string {
	return p.URL() + "/questions/" + url.PathEscape(id)
}

// Number is a question's place in the survey, from 1.
func (p *draftPage) Number(id string) int {
	return slices.IndexFunc(p.Draft.Survey.Questions, func(q survey.Question) bool { return q.ID == id }) + 1
}
