package backoffice

import (
	"context"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/i18n"
	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/staff"
	"github.com/safeguarding/safetysurvey/survey/web"
)

// Translations is what the translation pages keep in the store: translators' edits and comments,
// and the sign-offs they make. Nil stores turn the pages off.
type Translations struct {
	Store    survey.TranslationStore
	SignOffs survey.SignOffStore
}

// translationSet is one language of one set of strings as the translation pages show it: the
// strings with English beside them, the files' text with the store's edits on top, and comments.
type translationSet struct {
	Set, LangCode string
	Survey        *survey.Survey // the survey whose text the set is; nil for the UI strings
	Messages      []i18n.Message // Target holds the text as reviewed now: edits over the files
	Texts         map[string]string
	Edited        map[string]survey.TranslationEdit
	Comments      map[string][]survey.TranslationComment
}

// signOffKey is how a sign-off names one form of a string: the id, or "id:form" for a plural UI string.
func signOffKey(m i18n.Message, form string) string {
	if m.Plural() {
		return m.ID + ":" + form
	}
	return m.ID
}

// translatableSet reads the set the path names.
func (s *Server) translatableSet(c *fiber.Ctx) (*translationSet, error) {
	// Copies: Fiber's parameters share the request's memory, and the set and language outlive it.
	return s.readSet(c, strings.Clone(c.Params("lang")), strings.Clone(c.Params("set")))
}

// readSet reads set (ui, or survey:SLUG) in lang, refusing anyone who may not translate that
// language, and every other set, the safeguarding phrase lists among them, as not found.
func (s *Server) readSet(c *fiber.Ctx, lang, set string) (*translationSet, error) {
	if u := staffUser(c); u == nil || !u.CanTranslate(lang) {
		return nil, survey.Errorf(survey.EFORBIDDEN, "staff.error.forbidden")
	}
	if s.cfg.Translations.Store == nil {
		return nil, survey.Errorf(survey.ENOTFOUND, "error.not_found")
	}
	ts := &translationSet{Set: set, LangCode: lang}
	var files map[string]string
	switch {
	case set == survey.SetUI && slices.Contains(s.Messages().Languages(), lang):
		ts.Messages, files = s.Messages().Messages(lang), s.Messages().Strings(lang)
	case strings.HasPrefix(set, "survey:"):
		sv, err := s.cfg.Surveys.Get(strings.TrimPrefix(set, "survey:"))
		if err != nil || !sv.Offers(lang) {
			return nil, survey.Errorf(survey.ENOTFOUND, "error.not_found")
		}
		ts.Survey, files = sv, sv.LabelTexts(lang)
		for _, l := range sv.Labels() {
			ts.Messages = append(ts.Messages, i18n.Message{ID: l.ID, Context: l.Context,
				Source: map[string]string{"other": l.Text[survey.SourceLanguage]}, Target: map[string]string{}})
		}
	default:
		return nil, survey.Errorf(survey.ENOTFOUND, "error.not_found")
	}
	return ts, ts.load(c.UserContext(), s.cfg.Translations.Store, files)
}

// load lays the store's edits over the files' strings and gathers the comments.
func (ts *translationSet) load(ctx context.Context, store survey.TranslationStore, files map[string]string) error {
	edits, err := store.TranslationEdits(ctx, ts.Set, ts.LangCode)
	if err != nil {
		return err
	}
	comments, err := store.TranslationComments(ctx, ts.Set, ts.LangCode)
	if err != nil {
		return err
	}
	ts.Texts = survey.WithEdits(files, edits)
	ts.Edited, ts.Comments = map[string]survey.TranslationEdit{}, map[string][]survey.TranslationComment{}
	for _, e := range edits {
		ts.Edited[e.ID] = e
	}
	for _, cm := range comments {
		ts.Comments[cm.ID] = append(ts.Comments[cm.ID], cm)
	}
	for i, m := range ts.Messages {
		m.Target = map[string]string{}
		for _, f := range formsOf(m) {
			if t, ok := ts.Texts[signOffKey(m, f)]; ok {
				m.Target[f] = t
			}
		}
		ts.Messages[i] = m
	}
	return nil
}

