package yamlfile

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// SetTranslation writes labels, keyed by the ids survey.Labels gives them, into the text of the
// translation file "<survey>.<lang>.yaml" (a new one, unreviewed, when data is empty) and returns
// the new text. Action labels belong to the actions file: see SetActions.
func SetTranslation(data []byte, lang string, labels map[string]string) ([]byte, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		data = []byte("language: " + lang + "\nreviewed: false\n")
	}
	return setLabels(data, labels, func(root *yaml.Node, id, value string) error {
		parts := strings.Split(id, ".")
		switch {
		case len(parts) == 1 && (id == "title" || id == "intro" || id == "thanks"):
			setScalar(root, id, value)
		case len(parts) == 3 && parts[0] == "support":
			item, err := seqItem(root, "support", parts[1])
			if err != nil {
				return err
			}
			setScalar(item, parts[2], value)
		case len(parts) == 3 && parts[0] == "question":
			setScalar(child(child(root, "questions"), parts[1]), parts[2], value)
		case len(parts) == 4 && parts[0] == "question" && parts[2] == "option":
			setScalar(child(child(child(root, "questions"), parts[1]), "options"), parts[3], value)
		case len(parts) == 3 && parts[0] == "theme":
			setScalar(child(child(root, "themes"), parts[1]), parts[2], value)
		default:
			return fmt.Errorf("no place for %q in a translation file", id)
		}
		return nil
	})
}

// SetActions writes action labels ("action.N.text", "action.N.you_said") in lang into the text of
// an actions file, turning an English-only text into one keyed by language.
func SetActions(data []byte, lang string, labels map[string]string) ([]byte, error) {
	return setLabels(data, labels, func(root *yaml.Node, id, value string) error {
		parts := strings.Split(id, ".")
		if len(parts) != 3 || parts[0] != "action" {
			return fmt.Errorf("no place for %q in an actions file", id)
		}
		item, err := seqItem(root, "actions", parts[1])
		if err != nil {
			return err
		}
		text := mapValue(item, parts[2])
		if text == nil {
			return fmt.Errorf("action %s has no %s to translate", parts[1], parts[2])
		}
		if text.Kind == yaml.ScalarNode {
			english := *text
			*text = yaml.Node{Kind: yaml.MappingNode}
			text.Content = []*yaml.Node{{Kind: yaml.ScalarNode, Value: "en"}, &english}
		}
		setScalar(text, lang, value)
		return nil
	})
}

// setLabels writes every label into the document in data. When each label already has a value
// of its own in the file, only those values' lines are rewritten, so comments, blank lines and
// the wrapping of everything else stay as they were; otherwise set adds what is missing, in id
// order, and the whole document is written back with two-space indentation.
func setLabels(data []byte, labels map[string]string, set func(root *yaml.Node, id, value string) error) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("not a YAML mapping")
	}
	if out, ok := replaceInPlace(data, &doc, labels, set); ok {
		return out, nil
	}
	for _, id := range slices.Sorted(maps.Keys(labels)) {
		if err := set(doc.Content[0], id, labels[id]); err != nil {
			return nil, err
		}
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, err
	}
	return b.Bytes(), enc.Close()
}

// child returns the mapping under key in m, adding an empty one when m lacks it.
func child(m *yaml.Node, key string) *yaml.Node {
	if v := mapValue(m, key); v != nil {
		return v
	}
	v := &yaml.Node{Kind: yaml.MappingNode}
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, v)
	return v
}

// setScalar sets key in m to value, keeping the style the file gave it.
func setScalar(m *yaml.Node, key, value string) {
	if v := mapValue(m, key); v != nil && v.Kind == yaml.ScalarNode {
		v.Value, v.Tag = value, "!!str"
		return
	}
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: value})
}

// seqItem returns the n-th (from 1) mapping of the list under key, adding empty ones up to it.
func seqItem(m *yaml.Node, key, n string) (*yaml.Node, error) {
	i, err := strconv.Atoi(n)
	if err != nil || i < 1 || i > 100 {
		return nil, fmt.Errorf("%s %q is not a number from 1 to 100", key, n)
	}
	seq := mapValue(m, key)
	if seq == nil {
		seq = &yaml.Node{Kind: yaml.SequenceNode}
		m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, seq)
	}
	for len(seq.Content) < i {
		seq.Content = append(seq.Content, &yaml.Node{Kind: yaml.MappingNode})
	}
	return seq.Content[i-1], nil
}
