// Package storeerr tells the store adapter's failures that a retry may cure (the store out of
// reach, an election, a write a majority did not acknowledge) from the rest, so callers answer
// 503 with Retry-After to the first and phones send again.
package storeerr

import (
	"context"
	"errors"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/x/mongo/driver/topology"

	"github.com/safeguarding/safetysurvey/survey"
)

// failoverCodes are the server errors of a replica set changing or losing its primary, or unable
// to replicate a write: retrying later, once a primary is elected, is safe.
var failoverCodes = []int{
	6, 7, 89, 91, 9001, // host unreachable or not found, network timeout, shutting down, socket
	189, 10107, 13435, 13436, 11600, 11602, // stepped down, not primary, interrupted by an election
	64, 100, 262, 50, // write concern failed or unsatisfiable, time limits
}

// Wrap marks failures to reach the store, an election under way and writes not acknowledged
// by a majority as EUNAVAILABLE, so callers answer 503 with Retry-After and phones retry.
func Wrap(err error) error {
	if err == nil {
		return nil
	}
	if mongo.IsNetworkError(err) || mongo.IsTimeout(err) || errors.Is(err, mongo.ErrClientDisconnected) ||
		errors.Is(err, context.DeadlineExceeded) || isSelectionError(err) || isFailover(err) {
		return errors.Join(&survey.Error{Code: survey.EUNAVAILABLE, Message: "error.unavailable"}, err)
	}
	return err
}

func isFailover(err error) bool {
	var we mongo.WriteException
	if errors.As(err, &we) && we.WriteConcernError != nil {
		return true
	}
	var bulk mongo.BulkWriteException
	if errors.As(err, &bulk) && bulk.WriteConcernError != nil {
		return true
	}
	var server mongo.ServerError
	if !errors.As(err, &server) {
		return false
	}
	if server.HasErrorLabel("RetryableWriteError") || server.HasErrorLabel("TransientTransactionError") {
		return true
	}
	for _, code := range failoverCodes {
		if server.HasErrorCode(code) {
			return true
		}
	}
	return false
}

func isSelectionError(err error) bool {
	var sel topology.ServerSelectionError
	return errors.As(err, &sel)
}
