// Package yamlfile reads survey definitions from the human-editable YAML format described in docs/survey-format.md.
package yamlfile

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/safeguarding/safetysurvey/survey"
)

// Parse reads one definition from data; source names the file in error messages.
// Every problem, from YAML syntax to a question that refers to a missing one, is reported with its line.
func Parse(source string, data []byte) (*survey.Survey, error) {
	root, err := parseRoot(source, data)
	if err != nil {
		return nil, err
	}
	d := decoder{source: source}
	s := &survey.Survey{Source: source, Status: survey.StatusOpen, DefaultLanguage: survey.SourceLanguage}
	d.survey(root, s)
	if len(d.errs) > 0 {
		return nil, d.errs
	}
	if err := s.Check(); err != nil {
		return nil, err
	}
	return s, nil
}

// LoadDir reads every survey definition in dir of fsys, in name order, with its translations and
// actions: "<name>.yaml" is a definition, "<name>.<lang>.yaml" its text in another language and
// "<name>.actions.yaml" what the partnership does about its findings.
func LoadDir(fsys fs.FS, dir string) ([]*survey.Survey, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("read survey folder %s: %w", dir, err)
	}
	var definitions, translations, actions []string
	for _, e := range entries {
		name := e.Name()
		switch {
		case e.IsDir() || !(strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml")):
		case actionsName.MatchString(name):
			actions = append(actions, name)
		case translationName.MatchString(name):
			translations = append(translations, name)
		default:
			definitions = append(definitions, name)
		}
	}
	var surveys []*survey.Survey
	byBase := map[string]*survey.Survey{}
	var errs []error
	read := func(name string, parse func(file string, data []byte) error) {
		file := path.Join(dir, name)
		data, err := fs.ReadFile(fsys, file)
		if err != nil {
			errs = append(errs, fmt.Errorf("read %s: %w", file, err))
			return
		}
		if err := parse(file, data); err != nil {
			errs = append(errs, err)
		}
	}
	for _, name := range definitions {
		read(name, func(file string, data []byte) error {
			s, err := Parse(file, data)
			if err == nil {
				surveys = append(surveys, s)
				byBase[strings.TrimSuffix(strings.TrimSuffix(name, ".yaml"), ".yml")] = s
			}
			return err
		})
	}
	// find returns the survey a translation or actions file belongs to; ok is false when there is
	// none, reported unless the survey file exists but failed to parse (reported already).
	find := func(name string, pattern *regexp.Regexp, message string) (*survey.Survey, bool) {
		base := pattern.FindStringSubmatch(name)[1]
		s, ok := byBase[base]
		if !ok && !slices.ContainsFunc(definitions, func(d string) bool { return strings.HasPrefix(d, base+".") }) {
			errs = append(errs, survey.NewDefinitionError(path.Join(dir, name), 0, "", message, "Name", base+".yaml"))
		}
		return s, ok
	}
	// A regional variant (x.pt-PT.yaml) needs its base language (x.pt.yaml) read first.
	slices.SortStableFunc(translations, func(a, b string) int {
		return strings.Count(translationName.FindStringSubmatch(a)[2], "-") - strings.Count(translationName.FindStringSubmatch(b)[2], "-")
	})
	for _, name := range translations {
		if s, ok := find(name, translationName, msgNoSurveyToTranslate); ok {
			read(name, func(file string, data []byte) error { return ParseTranslation(file, data, s) })
		}
	}
	for _, name := range actions {
		if s, ok := find(name, actionsName, msgNoSurveyForActions); ok {
			read(name, func(file string, data []byte) error { return ParseActions(file, data, s) })
		}
	}
	return surveys, errors.Join(errs...)
}

// Messages lists the message id of every problem the parsers report besides those of
// survey.DefinitionMessages, so the i18n check can make sure each one has words.
var Messages []string

// message records id in Messages.
func message(id string) string {
	Messages = append(Messages, id)
	return id
}

// The problems in the YAML itself, before the survey is checked as a whole.
var (
	msgSyntax              = message("definition.yaml_syntax")
	msgEmpty               = message("definition.empty_file")
	msgNoSurveyToTranslate = message("definition.no_survey_to_translate")
	msgNoSurveyForActions  = message("definition.no_survey_for_actions")
	msgNotAMapping         = message("definition.not_a_mapping")
	msgGivenTwice          = message("definition.given_twice")
	msgUnknownField        = message("definition.unknown_field")
	msgNotSingle           = message("definition.not_single")
	msgNotAList            = message("definition.not_a_list")
	msgWholeNumber         = message("definition.whole_number")
	msgNumber              = message("definition.number")
	msgLanguageList        = message("definition.language_list")
	msgTrueFalse           = message("definition.true_or_false")
	msgOptionList          = message("definition.option_list")
	msgKeywordList         = message("definition.keyword_list")
	msgActionsTwice        = message("definition.actions_twice")
	msgActionStatus        = message("definition.action_status")
	msgFewerSupport        = message("definition.fewer_support")
	msgLanguageMissing     = message("definition.language_missing")
	msgLanguageMismatch    = message("definition.language_mismatch")
	msgTranslatedTwice     = message("definition.translated_twice")
	msgNothingToTranslate  = message("definition.nothing_to_translate")
	msgNotInSurvey         = message("definition.not_in_survey")
)

