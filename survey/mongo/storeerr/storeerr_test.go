package storeerr

import (
	"errors"
	"testing"

	"go.mongodb.org/mongo-driver/v2/mongo"

	"github.com/safeguarding/safetysurvey/survey"
)

// TestStoreErrorFailover: an election, a lost primary or a write a majority did not acknowledge
// is a 503 to retry; a refused document is not.
func TestStoreErrorFailover(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"NotWritablePrimary", mongo.CommandError{Code: 10107, Name: "NotWritablePrimary"}, survey.EUNAVAILABLE},
		{"PrimarySteppedDown", mongo.CommandError{Code: 189}, survey.EUNAVAILABLE},
		{"InterruptedDueToReplStateChange", mongo.CommandError{Code: 11602}, survey.EUNAVAILABLE},
		{"RetryableLabel", mongo.CommandError{Code: 1, Labels: []string{"RetryableWriteError"}}, survey.EUNAVAILABLE},
		{"WriteConcern", mongo.WriteException{WriteConcernError: &mongo.WriteConcernError{Code: 64, Name: "WriteConcernFailed"}}, survey.EUNAVAILABLE},
		{"BulkWriteConcern", mongo.BulkWriteException{WriteConcernError: &mongo.WriteConcernError{Code: 100}}, survey.EUNAVAILABLE},
		{"DocumentRefused", mongo.WriteException{WriteErrors: []mongo.WriteError{{Code: 2, Message: "bad field name"}}}, survey.EINTERNAL},
		{"Other", errors.New("boom"), survey.EINTERNAL},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := survey.ErrorCode(Wrap(tc.err)); got != tc.want {
				t.Errorf("code = %q, want %q", got, tc.want)
			}
		})
	}
}
