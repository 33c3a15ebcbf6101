package survey_test

import (
	"bytes"
	"encoding/csv"
	"slices"
	"testing"

	"github.com/safeguarding/safetysurvey/survey"
)

func TestCSVWriter(t *testing.T) {
	var buf bytes.Buffer
	w := survey.NewCSVWriter(&buf)
	row := []string{"=HYPERLINK(\"http://x\")", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "plain", "", "a=b", "'quoted"}
	if err := w.Write(row); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	got, err := csv.NewReader(&buf).Read()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"'=HYPERLINK(\"http://x\")", "'+1", "'-1", "'@SUM(A1)", "'\tx", "'\rx", "plain", "", "a=b", "'quoted"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if row[0] != "=HYPERLINK(\"http://x\")" {
		t.Error("Write changed the caller's row")
	}
}
