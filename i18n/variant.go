package i18n

import (
	"fmt"
	"strings"
)

// Base returns the language a regional variant belongs to ("pt" for "pt-PT"), or code itself
// when it names no region.
func Base(code string) string {
	base, _, _ := strings.Cut(code, "-")
	return base
}

// IsVariant reports whether code names a regional variant such as pt-PT, whose file holds only
// the strings that differ from its base language's.
func IsVariant(code string) bool {
	return Base(code) != code
}

// variantChain lists where lang's strings come from before English: lang itself and, for a
// variant, its base language.
func variantChain(lang string) []string {
	if IsVariant(lang) {
		return []string{lang, Base(lang)}
	}
	return []string{lang}
}

// fillVariants gives each regional variant its base language's messages for the ids it does not
// change, since go-i18n falls back only to English. The variant's own file stays as it is, so the
// completeness check and Has see what the variant itself says.
func (c *Catalog) fillVariants() error {
	for code, mf := range c.files {
		if !IsVariant(code) {
			continue
		}
		base, ok := c.files[Base(code)]
		if !ok {
			return fmt.Errorf("active.%s.toml is a variant of %s, which has no active.%s.toml", code, Base(code), Base(code))
		}
		own := messagesByID(mf)
		for _, m := range base.Messages {
			if _, ok := own[m.ID]; !ok {
				if err := c.bundle.AddMessages(mf.Tag, m); err != nil {
					return fmt.Errorf("add %s messages to %s: %w", Base(code), code, err)
				}
			}
		}
	}
	return nil
}
