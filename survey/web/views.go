package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/url"
	"path"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/i18n"
	"github.com/safeguarding/safetysurvey/survey"
)

// views holds one parsed template set per page, each sharing the layout.
type views struct {
	pages map[string]*template.Template
}

// faces label the points of a scale from least to most positive; the words beside them carry the meaning.
var faces = []string{"😟", "🙁", "😐", "🙂", "😀"}

var funcs = template.FuncMap{
	"inc":  func(i int) int { return i + 1 },
	"join": strings.Join,
	// face picks the face for point i of an n-point scale, spreading the five faces over the scale.
	"face": func(i, n int) string {
		if n <= 1 {
			return faces[len(faces)/2]
		}
		return faces[i*(len(faces)-1)/(n-1)]
	},
	// telephone keeps the digits and a leading + of a phone number, for tel: links.
	"telephone": func(phone string) string {
		return strings.Map(func(r rune) rune {
			if ('0' <= r && r <= '9') || r == '+' {
				return r
			}
			return -1
		}, phone)
	},
}

// loadViews parses every page of both rooms from fsys, each with its layout.
func loadViews(fsys fs.FS) (*views, error) {
	v := &views{pages: map[string]*template.Template{}}
	for _, name := range []string{"survey", "thanks", "help", "message", "findings", "results",
		"staff/signin", "staff/code", "staff/home", "staff/account", "staff/totp", "staff/invite", "staff/accept",
		"staff/users", "staff/audit", "staff/message", "staff/channels", "staff/channel_new",
		"staff/flagged", "staff/texts", "staff/export", "staff/actions", "staff/translations", "staff/translation",
		"staff/design_list", "staff/design_import", "staff/design_edit", "staff/design_question", "staff/design_changes"} {
		layout := "templates/layout.html"
		if strings.HasPrefix(name, "staff/") {
			layout = "templates/staff/layout.html"
		}
		files := []string{"templates/head.html", layout, "templates/" + name + ".html"}
		if strings.HasPrefix(name, "staff/design_") {
			files = append(files, "templates/staff/design_parts.html")
		}
		t, err := template.New(name).Funcs(funcs).ParseFS(fsys, files...)
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", name, err)
		}
		v.pages[name] = t.Lookup(path.Base(name) + ".html")
	}
	return v, nil
}

// Render writes a page; pages are never cached, so a shared phone's back button shows nothing stale.
func (s *Base) Render(c *fiber.Ctx, status int, name string, data any) error {
	html, err := s.RenderPage(name, data)
	if err != nil {
		return err
	}
	return s.Send(c, status, html)
}

