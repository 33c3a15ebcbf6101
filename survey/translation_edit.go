package survey

import (
	"context"
	"maps"
	"time"
)

// TranslationEdit is a translator's own text for one string of one language of a set, made in
// the translation pages and kept in the store beside the shipped files, which it stands in
// front of wherever the set's strings are read for review: the pages and the sign-offs.
type TranslationEdit struct {
	Set  string
	Lang string
	ID   string            // the string's id: a UI message id or a survey label id
	Text map[string]string // sign-off key (the id, or "id:form" for a plural UI string) -> text
	By   string            // who made the edit, as the staff area names them
	At   time.Time
}

// TranslationComment is a note someone left on one string of one language of a set, for the
// others who review it.
type TranslationComment struct {
	Set, Lang, ID string
	By            string
	Text          string
	At            time.Time
}

// TranslationStore keeps the edits and comments of the translation pages.
type TranslationStore interface {
	// SaveTranslationEdit stores e in place of any earlier edit of its string.
	SaveTranslationEdit(ctx context.Context, e TranslationEdit) error
	// TranslationEdits lists the edits of one language of a set.
	TranslationEdits(ctx context.Context, set, lang string) ([]TranslationEdit, error)
	// AddTranslationComment stores c beside the earlier comments on its string.
	AddTranslationComment(ctx context.Context, c TranslationComment) error
	// TranslationComments lists the comments on one language of a set, oldest first.
	TranslationComments(ctx context.Context, set, lang string) ([]TranslationComment, error)
}

// WithEdits returns a language's strings as the shipped files have them (sign-off key -> text)
// with the edits on top: the strings as a reviewer sees them and a sign-off fingerprints, so an
// edit to a signed-off string reopens its review. It is the one place edits are laid over files.
func WithEdits(files map[string]string, edits []TranslationEdit) map[string]string {
	out := maps.Clone(files)
	if out == nil {
		out = map[string]string{}
	}
	for _, e := range edits {
		maps.Copy(out, e.Text)
	}
	return out
}

// MaxTranslationComment is the longest comment, in bytes, a string may be given.
const MaxTranslationComment = 2000
