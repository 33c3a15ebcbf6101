package design

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/safeguarding/safetysurvey/survey"
)

// Kinds of Change.
const (
	ChangeAdded   = "added"
	ChangeRemoved = "removed"
	ChangeChanged = "changed"
	ChangeMoved   = "moved"
)

// Change is one difference between two drafts of a survey, as reviewers read it.
//
// A question added or removed is one change, with its English text in After or Before; an option
// likewise (Field "option:<id>", Lang ""). A change of wording is one change per language (Lang
// set), "added" when that language had no text before. A move gives the 1-based positions before
// and after. Lists are written as "a, b" and conditions as "question: a, b".
//
// Fields of the survey: slug, version, status, closes, published, wave, previous,
// suppression:min_count, suppression:min_base, default_language, languages (a language added or
// removed, its code in After or Before), reviewed (Lang the language), title, intro, thanks,
// support:<n> (a whole support line, by position from 1) and support:<n>:name|phone|url|about,
// theme:<id> and theme:<id>:label|keywords, action:<n> and action:<n>:status|you_said|text.
// Fields of a question: "" (the whole question, added, removed or moved), type, required, max,
// max_length, show_if, text, hint, prefer_not_to_say, concern, option:<id>.
type Change struct {
	Kind     string // "added", "removed", "changed", "moved"
	Question string // question id, "" for survey-level fields
	Field    string // e.g. "text", "hint", "options", "option:<id>", "type", "required", "show_if", "concern", "title", "intro", "max", ...
	Lang     string // language of a text change, "" otherwise
	Before   string
	After    string
}

// Compare lists the differences from before to after: survey-level fields first (in the order of
// the definition format), then the questions in after's order, then the questions removed. Only
// the questions and options that moved relative to the others are reported as moved, not every
// one shifted by an insertion or a move.
func Compare(before, after *survey.Survey) []Change {
	d := differ{langs: languageOrder(before, after)}
	d.value("slug", before.Slug, after.Slug)
	d.value("version", strconv.Itoa(before.Version), strconv.Itoa(after.Version))
	d.value("status", before.Status, after.Status)
	d.value("closes", before.Closes, after.Closes)
	d.flag("published", before.Published, after.Published)
	d.value("wave", before.Wave, after.Wave)
	d.value("previous", before.Previous, after.Previous)
	rb, ra := before.Rules(), after.Rules()
	d.value("suppression:min_count", strconv.Itoa(rb.MinCount), strconv.Itoa(ra.MinCount))
	d.value("suppression:min_base", strconv.Itoa(rb.MinBase), strconv.Itoa(ra.MinBase))
	d.value("default_language", before.DefaultLanguage, after.DefaultLanguage)
	d.languages(before.Languages, after.Languages)
	d.text("title", before.Title, after.Title)
	d.text("intro", before.Intro, after.Intro)
	d.text("thanks", before.Thanks, after.Thanks)
	d.support(before.Support, after.Support)
	d.themes(before.Themes, after.Themes)
	d.actions(before.Actions, after.Actions)
	d.questions(before.Questions, after.Questions)
	return d.changes
}

type differ struct {
	langs    []string // the languages of both drafts, in the order they list them
	question string   // the question being compared, "" for the survey's own fields
	changes  []Change
}

func (d *differ) add(kind, field, lang, before, after string) {
	d.changes = append(d.changes, Change{Kind: kind, Question: d.question, Field: field, Lang: lang, Before: before, After: after})
}

// value compares a field that is empty when unset: set is "added", cleared is "removed".
func (d *differ) value(field, before, after string) {
	switch {
	case before == after:
	case before == "":
		d.add(ChangeAdded, field, "", before, after)
	case after == "":
		d.add(ChangeRemoved, field, "", before, after)
	default:
		d.add(ChangeChanged, field, "", before, after)
	}
}

func (d *differ) flag(field string, before, after bool) {
	if before != after {
		d.add(ChangeChanged, field, "", strconv.FormatBool(before), strconv.FormatBool(after))
	}
}

