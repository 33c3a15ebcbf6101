package yamlfile

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/freetext"
)

// translationName matches "<survey file name>.<language code>.yaml", the code maybe a regional
// variant such as pt-PT.
var translationName = regexp.MustCompile(`^(.+)\.([a-z]{2,3}(?:-[A-Z]{2})?)\.ya?ml$`)

// ParseTranslation merges one language's text, from a file laid out like docs/survey-format.md
// describes (labels keyed by question and option id), into s, and adds the language to s.
// An id that is not in the survey is an error; a label left out falls back to English.
func ParseTranslation(source string, data []byte, s *survey.Survey) error {
	root, err := parseRoot(source, data)
	if err != nil {
		return err
	}
	d := decoder{source: source}
	lang := survey.Language{}
	var lines []func()
	d.fields(root, "", func(key string, v *yaml.Node) bool {
		switch key {
		case "language":
			lang.Code = d.str(v, key)
		case "reviewed":
			d.decode(v, key, &lang.Reviewed, "must be true or false")
		case "title":
			lines = append(lines, d.translate(v, key, s.Title, &lang))
		case "intro":
			lines = append(lines, d.translate(v, key, s.Intro, &lang))
		case "thanks":
			lines = append(lines, d.translate(v, key, s.Thanks, &lang))
		case "support":
			d.list(v, key, func(item *yaml.Node, i int) {
				if i >= len(s.Support) {
					d.fail(item, fmt.Sprintf("support %d", i+1), msgFewerSupport)
					return
				}
				field := fmt.Sprintf("support %d", i+1)
				d.fields(item, field, func(key string, v *yaml.Node) bool {
					switch key {
					case "name":
						lines = append(lines, d.translate(v, field+": name", s.Support[i].Name, &lang))
					case "about":
						lines = append(lines, d.translate(v, field+": about", s.Support[i].About, &lang))
					default:
						return false
					}
					return true
				})
			})
		case "partnership":
			d.fields(v, key, func(k string, n *yaml.Node) bool {
				if k != "name" || s.Partnership == nil {
					return false
				}
				lines = append(lines, d.translate(n, key+": name", s.Partnership.Name, &lang))
				return true
			})
		case "questions":
			lines = append(lines, d.translateQuestions(v, s, &lang)...)
		case "themes":
			lines = append(lines, d.translateThemes(v, s, &lang)...)
		case "headlines":
			d.fields(v, key, func(id string, hv *yaml.Node) bool {
				field := fmt.Sprintf("headline `%s`", id)
				i := slices.IndexFunc(s.Headlines, func(r survey.HeadlineRule) bool { return r.ID == id })
				if i < 0 {
					d.fail(hv, field, msgNotInSurvey)
					return true
				}
				forms := d.pluralForms(hv, field)
				if forms["other"] == "" {
					d.fail(hv, field, survey.MsgPluralOther)
				}
				lines = append(lines, func() { s.Headlines[i].Text[lang.Code] = forms })
				return true
			})
		default:
			return false
		}
		return true
	})
	if lang.Code == "" || lang.Code == survey.SourceLanguage {
		d.fail(root, "language", msgLanguageMissing)
	}
	if m := translationName.FindStringSubmatch(source); m != nil && m[2] != lang.Code {
		d.fail(root, "language", msgLanguageMismatch, "Code", lang.Code, "FileCode", m[2])
	}
	if s.Offers(lang.Code) {
		d.fail(root, "language", msgTranslatedTwice, "Code", lang.Code)
	}
	if base := survey.BaseLanguage(lang.Code); base != lang.Code && !s.Offers(base) {
		d.fail(root, "language", survey.MsgVariantWithoutBase, "Code", lang.Code, "Base", base)
	}
	if len(d.errs) > 0 {
		return d.errs
	}
	for _, set := range lines {
		set()
	}
	s.Languages = append(s.Languages, lang)
	return nil
}

// translate checks a translated label and returns the step that stores it once the whole file is sound.
func (d *decoder) translate(n *yaml.Node, field string, into survey.Text, lang *survey.Language) func() {
	text := strings.TrimSpace(d.str(n, field))
	if len(into) == 0 {
		d.fail(n, field, msgNothingToTranslate)
	}
	return func() {
		if text != "" {
			into[lang.Code] = text
		}
	}
}

func (d *decoder) translateQuestions(n *yaml.Node, s *survey.Survey, lang *survey.Language) []func() {
	var lines []func()
	d.fields(n, "questions", func(id string, v *yaml.Node) bool {
		q, ok := s.Question(id)
		if !ok {
			d.fail(v, fmt.Sprintf("question `%s`", id), msgNotInSurvey)
			return true
		}
		field := fmt.Sprintf("question `%s`", id)
		d.fields(v, field, func(key string, v *yaml.Node) bool {
			switch key {
			case "text":
				lines = append(lines, d.translate(v, field+": text", q.Text, lang))
			case "hint":
				lines = append(lines, d.translate(v, field+": hint", q.Hint, lang))
			case "options":
				d.fields(v, field+": options", func(oid string, ov *yaml.Node) bool {
					i := slices.IndexFunc(q.Options, func(o survey.Option) bool { return o.ID == oid })
					if i < 0 {
						d.fail(ov, fmt.Sprintf("%s: option `%s`", field, oid), survey.MsgNotAnOption, "Option", oid)
						return true
					}
					lines = append(lines, d.translate(ov, fmt.Sprintf("%s: option `%s`", field, oid), q.Options[i].Text, lang))
					return true
				})
			case "combine":
				d.fields(v, field+": combine", func(gid string, gv *yaml.Node) bool {
					g, ok := q.Combination(gid)
					if !ok {
						d.fail(gv, fmt.Sprintf("%s: combine `%s`", field, gid), msgNotInSurvey)
						return true
					}
					lines = append(lines, d.translate(gv, fmt.Sprintf("%s: combine `%s`", field, gid), g.Label, lang))
					return true
				})
			default:
				return false
			}
			return true
		})
		return true
	})
	return lines
}

// translateThemes reads theme labels and keywords in the file's language; keywords are added to
// any the survey file gives in that language.
func (d *decoder) translateThemes(n *yaml.Node, s *survey.Survey, lang *survey.Language) []func() {
	var lines []func()
	d.fields(n, "themes", func(id string, v *yaml.Node) bool {
		field := fmt.Sprintf("theme `%s`", id)
		i := slices.IndexFunc(s.Themes, func(t survey.Theme) bool { return t.ID == id })
		if i < 0 {
			d.fail(v, field, msgNotInSurvey)
			return true
		}
		t := &s.Themes[i]
		d.fields(v, field, func(key string, v *yaml.Node) bool {
			switch key {
			case "label":
				lines = append(lines, d.translate(v, field+": label", t.Label, lang))
			case "keywords":
				words := d.keywords(v, field+": keywords")
				for _, k := range words {
					if !freetext.IsKeyword(k) {
						d.fail(v, field+": keywords", survey.MsgNoLetters, "Phrase", k)
					}
				}
				lines = append(lines, func() { t.Keywords[lang.Code] = append(t.Keywords[lang.Code], words...) })
			default:
				return false
			}
			return true
		})
		return true
	})
	return lines
}
