package survey

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"time"
)

// The sets of strings a native speaker reviews and signs off, one language at a time. A survey's
// text is the set "survey:" followed by its slug.
const (
	SetUI      = "ui"      // the UI strings, active.<lang>.toml
	SetPhrases = "phrases" // a language's safeguarding phrase list, the safeguarding lead's
)

// SurveySet names the set of a survey's text, theme labels and actions.
func SurveySet(slug string) string {
	return "survey:" + slug
}

// SignOff records that someone reviewed one language of a set of strings as they were then:
// Strings holds each string's fingerprint, so an edit to any of them reopens the review.
type SignOff struct {
	Set     string
	Lang    string
	By      string // who signed off, as the staff area or the command line names them
	At      time.Time
	Strings map[string]string // string id -> Fingerprint of its text
}

// SignOffStore keeps the latest sign-off of each language of each set.
type SignOffStore interface {
	// SaveSignOff stores s in place of any earlier sign-off of its set and language.
	SaveSignOff(ctx context.Context, s SignOff) error
	// DeleteSignOff removes the sign-off of a set's language; none is no error.
	DeleteSignOff(ctx context.Context, set, lang string) error
	// SignOffs lists every sign-off.
	SignOffs(ctx context.Context) ([]SignOff, error)
}

// Fingerprint is the short hash that stands for a string's text in a sign-off.
func Fingerprint(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:8])
}

// NewSignOff records the strings of one language of a set (id -> text) as reviewed by by at at.
func NewSignOff(set, lang, by string, at time.Time, texts map[string]string) SignOff {
	s := SignOff{Set: set, Lang: lang, By: by, At: at, Strings: make(map[string]string, len(texts))}
	for id, text := range texts {
		s.Strings[id] = Fingerprint(text)
	}
	return s
}

// ReviewState is where the review of one language of a set stands.
type ReviewState struct {
	Reviewed bool      // signed off, and no string changed or added since
	By       string    // who signed off last, even if the review has reopened since
	At       time.Time // when
	Changed  []string  // ids of strings changed or added since the sign-off, sorted
}

// Reopened reports whether a sign-off exists but strings changed since, so it must be reviewed again.
func (r ReviewState) Reopened() bool {
	return r.By != "" && !r.Reviewed
}

// Reviews are the stored sign-offs, looked up by set and language.
type Reviews map[[2]string]SignOff

// NewReviews indexes sign-offs by set and language.
func NewReviews(all []SignOff) Reviews {
	r := make(Reviews, len(all))
	for _, s := range all {
		r[[2]string{s.Set, s.Lang}] = s
	}
	return r
}

// State compares the strings one language of a set has now (id -> text) with its sign-off. The
// source language is always reviewed: every other string is translated from it.
func (r Reviews) State(set, lang string, texts map[string]string) ReviewState {
	if lang == SourceLanguage {
		return ReviewState{Reviewed: true}
	}
	s, ok := r[[2]string{set, lang}]
	if !ok {
		return ReviewState{}
	}
	state := ReviewState{By: s.By, At: s.At}
	for id, text := range texts {
		if s.Strings[id] != Fingerprint(text) {
			state.Changed = append(state.Changed, id)
		}
	}
	slices.Sort(state.Changed)
	state.Reviewed = len(state.Changed) == 0
	return state
}

// LabelTexts returns the survey's own text in lang (label id -> text), leaving out labels it
// does not translate: the strings a sign-off of the survey's text covers.
func (s *Survey) LabelTexts(lang string) map[string]string {
	out := map[string]string{}
	for _, l := range s.Labels() {
		if t := l.Text[lang]; t != "" {
			out[l.ID] = t
		}
	}
	return out
}
