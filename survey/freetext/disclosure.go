package freetext

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
)

// DisclosureCategories are the kinds of harm a free-text answer may disclose, in the order a
// flag lists them; the phrase lists file their phrases under these names.
var DisclosureCategories = []string{
	"hurt",         // being hit, beaten or hurt
	"abuse",        // abuse, sexual abuse, unwanted touching
	"threat",       // threats, being followed, robbed or blackmailed
	"bullying",     // bullying, name-calling, harassment
	"grooming",     // grooming: older contacts, requests for pictures, gifts, secrets
	"exploitation", // being made to carry or sell drugs ("county lines"), gangs, being used
	"self_harm",    // hurting oneself
	"suicide",      // suicidal thoughts
	"weapon",       // knives, guns and other weapons
	"running_away", // running away, being thrown out, nowhere to sleep
	"unsafe_home",  // fear or violence at home
	"neglect",      // no food, no care, left alone, nobody looking after them
}

// DisclosureTerms are phrases, in every survey language, that suggest a child may be disclosing
// harm. Matching favours recall over precision: a flag asks the designated safeguarding lead to
// read an answer, and never stops it being stored.
type DisclosureTerms struct {
	// phrases holds the phrases of the disclosure lists, labelled by index in
	// DisclosureCategories, and the words of the signal lexicons, labelled by
	// len(DisclosureCategories) plus their group's bit (see signals), so that one pass over
	// an answer finds both.
	phrases phraseSet
	signals *signals // nil when dir has no signal lexicons
	model   *model   // nil when dir has no model
}

// Categories returns the disclosure categories whose phrases occur in text, together with the
// one the signal scorer finds the strongest evidence for (see signals), in the order of
// DisclosureCategories; when neither finds one, the kinds the model reads (see model), if any;
// or nil. The contexts that veto a phrase of the lists (a game, a lesson, football, see
// signals.vetoes) do not veto what the model reads: held out, they hid a disclosure ("marks on
// my back so I can't do PE") for every two jokes they kept from the lead. Every language's
// phrases and lexicons are tried, whatever language the survey was answered in, because
// children often write in another language than they read. No terms (a nil set, as in tools
// that never store answers) flag nothing rather than panic.
func (d *DisclosureTerms) Categories(text string) []string {
	if d == nil {
		return nil
	}
	words := foldWords(text)
	found, marks := d.scan(words)
	if c, ok := d.signals.strongest(marks); ok {
		found[c] = true
	}
	if !slices.Contains(found, true) {
		for _, c := range d.model.read(words) {
			found[c] = true
		}
	}
	var categories []string
	for c, ok := range found {
		if ok {
			categories = append(categories, DisclosureCategories[c])
		}
	}
	return categories
}

// scan goes once over words for the phrases of the disclosure lists and, unless there are no
// signals, each word's signal groups (marks, nil without signals, see signals.undoAt). It
// returns which kinds a phrase was found for that its context does not veto (see
// signals.vetoes). A phrase found is put aside until the words a window after it are marked, and
// once a kind is found its phrases are not tried again.
func (d *DisclosureTerms) scan(words []string) (found []bool, marks []uint64) {
	kinds := len(DisclosureCategories)
	found = make([]bool, kinds)
	if d.signals != nil {
		marks = make([]uint64, len(words))
	}
	type hit struct{ kind, at int }
	var pending []hit
	marked := 0 // the words before it are marked for good
	markUpTo := func(at int) {
		if at <= marked {
			return
		}
		for ; marked < at; marked++ {
			d.signals.undoAt(marks, marked)
		}
		kept := pending[:0]
		for _, h := range pending {
			switch {
			case found[h.kind]:
			case d.signals == nil || h.at+d.signals.window < marked:
				found[h.kind] = !d.signals.vetoes(h.kind, marks, h.at)
			default:
				kept = append(kept, h)
			}
		}
		pending = kept
	}
	d.phrases.each(words, func(label, at int) {
		markUpTo(at)
		if label < kinds {
			pending = append(pending, hit{kind: label, at: at})
		} else {
			marks[at] |= 1 << (label - kinds)
		}
	}, func(label, at int) bool {
		markUpTo(at)
		if label < kinds {
			return found[label]
		}
		return marks == nil
	})
	markUpTo(len(words))
	for _, h := range pending {
		found[h.kind] = found[h.kind] || !d.signals.vetoes(h.kind, marks, h.at)
	}
	return found, marks
}

