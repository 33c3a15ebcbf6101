package yamlfile

import (
	"bytes"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/safeguarding/safetysurvey/survey"
)

// header opens every file Marshal writes, for whoever opens it next.
const header = "# A survey definition: the format is described in docs/survey-format.md.\n" +
	"# Every language's text is kept here, beside the English (text: {en: …, pl: …}).\n"

// Marshal writes s as one definition file, with every language's text and the actions inline,
// that Parse reads back into the same survey (positions aside). The layout is the one
// docs/survey-format.md shows, in block style with a blank line between sections and questions,
// so that the young people who co-design a survey can read what an editor saved.
func Marshal(s *survey.Survey) ([]byte, error) {
	w := writer{langs: s.LanguageCodes()}
	top := mapping(
		"slug", str(s.Slug),
		"version", number(s.Version),
		"status", str(s.Status),
		"closes", optional(s.Closes != "", str(s.Closes)),
		"published", boolean(s.Published),
		"wave", optional(s.Wave != "", str(s.Wave)),
		"previous", optional(s.Previous != "", str(s.Previous)),
		"suppression", optional(s.Suppression != survey.SuppressionRules{}, mapping(
			"min_count", number(s.Suppression.MinCount),
			"min_base", number(s.Suppression.MinBase))),
		"default_language", str(s.DefaultLanguage),
		"languages", w.languages(s.Languages),
	)
	var partnership *yaml.Node
	if p := s.Partnership; p != nil {
		logo := str(p.Logo)
		logo.Style = yaml.LiteralStyle
		partnership = mapping(
			"name", w.text(p.Name),
			"colour", optional(p.Colour != "", str(p.Colour)),
			"accent", optional(p.Accent != "", str(p.Accent)),
			"logo", optional(p.Logo != "", logo))
	}
	wording := mapping(
		"title", w.text(s.Title),
		"intro", w.text(s.Intro),
		"thanks", w.text(s.Thanks),
		"partnership", partnership,
	)
	var support, questions, themes, actions, headlines []*yaml.Node
	if len(s.ActionsReviewed) > 0 {
		top.Content = append(top.Content, str("actions_reviewed"), flowList(s.ActionsReviewed))
	}
	for _, l := range s.Support {
		support = append(support, mapping(
			"name", w.text(l.Name),
			"phone", optional(l.Phone != "", str(l.Phone)),
			"url", optional(l.URL != "", str(l.URL)),
			"about", w.text(l.About)))
	}
	for i := range s.Questions {
		questions = append(questions, w.question(&s.Questions[i]))
	}
	for _, t := range s.Themes {
		themes = append(themes, mapping("id", str(t.ID), "label", w.text(t.Label), "keywords", w.keywords(t.Keywords)))
	}
	for _, r := range s.Headlines {
		headlines = append(headlines, mapping(
			"id", str(r.ID),
			"question", str(r.Question),
			"answer", str(r.Answer),
			"per", optional(r.Per != 0, number(r.Per)),
			"at_least", optional(r.AtLeast != 0, decimal(r.AtLeast)),
			"text", w.pluralText(r.Text)))
	}
	for _, a := range s.Actions {
		actions = append(actions, mapping("status", str(a.Status), "you_said", w.text(a.YouSaid), "text", w.text(a.Text)))
	}

	out := bytes.NewBufferString(header)
	sections := []func() error{
		func() error { return encode(out, top) },
		func() error { return encode(out, wording) },
		func() error { return encodeList(out, "support", support) },
		func() error { return encodeList(out, "questions", questions) },
		func() error { return encodeList(out, "themes", themes) },
		func() error { return encodeList(out, "headlines", headlines) },
		func() error { return encodeList(out, "actions", actions) },
	}
	for _, write := range sections {
		before := out.Len()
		out.WriteString("\n")
		if err := write(); err != nil {
			return nil, fmt.Errorf("write survey %s: %w", s.Slug, err)
		}
		if out.Len() == before+1 { // an empty section: no blank line either
			out.Truncate(before)
		}
	}
	return out.Bytes(), nil
}

// writer builds the nodes of one survey, whose languages set the order of translated text.
type writer struct {
	langs []string
}

func (w writer) languages(langs []survey.Language) *yaml.Node {
	list := &yaml.Node{Kind: yaml.SequenceNode}
	for _, l := range langs {
		list.Content = append(list.Content, mapping("code", str(l.Code), "reviewed", boolean(l.Reviewed)))
	}
	return list
}

func (w writer) question(q *survey.Question) *yaml.Node {
	var showIf *yaml.Node
	if q.ShowIf != nil {
		showIf = mapping("question", str(q.ShowIf.Question), "any_of", flowList(q.ShowIf.AnyOf))
	}
	var options *yaml.Node
	if len(q.Options) > 0 {
		options = &yaml.Node{Kind: yaml.SequenceNode}
		for _, o := range q.Options {
			options.Content = append(options.Content, mapping("id", str(o.ID), "text", w.text(o.Text)))
		}
	}
	var combine *yaml.Node
	if len(q.Combine) > 0 {
		combine = &yaml.Node{Kind: yaml.SequenceNode}
		for _, g := range q.Combine {
			combine.Content = append(combine.Content, mapping("id", str(g.ID), "label", w.text(g.Label), "options", flowList(g.Options)))
		}
	}
	return mapping(
		"id", str(q.ID),
		"type", str(q.Type),
		"required", optional(q.Required, boolean(true)),
		"max", optional(q.Max != 0, number(q.Max)),
		"max_length", optional(q.MaxLength != 0, number(q.MaxLength)),
		"show_if", showIf,
		"text", w.text(q.Text),
		"hint", w.text(q.Hint),
		"prefer_not_to_say", optional(q.PreferNotToSay, boolean(true)),
		"concern", optional(len(q.Concern) > 0, flowList(q.Concern)),
		"options", options,
		"combine", combine,
	)
}

