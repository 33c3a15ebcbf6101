package freetext_test

import (
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/freetext"
)

// maxTextLimit is the longest max_length a survey definition may give a free-text question
// (survey.Check refuses more); answers without one stop at survey.DefaultMaxLength.
const maxTextLimit = 5000

// BenchmarkCategories screens answers of the longest allowed lengths against every shipped
// list: ordinary words, words in every script with disguises, which take the slow paths
// (look-alikes, spaced letters, digits for letters), and held-out answers of every language one
// after another, where few words repeat (matching works out each distinct word once).
func BenchmarkCategories(b *testing.B) {
	terms := shippedTerms(b)
	ordinary := "the park near the station is dark and there are older boys on bikes "
	mixed := "ｈｉｔｓ k i l l kіll h1ts hiiits мене б'ють вдома أبي يضربني আমাকে মারে abbu mujhe marte hain chcę się zabić "
	// Answers of every language one after another, so that few words repeat.
	var varied strings.Builder
	for _, a := range freetext.ReadLabelled(b, "heldout") {
		varied.WriteString(a.Text + " ")
	}
	for _, tc := range []struct {
		name, words string
		limit       int
	}{
		{"Ordinary1000", ordinary, survey.DefaultMaxLength},
		{"Disguised1000", mixed, survey.DefaultMaxLength},
		{"Ordinary5000", ordinary, maxTextLimit},
		{"Disguised5000", mixed, maxTextLimit},
		{"Varied5000", varied.String(), maxTextLimit},
	} {
		text := []rune(strings.Repeat(tc.words, tc.limit/len([]rune(tc.words))+1))[:tc.limit]
		b.Run(tc.name, func(b *testing.B) {
			before := cpuTime(b)
			for b.Loop() {
				terms.Categories(string(text))
			}
			// The machine may be shared: CPU time shows the cost when ns/op shows the wait.
			b.ReportMetric(float64(cpuTime(b)-before)/float64(b.N), "cpu-ns/op")
		})
	}
}

// cpuTime is the CPU time this process has used, in user and system mode.
func cpuTime(b *testing.B) time.Duration {
	b.Helper()
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		b.Fatal(err)
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}
