package suppress_test

import (
	"testing"

	"github.com/safeguarding/safetysurvey/survey/suppress"
)

// table has a total of 20 split into a (3), b (17) and an empty c: a is small.
func table() *suppress.Table {
	t := suppress.New()
	t.Set("total", 20)
	t.Set("a", 3)
	t.Set("b", 17)
	t.Set("c", 0)
	t.AddSum("total", "a", "b", "c")
	return t
}

func TestSuppressSmall(t *testing.T) {
	tt := table()
	tt.SuppressSmall(10)
	for key, hidden := range map[string]bool{"a": true, "b": false, "c": false, "total": false} {
		if got := tt.Suppressed(key); got != hidden {
			t.Errorf("Suppressed(%s) = %v, want %v", key, got, hidden)
		}
	}
	if got := tt.Shown("b"); got == nil || *got != 17 {
		t.Errorf("Shown(b) = %v, want 17", got)
	}
}

func TestProtect(t *testing.T) {
	t.Run("OKHidesAPartToProtect", func(t *testing.T) {
		tt := table()
		tt.SuppressSmall(10)
		tt.Protect()
		// a = total - b - c: b, the non-zero part, is hidden with it (a hidden zero would tell a
		// reader that a is small).
		if !tt.Suppressed("b") || tt.Suppressed("c") {
			t.Errorf("b hidden %v, c hidden %v; want b hidden and c shown", tt.Suppressed("b"), tt.Suppressed("c"))
		}
	})
	t.Run("OKDecidedCellsStayFixed", func(t *testing.T) {
		tt := table()
		tt.SuppressSmall(10)
		tt.Protect()
		d := tt.Decided()
		d.Set("d", 4)
		d.AddSum("b", "d")
		d.SuppressSmall(10)
		d.Protect()
		if !d.Suppressed("a") || !d.Suppressed("b") || d.Suppressed("total") {
			t.Errorf("decided cells changed: a %v, b %v, total %v", d.Suppressed("a"), d.Suppressed("b"), d.Suppressed("total"))
		}
	})
	t.Run("OKPriority", func(t *testing.T) {
		tt := table()
		tt.Set("c", 5)
		tt.Set("b", 12)
		tt.Set("a", 3)
		tt.Prioritize("b", suppress.HideFirst)
		tt.SuppressSmall(4) // only a
		tt.Protect()
		if !tt.Suppressed("b") || tt.Suppressed("c") {
			t.Errorf("b hidden %v, c hidden %v; want b, which is hidden first, hidden instead of the smaller c", tt.Suppressed("b"), tt.Suppressed("c"))
		}
	})
}

func TestProtectGroups(t *testing.T) {
	tt := suppress.New()
	for g, n := range map[string]int64{"all": 40, "x": 35, "y": 5} {
		tt.Set(suppress.Key(g, "n"), n)
	}
	tt.AddSum(suppress.Key("all", "n"), suppress.Key("x", "n"), suppress.Key("y", "n"))
	tt.ProtectGroups([]string{"x", "y"}, "n", 30)
	// y is below the base and hidden; x would give it away (40 - 35), so it is hidden too.
	if !tt.Suppressed(suppress.Key("y", "n")) || !tt.Suppressed(suppress.Key("x", "n")) || tt.Suppressed(suppress.Key("all", "n")) {
		t.Errorf("x hidden %v, y hidden %v, all hidden %v; want x and y hidden", tt.Suppressed(suppress.Key("x", "n")), tt.Suppressed(suppress.Key("y", "n")), tt.Suppressed(suppress.Key("all", "n")))
	}
	if group, cell, ok := suppress.SplitKey(suppress.Key("a|b", "n")); !ok || group != "a|b" || cell != "n" {
		t.Errorf("SplitKey = %q, %q, %v", group, cell, ok)
	}
}