// RenderPage renders a page to keep and send later.
func (s *Base) RenderPage(name string, data any) ([]byte, error) {
	var buf bytes.Buffer
	if err := s.views.pages[name].Execute(&buf, data); err != nil {
		return nil, fmt.Errorf("render %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

// Send answers with a rendered page, which no cache may keep.
func (s *Base) Send(c *fiber.Ctx, status int, html []byte) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return c.Status(status).Send(html)
}

// Page is what every template can use: translation, the survey (if any) and the layout's assets.
type Page struct {
	L         *i18n.Localizer
	Lang      i18n.Language
	Survey    *survey.Survey
	Languages []i18n.Language
	CSS       template.CSS
	Script    string
	// UI is the JSON of the strings the script needs, in the page's language.
	UI    string
	title string
}

// NewPage starts a page in lang, of the survey sv (which may be nil), with the heading title.
func (s *Base) NewPage(lang string, sv *survey.Survey, title string) Page {
	p := Page{
		L:      s.cfg.Messages.Localizer(lang),
		Lang:   i18n.Describe(lang),
		Survey: sv,
		CSS:    s.assets.css,
		Script: s.assets.url("app.js"),
		UI:     s.scriptUI(lang, sv),
		title:  title,
	}
	if sv != nil {
		for _, code := range sv.LanguageCodes() {
			p.Languages = append(p.Languages, i18n.Describe(code))
		}
	}
	return p
}

// FindingsURL is the findings page in the page's language.
func (p *Page) FindingsURL() string {
	return "/s/" + p.Survey.Slug + "/findings?lang=" + url.QueryEscape(p.Lang.Code)
}

// Dir is which way a language is written, for quotes in a language other than the page's.
func (p *Page) Dir(code string) string {
	return i18n.Describe(code).Dir
}

// SetTitle changes the page's own heading in the document title.
func (p *Page) SetTitle(title string) {
	p.title = title
}

// T translates a UI string into the page's language.
func (p *Page) T(id string, args ...any) string {
	return p.L.T(id, args...)
}

// Text picks a survey label in the page's language, falling back to English.
func (p *Page) Text(t survey.Text) string {
	return t.In(p.Lang.Code)
}

// PageTitle is the document title: the page's own heading, then the survey's title.
func (p *Page) PageTitle() string {
	parts := []string{}
	if p.title != "" {
		parts = append(parts, p.title)
	}
	if p.Survey != nil {
		parts = append(parts, p.Text(p.Survey.Title))
	}
	if len(parts) == 0 {
		parts = append(parts, p.T("site.name"))
	}
	return strings.Join(parts, " – ")
}

// SurveyURL links back to the survey in the page's language.
func (p *Page) SurveyURL() string {
	return "/s/" + p.Survey.Slug + "?lang=" + url.QueryEscape(p.Lang.Code)
}

// HelpURL links to the survey's help page in the page's language.
func (p *Page) HelpURL() string {
	return "/s/" + p.Survey.Slug + "/help?lang=" + url.QueryEscape(p.Lang.Code)
}

// HelpLink is where the header's help link goes: the help page, except on the survey itself.
func (p *Page) HelpLink() string {
	return p.HelpURL()
}

// SkipTarget is where the skip link goes: the page's main content.
func (p *Page) SkipTarget() string {
	return "#main"
}

// SurveyPage is the form, with whatever the child has answered so far and any problems with it.
type SurveyPage struct {
	Page
	Key     string
	Started string // the start token (see bots.go)
	Channel string
	Answers survey.Answers
	Errors  map[string]string
	Problem string
	// Preview marks a draft shown in the editor: the page says so and cannot be sent.
	Preview bool
}

// secondsPerQuestion is how long a child takes over one question, for the start screen's promise.
const secondsPerQuestion = 25

// Minutes is about how long the survey takes, at least one minute.
func (p *SurveyPage) Minutes() int {
	return max(1, (len(p.Survey.Questions)*secondsPerQuestion+30)/60)
}

// SkipTarget is the first question, past the title and the languages; the script moves it
// to the question on screen.
func (p *SurveyPage) SkipTarget() string {
	if len(p.Survey.Questions) == 0 {
		return "#main"
	}
	return "#q-" + p.Survey.Questions[0].ID
}

// FormURL is where the form posts.
func (p *SurveyPage) FormURL() string {
	return "/s/" + p.Survey.Slug
}

// HelpLink points into the page, where the same help is at the bottom, so opening it loses no answer.
func (p *SurveyPage) HelpLink() string {
	return "#help"
}

// APIURL is where the page's script sends the answers as JSON, and ThanksURL where it goes after.
func (p *SurveyPage) APIURL() string {
	return "/api/v1/surveys/" + url.PathEscape(p.Survey.Slug) + "/responses"
}

// ThanksURL is the thank-you page in the page's language, the same for every child.
func (p *SurveyPage) ThanksURL() string {
	return "/s/" + url.PathEscape(p.Survey.Slug) + "/thanks?lang=" + url.QueryEscape(p.Lang.Code)
}

// Chosen reports whether the child picked option o of question q.
func (p *SurveyPage) Chosen(q, o string) bool {
	for _, id := range p.Answers[q].Choices {
		if id == o {
			return true
		}
	}
	return false
}

// AnswerText is what the child wrote for question q.
func (p *SurveyPage) AnswerText(q string) string {
	return p.Answers[q].Text
}

// OptionLabel is an option's text, with the shared wording for "prefer not to say".
func (p *SurveyPage) OptionLabel(o survey.Option) string {
	if o.ID == survey.PreferNotToSay {
		return p.T("survey.prefer_not_to_say")
	}
	return p.Text(o.Text)
}

// HowToAnswer tells the child how many options they may pick.
func (p *SurveyPage) HowToAnswer(q survey.Question) string {
	switch {
	case q.Type != survey.Multiple:
		return p.T("survey.choose_one")
	case q.Max > 0:
		return p.T("survey.choose_up_to", "Max", q.Max)
	default:
		return p.T("survey.choose_any")
	}
}

// OnlyIf explains, for readers without JavaScript who see every question, when a conditional one applies.
func (p *SurveyPage) OnlyIf(q survey.Question) string {
	target, ok := p.Survey.Question(q.ShowIf.Question)
	if !ok {
		return ""
	}
	number := 0
	for i := range p.Survey.Questions {
		if p.Survey.Questions[i].ID == target.ID {
			number = i + 1
		}
	}
	labels := make([]string, 0, len(q.ShowIf.AnyOf))
	for _, id := range q.ShowIf.AnyOf {
		for _, o := range target.AllOptions() {
			if o.ID == id {
				labels = append(labels, p.OptionLabel(o))
			}
		}
	}
	return p.T("survey.only_if", "Answers", strings.Join(labels, "” "+p.T("survey.or")+" “"), "Number", number)
}

// ThanksPage follows a stored submission; Concern brings the calm help message to the top.
type ThanksPage struct {
	Page
	Concern bool
}

// MessagePage explains why a page cannot be shown, always with the ways to get help.
type MessagePage struct {
	Page
	Heading string
	Message string
}
