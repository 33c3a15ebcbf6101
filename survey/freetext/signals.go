package freetext

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math/bits"
	"path"
	"slices"
	"strconv"
	"strings"
)

// signals is the second screen for disclosures, beside the phrase lists: it does not look for
// a situation someone wrote words for, but for evidence that co-occurs, so that it also flags
// situations nobody foresaw. Lexicons of general words (signals.<lang>.txt) mark each word of
// an answer with the groups it belongs to (harm verbs, people, fear, secrecy…); rules
// (signals.txt) weigh the groups for each kind of harm; a kind scores, at each word, the sum of
// the weights of the distinct groups found in the window of words starting there, and the
// answer is flagged with the kind that scores most, when that reaches the threshold. A rule
// scores only in windows that hold one of its key groups (weight 2 or more).
//
// A negative weight (a game, a lesson, the news) counts when its group occurs anywhere from a
// window before the window to a window after it, so that "in the game I killed him" is not
// read as a threat because "game" came first; only the heaviest negative group counts. The same
// context words veto a phrase of the disclosure lists that has little other evidence (see
// vetoes), and `undo` groups take them away from the words right after ("not a joke").
type signals struct {
	groups    []string // by bit; their words are in DisclosureTerms.phrases
	rules     []rule
	window    int // words
	threshold int
	undo      []undo
	against   uint64 // the negative groups of every rule, which an undo group takes away
	// phrase is what a phrase of a disclosure list weighs for its kind where a negative group
	// of its rule is near (see vetoes).
	phrase int
}

// undo takes the negative groups from the reach words after a word of group: "not" before "a
// joke", "I say" before "it was from football".
type undo struct {
	group uint64 // one bit
	reach int
}

// rule weighs groups of words as evidence for one kind of harm.
type rule struct {
	kind               int // index in DisclosureCategories
	positive, negative []weight
	negativeMask       uint64
	keyMask            uint64 // groups weighing keyWeight or more
	idiomMask          uint64 // groups weighing idiomWeight or less
}

// idiomWeight is the weight from which a negative group is an idiom that changes what the words
// around it mean ("dying of laughter"), so that it vetoes even a phrase of a kind that needs the
// same-day route (see vetoes).
const idiomWeight = -6

// keyWeight is the weight from which a group is a key of its rule: a rule scores only when one
// of its keys is found, so that context words (me, home, at night) never add up to a flag by
// themselves.
const keyWeight = 2

type weight struct {
	group uint64 // one bit
	value int
}

// maxGroups is how many groups the rules may name: a word's groups are one bit each of a uint64.
const maxGroups = 64

// msgBadRule is the i18n message id for a line of signals.txt that is not a setting or a rule.
const msgBadRule = "definition.signal_bad_rule"

// loadSignals reads dir/signals.txt, and every dir/signals.<lang>.txt into a set, each word
// labelled by its group's bit (plus into.base); it returns nil, and no error, when dir has no
// signals.txt.
func loadSignals(fsys fs.FS, dir string, into listInto) (*signals, error) {
	rulesFile := path.Join(dir, "signals.txt")
	data, err := fs.ReadFile(fsys, rulesFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", rulesFile, err)
	}
	s := &signals{}
	if err := s.parseRules(rulesFile, data); err != nil {
		return nil, err
	}
	n, err := parseLists(fsys, path.Join(dir, "signals.*.txt"), s.groups, into)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, fmt.Errorf("no signal lexicons (signals.<lang>.txt) in %s beside %s", dir, rulesFile)
	}
	return s, nil
}

// parseRules reads signals.txt: `window N` and `threshold N` lines, and rules such as
// `hurt: harm 2, self 1, person 1, game -3`, a kind of harm and its groups with their weights.
func (s *signals) parseRules(source string, data []byte) error {
	var errs []error
	fail := func(line int, message string, args ...any) {
		errs = append(errs, ListError{Source: source, Line: line, Message: message, Args: args})
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		if setting, value, ok := strings.Cut(text, " "); ok && (setting == "window" || setting == "threshold" || setting == "phrase") {
			n, err := strconv.Atoi(strings.TrimSpace(value))
			if err != nil || n < 1 || n > 50 {
				fail(line, msgBadRule, "Line", text)
				continue
			}
			switch setting {
			case "window":
				s.window = n
			case "threshold":
				s.threshold = n
			default:
				s.phrase = n
			}
			continue
		}
		if rest, ok := strings.CutPrefix(text, "undo "); ok {
			u, ok := s.parseUndo(rest)
			if !ok {
				fail(line, msgBadRule, "Line", text)
				continue
			}
			s.undo = append(s.undo, u)
			continue
		}
		name, weights, ok := strings.Cut(text, ":")
		kind := slices.Index(DisclosureCategories, strings.TrimSpace(name))
		if !ok {
			fail(line, msgBadRule, "Line", text)
			continue
		}
		if kind < 0 {
			fail(line, msgNotACategory, "Name", strings.TrimSpace(name), "Categories", strings.Join(DisclosureCategories, ", "))
			continue
		}
		r, ok := s.parseWeights(kind, weights)
		if !ok {
			fail(line, msgBadRule, "Line", text)
			continue
		}
		s.rules = append(s.rules, r)
		s.against |= r.negativeMask
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read %s: %w", source, err)
	}
	if len(errs) == 0 && (s.window == 0 || s.threshold == 0 || s.phrase == 0 || len(s.rules) == 0) {
		fail(1, msgBadRule, "Line", "window, threshold, phrase and at least one rule")
	}
	return errors.Join(errs...)
}

