package yamlfile

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// replaceInPlace rewrites, line by line, the values labels change in data; ok is false when a
// label has no scalar value of its own in the file yet. It finds each value by letting set
// write a marker into a copy of the document and looking for the node that took it.
func replaceInPlace(data []byte, doc *yaml.Node, labels map[string]string, set func(root *yaml.Node, id, value string) error) ([]byte, bool) {
	type edit struct {
		key, val *yaml.Node
		value    string
	}
	var edits []edit
	for _, id := range slices.Sorted(maps.Keys(labels)) {
		key, val := locate(doc.Content[0], id, set)
		if val == nil || val.Kind != yaml.ScalarNode || val.Line == 0 {
			return nil, false
		}
		edits = append(edits, edit{key, val, labels[id]})
	}
	slices.SortFunc(edits, func(a, b edit) int { return b.val.Line - a.val.Line })
	lines := strings.Split(string(data), "\n")
	for _, e := range edits {
		start, indent := e.val.Line-1, e.key.Column-1
		end := start + 1
		for end < len(lines) {
			next := end
			for next < len(lines) && strings.TrimSpace(lines[next]) == "" {
				next++
			}
			if next == len(lines) || indentOf(lines[next]) <= indent {
				break
			}
			end = next + 1
		}
		prefix := lines[start][:min(e.val.Column-1, len(lines[start]))]
		block := e.val.Style&(yaml.FoldedStyle|yaml.LiteralStyle) != 0
		replacement := []string{prefix + scalarText(e.value)}
		if block && foldable(e.value) {
			replacement = append([]string{prefix + ">-"}, wrap(e.value, strings.Repeat(" ", indent+2), 80)...)
		}
		lines = append(lines[:start], append(replacement, lines[end:]...)...)
	}
	return []byte(strings.Join(lines, "\n")), true
}

// locate finds the key and value nodes of a label by running set on a copy of the document with
// a marker value: the node set changed is the one that holds the label. Neither is returned when
// set had to add the node.
func locate(root *yaml.Node, id string, set func(root *yaml.Node, id, value string) error) (key, val *yaml.Node) {
	const marker = "\x00label\x00"
	before := map[*yaml.Node]string{}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		before[n] = n.Value
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(root)
	if err := set(root, id, marker); err != nil {
		return nil, nil
	}
	var find func(n *yaml.Node)
	find = func(n *yaml.Node) {
		for i, c := range n.Content {
			if c.Value == marker {
				if _, existed := before[c]; existed && n.Kind == yaml.MappingNode && i > 0 {
					key, val = n.Content[i-1], c
				}
				c.Value = before[c]
				return
			}
			find(c)
		}
	}
	find(root)
	return key, val
}

func indentOf(line string) int {
	return len(line) - len(strings.TrimLeft(line, " "))
}

// scalarText writes value on one line: plain when YAML reads it back the same, else double-quoted
// (a JSON string is a valid YAML one).
func scalarText(value string) string {
	var back map[string]any
	if !strings.ContainsAny(value, "\n\t") && value == strings.TrimSpace(value) && yaml.Unmarshal([]byte("k: "+value), &back) == nil {
		if s, ok := back["k"].(string); ok && s == value {
			return value
		}
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(value)
	return strings.TrimSuffix(b.String(), "\n")
}

// foldable reports whether a folded block scalar (>-) gives value back: single spaces between
// words, no line breaks of its own.
func foldable(value string) bool {
	return value != "" && !strings.ContainsAny(value, "\n\t") && !strings.Contains(value, "  ") && value == strings.TrimSpace(value)
}

// wrap breaks value at spaces into lines of at most width characters where it can, each indented.
func wrap(value, indent string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Split(value, " ") {
		if line != "" && len([]rune(indent+line+" "+word)) > width {
			lines = append(lines, indent+line)
			line = word
			continue
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	return append(lines, indent+line)
}
