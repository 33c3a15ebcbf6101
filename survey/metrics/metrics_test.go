package metrics_test

import (
	"errors"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/safeguarding/safetysurvey/survey/metrics"
)

func TestWatchUnreviewedFlags(t *testing.T) {
	for _, tc := range []struct {
		name string
		n    int
		err  error
		want string
	}{
		{"OK", 3, nil, "safetysurvey_flagged_unreviewed 3\n"},
		{"ErrCount", 0, errors.New("store down"), "safetysurvey_flagged_unreviewed NaN\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := metrics.New(metrics.Build{Version: "test"})
			m.WatchUnreviewedFlags(func() (int, error) { return tc.n, tc.err })
			rec := httptest.NewRecorder()
			m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
			body, _ := io.ReadAll(rec.Body)
			if !strings.Contains(string(body), tc.want) {
				t.Errorf("metrics do not contain %q:\n%s", tc.want, body)
			}
		})
	}
}