// parseRoot reads data as YAML and returns its top node, or the syntax error or empty file as a
// definition problem.
func parseRoot(source string, data []byte) (*yaml.Node, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, survey.DefinitionErrors{survey.NewDefinitionError(source, 0, "", msgSyntax, "Detail", strings.TrimPrefix(err.Error(), "yaml: "))}
	}
	if len(root.Content) == 0 {
		return nil, survey.DefinitionErrors{survey.NewDefinitionError(source, 0, "", msgEmpty)}
	}
	return root.Content[0], nil
}

type decoder struct {
	source string
	errs   survey.DefinitionErrors
}

func (d *decoder) fail(n *yaml.Node, field, message string, args ...any) {
	d.errs = append(d.errs, survey.NewDefinitionError(d.source, n.Line, field, message, args...))
}

// fields walks a mapping node, calling set for each key and reporting keys it does not know.
func (d *decoder) fields(n *yaml.Node, field string, set func(key string, v *yaml.Node) bool) {
	if n.Kind != yaml.MappingNode {
		d.fail(n, field, msgNotAMapping)
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		name := strings.TrimPrefix(field+": "+k.Value, ": ")
		switch {
		case seen[k.Value]:
			d.fail(k, name, msgGivenTwice)
		case !set(k.Value, v):
			d.fail(k, name, msgUnknownField)
		}
		seen[k.Value] = true
	}
}

func (d *decoder) survey(n *yaml.Node, s *survey.Survey) {
	d.fields(n, "", func(key string, v *yaml.Node) bool {
		switch key {
		case "slug":
			s.Slug = d.str(v, key)
		case "version":
			d.decode(v, key, &s.Version, msgWholeNumber)
		case "status":
			s.Status = d.str(v, key)
		case "closes":
			s.Closes = d.str(v, key)
		case "published":
			d.decode(v, key, &s.Published, msgTrueFalse)
		case "wave":
			s.Wave = d.str(v, key)
		case "previous":
			s.Previous = d.str(v, key)
		case "suppression":
			s.Suppression = survey.DefaultRules
			d.fields(v, key, func(k string, n *yaml.Node) bool {
				switch k {
				case "min_count":
					d.decode(n, key+": min_count", &s.Suppression.MinCount, msgWholeNumber)
				case "min_base":
					d.decode(n, key+": min_base", &s.Suppression.MinBase, msgWholeNumber)
				default:
					return false
				}
				return true
			})
		case "default_language":
			s.DefaultLanguage = d.str(v, key)
		case "languages":
			s.Languages = d.languages(v)
		case "title":
			s.Title = d.text(v, key)
		case "intro":
			s.Intro = d.text(v, key)
		case "thanks":
			s.Thanks = d.text(v, key)
		case "support":
			d.list(v, key, func(item *yaml.Node, i int) { s.Support = append(s.Support, d.support(item, i)) })
		case "questions":
			d.list(v, key, func(item *yaml.Node, i int) { s.Questions = append(s.Questions, d.question(item, i)) })
		case "themes":
			d.list(v, key, func(item *yaml.Node, i int) { s.Themes = append(s.Themes, d.theme(item, i)) })
		case "actions":
			d.list(v, key, func(item *yaml.Node, i int) { s.Actions = append(s.Actions, d.action(item, i)) })
		case "headlines":
			d.list(v, key, func(item *yaml.Node, i int) { s.Headlines = append(s.Headlines, d.headline(item, i)) })
		case "actions_reviewed":
			d.decode(v, key, &s.ActionsReviewed, msgLanguageList)
		case "partnership":
			s.Partnership = &survey.Partnership{}
			d.fields(v, key, func(k string, n *yaml.Node) bool {
				switch k {
				case "name":
					s.Partnership.Name = d.text(n, key+": name")
				case "colour":
					s.Partnership.Colour = d.str(n, key+": colour")
				case "accent":
					s.Partnership.Accent = d.str(n, key+": accent")
				case "logo":
					s.Partnership.Logo = strings.TrimSpace(d.str(n, key+": logo"))
				default:
					return false
				}
				return true
			})
		default:
			return false
		}
		return true
	})
}