// text writes a label in English alone as a plain string, and in several languages as a map,
// English first and then the survey's languages in order. A label with no text is left out.
func (w writer) text(t survey.Text) *yaml.Node {
	if len(t) == 0 {
		return nil
	}
	if _, ok := t[survey.SourceLanguage]; ok && len(t) == 1 {
		return str(t[survey.SourceLanguage])
	}
	m := &yaml.Node{Kind: yaml.MappingNode}
	for _, lang := range w.order(slices.Collect(maps.Keys(t))) {
		m.Content = append(m.Content, str(lang), str(t[lang]))
	}
	return m
}

// pluralText writes a sentence in English alone as its forms (a plain string when it has only
// "other"), and in several languages as a map by language, English first.
func (w writer) pluralText(t survey.PluralText) *yaml.Node {
	forms := func(f map[string]string) *yaml.Node {
		if len(f) == 1 && f["other"] != "" {
			return str(f["other"])
		}
		m := &yaml.Node{Kind: yaml.MappingNode}
		for _, form := range survey.PluralForms {
			if text, ok := f[form]; ok {
				m.Content = append(m.Content, str(form), str(text))
			}
		}
		return m
	}
	if len(t) == 1 {
		return forms(t[survey.SourceLanguage])
	}
	m := &yaml.Node{Kind: yaml.MappingNode}
	for _, lang := range w.order(slices.Collect(maps.Keys(t))) {
		m.Content = append(m.Content, str(lang), forms(t[lang]))
	}
	return m
}

// keywords writes English keywords alone as a list, and keywords in several languages as a map.
func (w writer) keywords(k map[string][]string) *yaml.Node {
	if _, ok := k[survey.SourceLanguage]; ok && len(k) == 1 {
		return flowList(k[survey.SourceLanguage])
	}
	m := &yaml.Node{Kind: yaml.MappingNode}
	for _, lang := range w.order(slices.Collect(maps.Keys(k))) {
		m.Content = append(m.Content, str(lang), flowList(k[lang]))
	}
	return m
}

// order sorts language codes as a reader expects them (survey.SortLanguages).
func (w writer) order(codes []string) []string {
	survey.SortLanguages(codes, w.langs)
	return codes
}

// mapping builds a block mapping from key, value pairs, leaving out nil values.
func mapping(pairs ...any) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode}
	for i := 0; i+1 < len(pairs); i += 2 {
		if v := pairs[i+1].(*yaml.Node); v != nil {
			m.Content = append(m.Content, str(pairs[i].(string)), v)
		}
	}
	return m
}

func optional(present bool, n *yaml.Node) *yaml.Node {
	if !present {
		return nil
	}
	return n
}

// yaml11Bools are the words older YAML readers take for true or false: quoted, so that option
// ids such as "yes" and "no" stay text wherever the file is read.
var yaml11Bools = []string{"y", "yes", "n", "no", "on", "off"}

// str writes text plainly where it can: quoted when plain would read as something else
// (a number, a date, yes or no), as a |- block when it has several lines.
func str(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	switch {
	case strings.Contains(s, "\n") && s != strings.TrimSpace(s):
		// A block would lose or blur the outer spaces and line breaks; quotes keep them.
		n.Style = yaml.DoubleQuotedStyle
	case slices.Contains(yaml11Bools, strings.ToLower(s)):
		n.Style = yaml.DoubleQuotedStyle
	}
	return n
}

// decimal writes a number with as many decimals as it needs, none for a whole one.
func decimal(f float64) *yaml.Node {
	if f == math.Trunc(f) {
		return number(int(f))
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: strconv.FormatFloat(f, 'f', -1, 64)}
}

func number(i int) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: fmt.Sprint(i)}
}

func boolean(b bool) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: fmt.Sprint(b)}
}

func flowList(items []string) *yaml.Node {
	list := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, item := range items {
		list.Content = append(list.Content, str(item))
	}
	return list
}

// encode writes n at the left margin, indented by two spaces like the example in the docs.
func encode(out *bytes.Buffer, n *yaml.Node) error {
	if len(n.Content) == 0 {
		return nil
	}
	enc := yaml.NewEncoder(out)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		return err
	}
	return enc.Close()
}

// encodeList writes "key:" and the items of a list with a blank line between them, which YAML
// ignores between items.
func encodeList(out *bytes.Buffer, key string, items []*yaml.Node) error {
	for i, item := range items {
		var one bytes.Buffer
		if err := encode(&one, mapping(key, &yaml.Node{Kind: yaml.SequenceNode, Content: []*yaml.Node{item}})); err != nil {
			return err
		}
		text := one.String()
		if i > 0 {
			out.WriteString("\n")
			text = text[strings.Index(text, "\n")+1:] // drop "key:", written with the first item
		}
		out.WriteString(text)
	}
	return nil
}