// text compares a label language by language, in the drafts' language order.
func (d *differ) text(field string, before, after survey.Text) {
	langs := slices.Collect(maps.Keys(before))
	for lang := range after {
		if _, ok := before[lang]; !ok {
			langs = append(langs, lang)
		}
	}
	survey.SortLanguages(langs, d.langs)
	for _, lang := range langs {
		b, a := before[lang], after[lang]
		switch {
		case b == a:
		case b == "":
			d.add(ChangeAdded, field, lang, b, a)
		case a == "":
			d.add(ChangeRemoved, field, lang, b, a)
		default:
			d.add(ChangeChanged, field, lang, b, a)
		}
	}
}

func (d *differ) languages(before, after []survey.Language) {
	for _, l := range after {
		i := slices.IndexFunc(before, func(b survey.Language) bool { return b.Code == l.Code })
		if i < 0 {
			d.add(ChangeAdded, "languages", "", "", l.Code)
			continue
		}
		if before[i].Reviewed != l.Reviewed {
			d.add(ChangeChanged, "reviewed", l.Code, strconv.FormatBool(before[i].Reviewed), strconv.FormatBool(l.Reviewed))
		}
	}
	for _, l := range before {
		if !slices.ContainsFunc(after, func(a survey.Language) bool { return a.Code == l.Code }) {
			d.add(ChangeRemoved, "languages", "", l.Code, "")
		}
	}
}

// support compares support lines by position, as translation files refer to them.
func (d *differ) support(before, after []survey.SupportLine) {
	for i := range max(len(before), len(after)) {
		field := fmt.Sprintf("support:%d", i+1)
		switch {
		case i >= len(before):
			d.add(ChangeAdded, field, "", "", after[i].Name[survey.SourceLanguage])
		case i >= len(after):
			d.add(ChangeRemoved, field, "", before[i].Name[survey.SourceLanguage], "")
		default:
			b, a := before[i], after[i]
			d.text(field+":name", b.Name, a.Name)
			d.value(field+":phone", b.Phone, a.Phone)
			d.value(field+":url", b.URL, a.URL)
			d.text(field+":about", b.About, a.About)
		}
	}
}

func (d *differ) themes(before, after []survey.Theme) {
	find := func(themes []survey.Theme, id string) int {
		return slices.IndexFunc(themes, func(t survey.Theme) bool { return t.ID == id })
	}
	for _, a := range after {
		field := "theme:" + a.ID
		i := find(before, a.ID)
		if i < 0 {
			d.add(ChangeAdded, field, "", "", a.Label[survey.SourceLanguage])
			continue
		}
		b := before[i]
		d.text(field+":label", b.Label, a.Label)
		keywords := func(k map[string][]string) survey.Text {
			t := survey.Text{}
			for lang, words := range k {
				t[lang] = strings.Join(words, ", ")
			}
			return t
		}
		d.text(field+":keywords", keywords(b.Keywords), keywords(a.Keywords))
	}
	for _, b := range before {
		if find(after, b.ID) < 0 {
			d.add(ChangeRemoved, "theme:"+b.ID, "", b.Label[survey.SourceLanguage], "")
		}
	}
}

// actions compares the partnership's actions by position.
func (d *differ) actions(before, after []survey.Action) {
	for i := range max(len(before), len(after)) {
		field := fmt.Sprintf("action:%d", i+1)
		switch {
		case i >= len(before):
			d.add(ChangeAdded, field, "", "", after[i].Text[survey.SourceLanguage])
		case i >= len(after):
			d.add(ChangeRemoved, field, "", before[i].Text[survey.SourceLanguage], "")
		default:
			d.value(field+":status", before[i].Status, after[i].Status)
			d.text(field+":you_said", before[i].YouSaid, after[i].YouSaid)
			d.text(field+":text", before[i].Text, after[i].Text)
		}
	}
}

func (d *differ) questions(before, after []survey.Question) {
	id := func(q survey.Question) string { return q.ID }
	beforeIDs, afterIDs := ids(before, id), ids(after, id)
	kept := inOrder(beforeIDs, afterIDs)
	for j := range after {
		a := &after[j]
		d.question = a.ID
		i := slices.Index(beforeIDs, a.ID)
		if i < 0 {
			d.add(ChangeAdded, "", "", "", a.Text[survey.SourceLanguage])
			continue
		}
		if !kept[a.ID] {
			d.add(ChangeMoved, "", "", strconv.Itoa(i+1), strconv.Itoa(j+1))
		}
		d.compareQuestion(&before[i], a)
	}
	for _, b := range before {
		if !slices.Contains(afterIDs, b.ID) {
			d.question = b.ID
			d.add(ChangeRemoved, "", "", b.Text[survey.SourceLanguage], "")
		}
	}
	d.question = ""
}