// headline reads one headline rule: {id, question, answer, per, at_least, text}.
func (d *decoder) headline(n *yaml.Node, i int) survey.HeadlineRule {
	r := survey.HeadlineRule{Line: n.Line}
	field := fmt.Sprintf("headline %d", i+1)
	if id := mapValue(n, "id"); id != nil {
		field = fmt.Sprintf("headline `%s`", id.Value)
	}
	d.fields(n, field, func(key string, v *yaml.Node) bool {
		switch key {
		case "id":
			r.ID = d.str(v, field+": id")
		case "question":
			r.Question = d.str(v, field+": question")
		case "answer":
			r.Answer = d.str(v, field+": answer")
		case "per":
			d.decode(v, field+": per", &r.Per, msgWholeNumber)
		case "at_least":
			d.decode(v, field+": at_least", &r.AtLeast, msgNumber)
		case "text":
			r.Text = d.pluralText(v, field+": text")
		default:
			return false
		}
		return true
	})
	return r
}

// pluralText accepts a sentence in English, as a plain string or a map of plural forms
// ({one: …, other: …}), or a map from language code to either.
func (d *decoder) pluralText(n *yaml.Node, field string) survey.PluralText {
	if n.Kind == yaml.MappingNode && mapValue(n, "other") == nil && !slices.ContainsFunc(n.Content, func(k *yaml.Node) bool { return slices.Contains(survey.PluralForms, k.Value) }) {
		t := survey.PluralText{}
		d.fields(n, field, func(lang string, v *yaml.Node) bool {
			t[lang] = d.pluralForms(v, field+": "+lang)
			return true
		})
		return t
	}
	return survey.PluralText{survey.SourceLanguage: d.pluralForms(n, field)}
}

// pluralForms reads one language's sentence: a plain string (its "other" form) or a map of forms.
func (d *decoder) pluralForms(n *yaml.Node, field string) map[string]string {
	if n.Kind == yaml.ScalarNode {
		return map[string]string{"other": strings.TrimSpace(n.Value)}
	}
	forms := map[string]string{}
	d.fields(n, field, func(form string, v *yaml.Node) bool {
		forms[form] = strings.TrimSpace(d.str(v, field+": "+form))
		return true
	})
	return forms
}

func (d *decoder) languages(n *yaml.Node) []survey.Language {
	var langs []survey.Language
	d.list(n, "languages", func(item *yaml.Node, i int) {
		if item.Kind == yaml.ScalarNode {
			langs = append(langs, survey.Language{Code: item.Value})
			return
		}
		var l survey.Language
		d.fields(item, fmt.Sprintf("languages %d", i+1), func(key string, v *yaml.Node) bool {
			switch key {
			case "code":
				l.Code = d.str(v, "languages: code")
			case "reviewed":
				d.decode(v, "languages: reviewed", &l.Reviewed, msgTrueFalse)
			default:
				return false
			}
			return true
		})
		langs = append(langs, l)
	})
	return langs
}

func (d *decoder) support(n *yaml.Node, i int) survey.SupportLine {
	var l survey.SupportLine
	field := fmt.Sprintf("support %d", i+1)
	d.fields(n, field, func(key string, v *yaml.Node) bool {
		switch key {
		case "name":
			l.Name = d.text(v, field+": name")
		case "phone":
			l.Phone = d.str(v, field+": phone")
		case "url":
			l.URL = d.str(v, field+": url")
		case "about":
			l.About = d.text(v, field+": about")
		default:
			return false
		}
		return true
	})
	return l
}

func (d *decoder) question(n *yaml.Node, i int) survey.Question {
	q := survey.Question{Line: n.Line}
	field := fmt.Sprintf("question %d", i+1)
	if id := mapValue(n, "id"); id != nil {
		field = fmt.Sprintf("question `%s`", id.Value)
	}
	d.fields(n, field, func(key string, v *yaml.Node) bool {
		switch key {
		case "id":
			q.ID = d.str(v, field+": id")
		case "type":
			q.Type = d.str(v, field+": type")
		case "text":
			q.Text = d.text(v, field+": text")
		case "hint":
			q.Hint = d.text(v, field+": hint")
		case "options":
			d.list(v, field+": options", func(item *yaml.Node, j int) { q.Options = append(q.Options, d.option(item, field, j)) })
		case "max":
			d.decode(v, field+": max", &q.Max, msgWholeNumber)
		case "max_length":
			d.decode(v, field+": max_length", &q.MaxLength, msgWholeNumber)
		case "required":
			d.decode(v, field+": required", &q.Required, msgTrueFalse)
		case "prefer_not_to_say":
			d.decode(v, field+": prefer_not_to_say", &q.PreferNotToSay, msgTrueFalse)
		case "concern":
			d.decode(v, field+": concern", &q.Concern, msgOptionList)
			if len(q.Concern) == 0 {
				q.Concern = nil // [] means none, as leaving the field out does
			}
		case "show_if":
			q.ShowIf = d.condition(v, field+": show_if")
		case "combine":
			d.list(v, field+": combine", func(item *yaml.Node, j int) { q.Combine = append(q.Combine, d.combined(item, field, j)) })
		default:
			return false
		}
		return true
	})
	return q
}