// LoadDisclosureTerms reads every disclosure.<lang>.txt phrase list in dir, and the signal
// rules (signals.txt) and lexicons (signals.<lang>.txt) and the model (model.bin) when dir has
// them, reporting each problem with its file and line.
func LoadDisclosureTerms(fsys fs.FS, dir string) (*DisclosureTerms, error) {
	d := &DisclosureTerms{}
	n, listErr := parseLists(fsys, path.Join(dir, "disclosure.*.txt"), DisclosureCategories, listInto{set: &d.phrases, tolerant: true})
	if listErr == nil && n == 0 {
		return nil, fmt.Errorf("no disclosure phrase lists (disclosure.<lang>.txt) in %s", dir)
	}
	var err error
	d.signals, err = loadSignals(fsys, dir, listInto{set: &d.phrases, base: len(DisclosureCategories)})
	var modelErr error
	d.model, modelErr = loadModel(fsys, dir)
	if err := errors.Join(listErr, err, modelErr); err != nil {
		return nil, err
	}
	return d, nil
}

// listInto is where parsed phrases go: into set, labelled base plus their heading's index, with
// one slip tolerated or not (see phraseSet.add).
type listInto struct {
	set      *phraseSet
	base     int
	tolerant bool
}

// parseLists parses every file matching pattern into a set (see parseList), reporting each
// problem with its file and line, and returns how many files there were.
func parseLists(fsys fs.FS, pattern string, labels []string, into listInto) (int, error) {
	files, err := fs.Glob(fsys, pattern)
	if err != nil {
		return 0, fmt.Errorf("find %s: %w", pattern, err)
	}
	var errs []error
	for _, file := range files {
		data, err := fs.ReadFile(fsys, file)
		if err != nil {
			errs = append(errs, fmt.Errorf("read %s: %w", file, err))
			continue
		}
		errs = append(errs, parseList(file, data, labels, into))
	}
	return len(files), errors.Join(errs...)
}

// parseList reads one phrase list into a set: `[label]` headings, each one of labels, then one
// phrase a line, labelled by the heading's index in labels (plus into.base); `@name = a|b` lines name
// alternatives for the phrases after them; # starts a comment.
func parseList(source string, data []byte, labels []string, into listInto) error {
	var errs []error
	fail := func(line int, message string, args ...any) {
		errs = append(errs, ListError{Source: source, Line: line, Message: message, Args: args})
	}
	names := map[string][]string{}
	category, unknown := -1, false
	sc := bufio.NewScanner(bytes.NewReader(data))
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		name, alternatives, isName := strings.Cut(text, "=")
		switch {
		case text == "" || strings.HasPrefix(text, "#"):
		case strings.HasPrefix(text, "@") && isName:
			name = strings.TrimSpace(strings.TrimPrefix(name, "@"))
			words := strings.Split(strings.Join(strings.Fields(alternatives), ""), "|")
			ok := namePattern.MatchString(name) && len(words) >= 2
			for _, w := range words {
				ok = ok && len(wordPatterns(w)) == 1
			}
			if !ok {
				fail(line, msgBadName, "Line", text)
				continue
			}
			names[name] = words
		case strings.HasPrefix(text, "[") && strings.HasSuffix(text, "]"):
			name := strings.TrimSpace(text[1 : len(text)-1])
			category = slices.Index(labels, name)
			unknown = category < 0
			if unknown {
				fail(line, msgNotACategory, "Name", name, "Categories", strings.Join(labels, ", "))
			}
		case unknown: // reported once, at the heading
		case category < 0:
			fail(line, msgPhraseOutside)
		default:
			if err := into.set.add(into.base+category, text, names, into.tolerant); err != nil {
				fail(line, err.message, "Phrase", text, "Word", err.word)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read %s: %w", source, err)
	}
	return errors.Join(errs...)
}

// namePattern is what a @name may be called.
var namePattern = regexp.MustCompile(`^\p{L}[\p{L}\p{M}\p{N}_]*$`)

// ListError is one mistake in a phrase list, located by file and line. Message is an i18n
// message id (one of ListMessages) and Args its placeholders as name/value pairs.
type ListError struct {
	Source  string
	Line    int
	Message string
	Args    []any
}

// Error formats the mistake as "file:line: id Name=value", as the service reports it at start.
func (e ListError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:%d: %s", e.Source, e.Line, e.Message)
	for i := 0; i+1 < len(e.Args); i += 2 {
		fmt.Fprintf(&b, " %v=%q", e.Args[i], fmt.Sprint(e.Args[i+1]))
	}
	return b.String()
}

// The mistakes a phrase list may have besides a phrase's own (see parsePhrase), as i18n
// message ids.
const (
	msgNotACategory  = "definition.not_a_category"
	msgPhraseOutside = "definition.phrase_outside_category"
	msgBadName       = "definition.phrase_bad_name"
)

// ListMessages lists the message id of every mistake ListError reports, so the i18n check can
// make sure each one has words.
var ListMessages = []string{msgNotACategory, msgPhraseOutside, msgBadName, msgNoLetters, msgUnknownName, msgMisplacedGap, msgAlternativeSet, msgBadRule}
