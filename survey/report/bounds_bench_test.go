package report_test

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/safeguarding/safetysurvey/survey"
	"github.com/safeguarding/safetysurvey/survey/findings"
	"github.com/safeguarding/safetysurvey/survey/kept"
)

// peakRSS is the most memory the process has held since the peak was last reset, in MB, from
// /proc/self/status (Linux).
func peakRSS(b *testing.B) float64 {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	b.Fatal("no VmHWM in /proc/self/status")
	return 0
}

// resetPeakRSS starts the peak again from what the process holds now.
func resetPeakRSS(b *testing.B) {
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		b.Logf("cannot reset the peak RSS (%v): it includes what ran before", err)
	}
}

// BenchmarkTenConcurrentDrawings asks for ten different drawings at once, none drawn before
// (one-page PDFs and share images in five languages), through the server's limits and, to
// compare, with as many turns as drawings. peak-RSS-MB is the process's peak while they draw;
// the target is under 256 MB.
func BenchmarkTenConcurrentDrawings(b *testing.B) {
	langs := []string{"en", "ar", "bn", "ur", "uk"}
	type job struct {
		s   *survey.Survey
		sum *findings.Summary
	}
	r, _, _, _ := demo(b, "en")
	var jobs []job
	for _, lang := range langs {
		_, s, sum, _ := demo(b, lang)
		jobs = append(jobs, job{s, sum})
	}
	for _, atOnce := range []int{kept.DefaultDrawingLimits.AtOnce, 10} {
		b.Run(fmt.Sprintf("AtOnce%d", atOnce), func(b *testing.B) {
			limits := kept.DefaultDrawingLimits
			limits.AtOnce, limits.Wait = atOnce, time.Minute
			resetPeakRSS(b)
			for b.Loop() {
				bounded := kept.BoundedInfographics{Next: r, Drawings: kept.NewDrawings(limits)} // nothing kept yet
				var wg sync.WaitGroup
				errs := make(chan error, 10)
				for i := range 10 {
					j := jobs[i%len(jobs)]
					draw := bounded.OnePage
					if i >= len(jobs) {
						draw = bounded.Share
					}
					wg.Go(func() {
						var buf bytes.Buffer
						errs <- draw(&buf, j.s, j.sum)
						_, _ = io.Copy(io.Discard, &buf)
					})
				}
				wg.Wait()
				close(errs)
				for err := range errs {
					if err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(peakRSS(b), "peak-RSS-MB")
		})
	}
}