// combined reads one group of combined answers: {id, label, options: [a, b]}.
func (d *decoder) combined(n *yaml.Node, field string, j int) survey.Combined {
	g := survey.Combined{Line: n.Line}
	gf := fmt.Sprintf("%s: combine %d", field, j+1)
	if id := mapValue(n, "id"); id != nil {
		gf = fmt.Sprintf("%s: combine `%s`", field, id.Value)
	}
	d.fields(n, gf, func(key string, v *yaml.Node) bool {
		switch key {
		case "id":
			g.ID = d.str(v, gf+": id")
		case "label":
			g.Label = d.text(v, gf+": label")
		case "options":
			d.decode(v, gf+": options", &g.Options, msgOptionList)
		default:
			return false
		}
		return true
	})
	return g
}

func (d *decoder) option(n *yaml.Node, field string, j int) survey.Option {
	o := survey.Option{Line: n.Line}
	of := fmt.Sprintf("%s: option %d", field, j+1)
	if id := mapValue(n, "id"); id != nil {
		of = fmt.Sprintf("%s: option `%s`", field, id.Value)
	}
	d.fields(n, of, func(key string, v *yaml.Node) bool {
		switch key {
		case "id":
			o.ID = d.str(v, of+": id")
		case "text":
			o.Text = d.text(v, of+": text")
		default:
			return false
		}
		return true
	})
	return o
}

func (d *decoder) theme(n *yaml.Node, i int) survey.Theme {
	t := survey.Theme{Line: n.Line, Keywords: map[string][]string{}}
	field := fmt.Sprintf("theme %d", i+1)
	if id := mapValue(n, "id"); id != nil {
		field = fmt.Sprintf("theme `%s`", id.Value)
	}
	d.fields(n, field, func(key string, v *yaml.Node) bool {
		switch key {
		case "id":
			t.ID = d.str(v, field+": id")
		case "label":
			t.Label = d.text(v, field+": label")
		case "keywords":
			if v.Kind == yaml.SequenceNode {
				t.Keywords[survey.SourceLanguage] = d.keywords(v, field+": keywords")
				break
			}
			d.fields(v, field+": keywords", func(lang string, list *yaml.Node) bool {
				t.Keywords[lang] = d.keywords(list, field+": keywords: "+lang)
				return true
			})
		default:
			return false
		}
		return true
	})
	return t
}

// keywords reads a list of keyword phrases, like [street light*, dark].
func (d *decoder) keywords(n *yaml.Node, field string) []string {
	var words []string
	d.decode(n, field, &words, msgKeywordList)
	return words
}

func (d *decoder) condition(n *yaml.Node, field string) *survey.Condition {
	c := &survey.Condition{}
	d.fields(n, field, func(key string, v *yaml.Node) bool {
		switch key {
		case "question":
			c.Question = d.str(v, field+": question")
		case "any_of":
			d.decode(v, field+": any_of", &c.AnyOf, msgOptionList)
		default:
			return false
		}
		return true
	})
	return c
}

// text accepts a plain string, meaning English, or a map from language code to string.
func (d *decoder) text(n *yaml.Node, field string) survey.Text {
	if n.Kind == yaml.ScalarNode {
		return survey.Text{survey.SourceLanguage: strings.TrimSpace(n.Value)}
	}
	t := survey.Text{}
	d.fields(n, field, func(key string, v *yaml.Node) bool {
		t[key] = strings.TrimSpace(d.str(v, field+": "+key))
		return true
	})
	if len(t) == 0 {
		return nil // {} means no text, as leaving the field out does
	}
	return t
}

func (d *decoder) str(n *yaml.Node, field string) string {
	if n.Kind != yaml.ScalarNode {
		d.fail(n, field, msgNotSingle)
		return ""
	}
	return n.Value
}

func (d *decoder) decode(n *yaml.Node, field string, out any, message string) {
	if err := n.Decode(out); err != nil {
		d.fail(n, field, message)
	}
}

func (d *decoder) list(n *yaml.Node, field string, each func(item *yaml.Node, i int)) {
	if n.Kind != yaml.SequenceNode {
		d.fail(n, field, msgNotAList)
		return
	}
	for i, item := range n.Content {
		each(item, i)
	}
}

func mapValue(n *yaml.Node, key string) *yaml.Node {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}