// parseUndo reads "group N", adding the group if it has not been seen.
func (s *signals) parseUndo(text string) (undo, bool) {
	fields := strings.Fields(text)
	if len(fields) != 2 || !namePattern.MatchString(fields[0]) {
		return undo{}, false
	}
	reach, err := strconv.Atoi(fields[1])
	group, ok := s.group(fields[0])
	return undo{group: group, reach: reach}, ok && err == nil && reach >= 1 && reach <= 9
}

// group is the bit of the named group, added if it has not been seen; false when there are
// maxGroups already.
func (s *signals) group(name string) (uint64, bool) {
	i := slices.Index(s.groups, name)
	if i < 0 {
		if len(s.groups) == maxGroups {
			return 0, false
		}
		i = len(s.groups)
		s.groups = append(s.groups, name)
	}
	return 1 << i, true
}

// parseWeights reads "group weight, group weight…", adding groups it has not seen.
func (s *signals) parseWeights(kind int, text string) (rule, bool) {
	r := rule{kind: kind}
	for item := range strings.SplitSeq(text, ",") {
		fields := strings.Fields(item)
		if len(fields) != 2 || !namePattern.MatchString(fields[0]) {
			return r, false
		}
		value, err := strconv.Atoi(fields[1])
		if err != nil || value == 0 {
			return r, false
		}
		group, ok := s.group(fields[0])
		if !ok {
			return r, false
		}
		w := weight{group: group, value: value}
		if value >= keyWeight {
			r.keyMask |= w.group
		}
		if value > 0 {
			r.positive = append(r.positive, w)
		} else {
			r.negative = append(r.negative, w)
			r.negativeMask |= w.group
		}
		if value <= idiomWeight {
			r.idiomMask |= w.group
		}
	}
	return r, len(r.positive) > 0
}

// strongest returns the kind of harm (an index in DisclosureCategories) whose rule scores most
// in some window of words, if that reaches the threshold; ties go to the kind listed first. No
// signals (nil) find nothing.
func (s *signals) strongest(marks []uint64) (int, bool) {
	if s == nil {
		return 0, false
	}
	var all uint64
	for _, m := range marks {
		all |= m
	}
	if bits.OnesCount64(all) < 2 {
		return 0, false
	}
	best, bestScore := 0, s.threshold-1
	var lastWindow, lastAround uint64
	for i, m := range marks {
		if m == 0 {
			continue
		}
		window, around := unionOf(marks, i, i+s.window), unionOf(marks, i-s.window, i+2*s.window)
		if window == lastWindow && around == lastAround {
			continue
		}
		lastWindow, lastAround = window, around
		for _, r := range s.rules {
			if score := r.score(window, around); score > bestScore || (score == bestScore && score >= s.threshold && r.kind < best) {
				best, bestScore = r.kind, score
			}
		}
	}
	return best, bestScore >= s.threshold
}

// undoAt takes the negative groups (see undo) from marks[at] when a word of an undo group comes
// at most its reach before it; the words before at must have had theirs taken already. No
// signals (nil) change nothing.
func (s *signals) undoAt(marks []uint64, at int) {
	if s == nil {
		return
	}
	for _, u := range s.undo {
		for k := max(at-u.reach, 0); k < at; k++ {
			if marks[k]&u.group != 0 {
				marks[at] &^= s.against
				return
			}
		}
	}
}

// vetoes reports whether a phrase of kind found at word at is ordinary talk: a negative group of
// the kind's rule (the game, the lesson, football, a fishing trip) lies within a window either
// side of it, and the phrase's weight, with what the rule scores over those words, its positive
// groups (fear, an injury, a secret…) and its negative ones, stays below the threshold. So
// "my brother hits me with the ball at football lol" is not flagged as hurt, while "he hits me at
// football and I have bruises and I'm scared" still is. No signals (nil) veto nothing.
//
// Kinds that need the same-day route (UrgencyHarmNow: suicide, self-harm, abuse…) are vetoed
// only by an idiom (a group weighing idiomWeight or less: "dying of laughter", "me muero de
// risa"): "i want to die lol" must reach the lead, who can read a joke faster than a missed
// disclosure can be found.
func (s *signals) vetoes(kind int, marks []uint64, at int) bool {
	if s == nil {
		return false
	}
	sameDay := false
	if tier, _ := Urgency(DisclosureCategories[kind : kind+1]); tier == UrgencyHarmNow {
		sameDay = true
	}
	near := unionOf(marks, at-s.window, at+s.window+1)
	for _, r := range s.rules {
		if r.kind == kind && near&r.negativeMask != 0 && (!sameDay || near&r.idiomMask != 0) {
			return s.phrase+r.support(near)+r.against(near) < s.threshold
		}
	}
	return false
}

// score is the rule's evidence: its positive groups in window, less its negative ones around;
// nothing unless one of its key groups is in window.
func (r rule) score(window, around uint64) int {
	if window&r.keyMask == 0 {
		return 0
	}
	return r.support(window) + r.against(around)
}

// support is the weight of the rule's positive groups in words.
func (r rule) support(words uint64) int {
	score := 0
	for _, w := range r.positive {
		if words&w.group != 0 {
			score += w.value
		}
	}
	return score
}

// against is the weight of the rule's heaviest negative group in words: a game, football and a
// film are each another reading of the same words, not evidence that adds up (and one word may
// be in several, as Portuguese "jogo" is both a match and a game).
func (r rule) against(words uint64) int {
	if words&r.negativeMask == 0 {
		return 0
	}
	score := 0
	for _, w := range r.negative {
		if words&w.group != 0 {
			score = min(score, w.value)
		}
	}
	return score
}

// unionOf is the groups of the words from..to (clipped to marks).
func unionOf(marks []uint64, from, to int) uint64 {
	var m uint64
	for _, mark := range marks[max(from, 0):min(to, len(marks))] {
		m |= mark
	}
	return m
}