// compareQuestion compares two drafts of one question, in the order of the definition format.
func (d *differ) compareQuestion(b, a *survey.Question) {
	d.value("type", b.Type, a.Type)
	d.flag("required", b.Required, a.Required)
	d.value("max", positive(b.Max), positive(a.Max))
	d.value("max_length", positive(b.MaxLength), positive(a.MaxLength))
	d.value("show_if", showIf(b.ShowIf), showIf(a.ShowIf))
	d.text("text", b.Text, a.Text)
	d.text("hint", b.Hint, a.Hint)
	d.flag("prefer_not_to_say", b.PreferNotToSay, a.PreferNotToSay)
	d.value("concern", strings.Join(b.Concern, ", "), strings.Join(a.Concern, ", "))
	d.options(b.Options, a.Options)
	d.value("combine", combined(b.Combine), combined(a.Combine))
}

// combined writes a question's groups of combined answers as "id: a+b; id: c+d".
func combined(gs []survey.Combined) string {
	parts := make([]string, len(gs))
	for i, g := range gs {
		parts[i] = g.ID + ": " + strings.Join(g.Options, "+")
	}
	return strings.Join(parts, "; ")
}

func (d *differ) options(before, after []survey.Option) {
	id := func(o survey.Option) string { return o.ID }
	beforeIDs, afterIDs := ids(before, id), ids(after, id)
	kept := inOrder(beforeIDs, afterIDs)
	for j, a := range after {
		field := "option:" + a.ID
		i := slices.Index(beforeIDs, a.ID)
		if i < 0 {
			d.add(ChangeAdded, field, "", "", a.Text[survey.SourceLanguage])
			continue
		}
		if !kept[a.ID] {
			d.add(ChangeMoved, field, "", strconv.Itoa(i+1), strconv.Itoa(j+1))
		}
		d.text(field, before[i].Text, a.Text)
	}
	for _, b := range before {
		if !slices.Contains(afterIDs, b.ID) {
			d.add(ChangeRemoved, "option:"+b.ID, "", b.Text[survey.SourceLanguage], "")
		}
	}
}

func ids[T any](items []T, id func(T) string) []string {
	out := make([]string, len(items))
	for i, item := range items {
		out[i] = id(item)
	}
	return out
}

// inOrder returns the ids both lists share that keep their order relative to each other: a
// longest common subsequence. The shared ids outside it are the ones that moved. When two
// answers are as long, as when two neighbours swap, the one moved up is the one that moved.
func inOrder(before, after []string) map[string]bool {
	// lcs[i][j] is the length of the longest common subsequence of before[i:] and after[j:].
	lcs := make([][]int, len(before)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(after)+1)
	}
	for i := len(before) - 1; i >= 0; i-- {
		for j := len(after) - 1; j >= 0; j-- {
			if before[i] == after[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	kept := map[string]bool{}
	for i, j := 0, 0; i < len(before) && j < len(after); {
		switch {
		case before[i] == after[j]:
			kept[before[i]] = true
			i, j = i+1, j+1
		case lcs[i][j+1] >= lcs[i+1][j]:
			j++ // on a tie, keep the earlier of before: the one moved up is reported
		default:
			i++
		}
	}
	return kept
}

// languageOrder lists the languages of both drafts: the after draft's, then the before draft's.
func languageOrder(before, after *survey.Survey) []string {
	order := after.LanguageCodes()
	for _, code := range before.LanguageCodes() {
		if !slices.Contains(order, code) {
			order = append(order, code)
		}
	}
	return order
}

// positive writes a limit that is unset when zero.
func positive(i int) string {
	if i == 0 {
		return ""
	}
	return strconv.Itoa(i)
}

func showIf(c *survey.Condition) string {
	if c == nil {
		return ""
	}
	return c.Question + ": " + strings.Join(c.AnyOf, ", ")
}
