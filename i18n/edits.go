package i18n

import (
	"fmt"
	"maps"
	"strings"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// editLayer holds one language's strings edited outside the files (in the translation pages),
// in a bundle of their own so they stand in front of the files' without rebuilding them.
type editLayer struct {
	ids map[string]bool
	loc *goi18n.Localizer
}

// SetEdits lays strings edited outside the files over lang's own, in place of its earlier edits:
// id -> plural form ("one", "other"...) -> text, "other" alone for a plain string. Every
// localizer of lang shows them from then on; an empty map removes them. Safe to call while
// requests are being answered.
func (c *Catalog) SetEdits(lang string, edits map[string]map[string]string) error {
	tag, err := language.Parse(lang)
	if err != nil {
		return fmt.Errorf("edits in %q: %w", lang, err)
	}
	bundle := goi18n.NewBundle(tag)
	layer := &editLayer{ids: map[string]bool{}}
	for id, forms := range edits {
		m := &goi18n.Message{ID: id, Zero: forms["zero"], One: forms["one"], Two: forms["two"], Few: forms["few"], Many: forms["many"], Other: forms["other"]}
		if err := bundle.AddMessages(tag, m); err != nil {
			return fmt.Errorf("edit %s in %s: %w", id, lang, err)
		}
		layer.ids[id] = true
	}
	layer.loc = goi18n.NewLocalizer(bundle, lang)
	c.editsMu.Lock()
	defer c.editsMu.Unlock()
	all := maps.Clone(*c.edits.Load())
	if len(edits) == 0 {
		delete(all, lang)
	} else {
		all[strings.Clone(lang)] = layer // lang may share memory the caller reuses, as Fiber's parameters do
	}
	c.edits.Store(&all)
	return nil
}

// edited returns the localizer of lang's edits when one of them is the message id, or nil.
func (c *Catalog) edited(lang, id string) *goi18n.Localizer {
	if layer, ok := (*c.edits.Load())[lang]; ok && layer.ids[id] {
		return layer.loc
	}
	return nil
}
