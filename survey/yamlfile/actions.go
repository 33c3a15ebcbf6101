package yamlfile

import (
	"fmt"
	"regexp"
	"slices"

	"go.yaml.in/yaml/v3"

	"github.com/safeguarding/safetysurvey/survey"
)

// actionsName matches "<survey file name>.actions.yaml".
var actionsName = regexp.MustCompile(`^(.+)\.actions\.ya?ml$`)

// ParseActions reads the partnership's actions for survey s from a file laid out like
// docs/survey-format.md describes, and sets them on s. Actions kept in the survey file itself
// (as Marshal writes them) may not also have a file of their own: one would silently win.
func ParseActions(source string, data []byte, s *survey.Survey) error {
	if len(s.Actions) > 0 {
		return survey.DefinitionErrors{survey.NewDefinitionError(source, 0, "", msgActionsTwice)}
	}
	root, err := parseRoot(source, data)
	if err != nil {
		return err
	}
	d := decoder{source: source}
	var actions []survey.Action
	var reviewed []string
	d.fields(root, "", func(key string, v *yaml.Node) bool {
		switch key {
		case "actions":
			d.list(v, key, func(item *yaml.Node, i int) { actions = append(actions, d.action(item, i)) })
		case "reviewed":
			d.decode(v, key, &reviewed, msgLanguageList)
		default:
			return false
		}
		return true
	})
	if len(d.errs) > 0 {
		return d.errs
	}
	s.Actions, s.ActionsReviewed = actions, reviewed
	return nil
}

func (d *decoder) action(n *yaml.Node, i int) survey.Action {
	var a survey.Action
	field := fmt.Sprintf("action %d", i+1)
	d.fields(n, field, func(key string, v *yaml.Node) bool {
		switch key {
		case "status":
			a.Status = d.str(v, field+": status")
		case "you_said":
			a.YouSaid = d.text(v, field+": you_said")
		case "text":
			a.Text = d.text(v, field+": text")
		default:
			return false
		}
		return true
	})
	if !slices.Contains(survey.ActionStatuses, a.Status) {
		d.fail(n, field+": status", msgActionStatus, "Status", a.Status)
	}
	if a.Text[survey.SourceLanguage] == "" {
		d.fail(n, field+": text", survey.MsgNeedsEnglish)
	}
	if len(a.YouSaid) > 0 && a.YouSaid[survey.SourceLanguage] == "" {
		d.fail(n, field+": you_said", survey.MsgEnglishMissing)
	}
	return a
}