// message is the string with id, or false.
func (ts *translationSet) message(id string) (i18n.Message, bool) {
	i := slices.IndexFunc(ts.Messages, func(m i18n.Message) bool { return m.ID == id })
	if i < 0 {
		return i18n.Message{}, false
	}
	return ts.Messages[i], true
}

// formsOf lists the forms a translation of m gives: the language's plural forms, or "other".
func formsOf(m i18n.Message) []string {
	if m.Plural() {
		return m.Forms
	}
	return []string{"other"}
}

// translationsPage lists the sets of strings the signed-in person may translate, language by language.
type translationsPage struct {
	staffPage
	Languages []translationLanguage
}

// translationLanguage is one language's sets with where each one's review stands.
type translationLanguage struct {
	Lang i18n.Language
	Sets []translationSetLink
}

// translationSetLink is one set of one language on the list.
type translationSetLink struct {
	URL    string
	Survey *survey.Survey // nil for the UI strings
	State  string         // where its review stands, in words
}

// ReviewState says in words where the review of one language of a set stands.
func (p *staffPage) ReviewState(st survey.ReviewState) string {
	switch {
	case st.Reviewed:
		return p.T("translate.state.reviewed", "By", st.By, "Date", p.Date(st.At))
	case st.Reopened():
		return p.T("translate.state.reopened", "By", st.By, "Date", p.Date(st.At), "Changed", len(st.Changed))
	}
	return p.T("translate.state.unreviewed")
}

// translationPage is one language of one set: every string with English beside it, a form to
// edit it, its comments, and the sign-off.
type translationPage struct {
	staffPage
	*translationSet
	Language i18n.Language
	State    survey.ReviewState
	URL      string
	Checked  string // the string a "check" found no problem with
}

// Rows are the strings with what the page shows beside each.
func (p *translationPage) Rows() []translationRow {
	rows := make([]translationRow, len(p.Messages))
	for i, m := range p.Messages {
		rows[i] = translationRow{P: p, Message: m, Anchor: "s" + anchorID(m.ID)}
		e, ok := p.Edited[m.ID]
		rows[i].Edited, rows[i].EditedBy = ok, e.By
		rows[i].Comments = p.Comments[m.ID]
		rows[i].Changed = slices.ContainsFunc(formsOf(m), func(f string) bool { return slices.Contains(p.State.Changed, signOffKey(m, f)) })
	}
	return rows
}

// translationRow is one string on the page.
type translationRow struct {
	P        *translationPage
	Message  i18n.Message
	Anchor   string
	Edited   bool
	EditedBy string
	Changed  bool // changed or added since the sign-off
	Comments []survey.TranslationComment
}

// Forms are the forms the translation gives, each with English and the current text.
func (r translationRow) Forms() []translationForm {
	var out []translationForm
	for _, f := range formsOf(r.Message) {
		en := r.Message.Source[f]
		if en == "" {
			en = r.Message.Source["other"]
		}
		field := r.Anchor + "-" + f
		out = append(out, translationForm{Form: f, Field: field, English: en, Text: r.Message.Target[f], Error: r.P.FieldError(field)})
	}
	return out
}

// Error is a problem with the string as a whole (its plural forms), or "".
func (r translationRow) Error() string {
	return r.P.FieldError(r.Anchor)
}

// translationForm is one plural form (or the only text) of a string.
type translationForm struct {
	Form, Field, English, Text, Error string
}

// anchorID turns a string id into something an HTML id and a form field name can hold.
func anchorID(id string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '-'
	}, id)
}

// translationURL is the page of one language of one set.
func translationURL(lang, set string) string {
	return web.StaffPath + "/translations/" + lang + "/" + set
}

// translatorLanguages lists the languages u may translate, in the order of the UI catalog.
func translatorLanguages(u *staff.User, all []string) []string {
	return slices.DeleteFunc(slices.Clone(all), func(l string) bool { return !u.CanTranslate(l) })
}
