package staff_test

import (
	"testing"
	"time"

	"github.com/safeguarding/safetysurvey/survey/staff"
)

func TestThrottle(t *testing.T) {
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	th := staff.NewThrottle(3, 15*time.Minute, func() time.Time { return now })
	for i := range 3 {
		if th.Blocked("a") {
			t.Fatalf("blocked after %d failures, want after 3", i)
		}
		th.Fail("a")
	}
	if !th.Blocked("a") {
		t.Fatal("not blocked after 3 failures")
	}
	if th.Blocked("b") {
		t.Error("another key is blocked too")
	}
	now = now.Add(15 * time.Minute)
	if th.Blocked("a") {
		t.Error("still blocked once the window ended")
	}
	th.Fail("a")
	if th.Blocked("a") {
		t.Error("a new window started with the old failures")
	}
}
