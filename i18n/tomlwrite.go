package i18n

import (
	"fmt"
	"strings"
	"unicode"
)

// SetMessages writes translations into the text of a message file, form by form (changes maps a
// message id to its forms, "other" alone for a plain string), and returns the new text. Only the
// lines of changed strings are rewritten, so comments, order and the escapes of untouched strings
// stay as they were; a message the file lacks is added at its end as a table of its own.
func SetMessages(data []byte, changes map[string]map[string]string) []byte {
	lines := strings.Split(string(data), "\n")
	var added []string
	for _, id := range sortedKeys(changes) {
		forms := changes[id]
		if i := plainLine(lines, id); i >= 0 && len(forms) == 1 && forms["other"] != "" {
			lines[i] = tomlString(id) + " = " + tomlString(forms["other"])
			continue
		}
		if i := plainLine(lines, id); i >= 0 {
			lines = append(lines[:i], lines[i+1:]...)
		}
		start, end := tableLines(lines, id)
		if start < 0 {
			added = append(added, "", "["+tomlString(id)+"]")
			for _, f := range pluralOrder {
				if text, ok := forms[f]; ok {
					added = append(added, f+" = "+tomlString(text))
				}
			}
			continue
		}
		var body []string
		for _, l := range lines[start+1 : end] {
			key, _, _ := strings.Cut(strings.TrimSpace(l), "=")
			if _, ok := forms[strings.TrimSpace(key)]; !ok {
				body = append(body, l)
			}
		}
		for _, f := range pluralOrder {
			if text, ok := forms[f]; ok {
				body = append(body, f+" = "+tomlString(text))
			}
		}
		lines = append(lines[:start+1], append(body, lines[end:]...)...)
	}
	if len(added) > 0 {
		for len(lines) > 0 && lines[len(lines)-1] == "" {
			lines = lines[:len(lines)-1]
		}
		lines = append(append(lines, added...), "")
	}
	return []byte(strings.Join(lines, "\n"))
}

// plainLine finds the `"id" = "..."` line of a plain string, or -1.
func plainLine(lines []string, id string) int {
	for i, l := range lines {
		if key, ok := tomlKey(strings.TrimSpace(l)); ok && key == id && !strings.HasPrefix(strings.TrimSpace(l), "[") {
			return i
		}
	}
	return -1
}

// tableLines finds the `["id"]` table of a plural string: its header line and the line after its
// last, or -1 when the file has none.
func tableLines(lines []string, id string) (start, end int) {
	start = -1
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if start < 0 {
			if key, ok := tomlKey(t); ok && key == id && strings.HasPrefix(t, "[") {
				start = i
			}
			continue
		}
		if strings.HasPrefix(t, "[") || t == "" || strings.HasPrefix(t, "#") {
			return start, i
		}
	}
	if start < 0 {
		return -1, -1
	}
	return start, len(lines)
}

// tomlString quotes s as a TOML basic string, writing invisible format characters (such as the
// direction marks around phone numbers) as \u escapes so a reviewer can see them.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
