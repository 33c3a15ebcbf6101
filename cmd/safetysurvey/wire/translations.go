package wire

import (
	"context"
	"strings"
	"time"

	"github.com/safeguarding/safetysurvey/i18n"
	"github.com/safeguarding/safetysurvey/survey"
)

// uiEdits keeps the UI catalog showing the UI strings translators edited in the translation
// pages, so children see an edit at once, without a deploy: it lays a language's stored edits
// over the catalog at start and again after each save of one. It is the one place the catalog
// learns of edits. Another replica learns of them when it starts.
type uiEdits struct {
	survey.TranslationStore
	catalog *i18n.Catalog
}

// loadEditsTimeout bounds reading every language's edits at start.
const loadEditsTimeout = 30 * time.Second

// newUIEdits lays every stored UI edit over catalog and returns the store that keeps it so.
func newUIEdits(store survey.TranslationStore, catalog *i18n.Catalog) (*uiEdits, error) {
	u := &uiEdits{TranslationStore: store, catalog: catalog}
	ctx, cancel := context.WithTimeout(context.Background(), loadEditsTimeout)
	defer cancel()
	for _, lang := range catalog.Languages() {
		if err := u.reload(ctx, lang); err != nil {
			return nil, err
		}
	}
	return u, nil
}

// SaveTranslationEdit stores e and, for a UI string, shows it in its language from now on.
func (u *uiEdits) SaveTranslationEdit(ctx context.Context, e survey.TranslationEdit) error {
	if err := u.TranslationStore.SaveTranslationEdit(ctx, e); err != nil {
		return err
	}
	if e.Set != survey.SetUI {
		return nil
	}
	return u.reload(ctx, e.Lang)
}

// reload lays lang's stored UI edits over the catalog: a sign-off key "id:form" is a plural
// form of id, a bare id the whole of a plain string.
func (u *uiEdits) reload(ctx context.Context, lang string) error {
	edits, err := u.TranslationEdits(ctx, survey.SetUI, lang)
	if err != nil {
		return err
	}
	forms := map[string]map[string]string{}
	for _, e := range edits {
		for key, text := range e.Text {
			form := "other"
			if id, f, ok := strings.Cut(key, ":"); ok && id == e.ID {
				form = f
			}
			if forms[e.ID] == nil {
				forms[e.ID] = map[string]string{}
			}
			forms[e.ID][form] = text
		}
	}
	return u.catalog.SetEdits(lang, forms)
}
