package mongo

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/safeguarding/safetysurvey/survey/mongo/storeerr"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// sessionTimeout bounds each call, since Fiber's storage interface passes no context.
const sessionTimeout = 10 * time.Second

// noExpiry stands for "never expires" (an expiry of 0 in Fiber's storage interface).
var noExpiry = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)

// SessionStorage keeps Fiber's staff sessions in the sessions collection; it implements
// fiber.Storage. Keys are stored as SHA-256 hashes, so reading the collection does not give
// anyone a session cookie. Expiry is checked on every read (FerretDB v1 has no TTL indexes) and
// DeleteExpiredSessions removes what has expired.
type SessionStorage struct {
	db  *DB
	now func() time.Time
}

// SessionStorage returns the staff session storage, telling time with now.
func (db *DB) SessionStorage(now func() time.Time) *SessionStorage {
	return &SessionStorage{db: db, now: now}
}

type sessionDoc struct {
	ID      string    `bson:"_id"`
	Value   []byte    `bson:"v"`
	Expires time.Time `bson:"exp"`
}

func sessionID(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:])
}

// Get returns the session stored under key, or nil when there is none or it has expired.
func (s *SessionStorage) Get(key string) ([]byte, error) {
	if key == "" {
		return nil, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), sessionTimeout)
	defer cancel()
	var d sessionDoc
	err := s.db.sessions().FindOne(ctx, bson.D{{Key: "_id", Value: sessionID(key)}, {Key: "exp", Value: bson.D{{Key: "$gt", Value: s.now()}}}}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read session: %w", storeerr.Wrap(err))
	}
	return d.Value, nil
}

// Set stores val under key until exp from now; 0 means it never expires. Empty keys or values are ignored.
func (s *SessionStorage) Set(key string, val []byte, exp time.Duration) error {
	if key == "" || len(val) == 0 {
		return nil
	}
	expires := noExpiry
	if exp > 0 {
		expires = s.now().Add(exp)
	}
	ctx, cancel := context.WithTimeout(context.Background(), sessionTimeout)
	defer cancel()
	_, err := s.db.sessions().UpdateOne(ctx, bson.D{{Key: "_id", Value: sessionID(key)}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "v", Value: val}, {Key: "exp", Value: expires}}}}, options.UpdateOne().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("store session: %w", storeerr.Wrap(err))
	}
	return nil
}

// Delete removes the session stored under key.
func (s *SessionStorage) Delete(key string) error {
	if key == "" {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), sessionTimeout)
	defer cancel()
	if _, err := s.db.sessions().DeleteOne(ctx, bson.D{{Key: "_id", Value: sessionID(key)}}); err != nil {
		return fmt.Errorf("delete session: %w", storeerr.Wrap(err))
	}
	return nil
}

// Reset removes every session, signing everybody out.
func (s *SessionStorage) Reset() error {
	ctx, cancel := context.WithTimeout(context.Background(), sessionTimeout)
	defer cancel()
	if _, err := s.db.sessions().DeleteMany(ctx, bson.D{}); err != nil {
		return fmt.Errorf("delete sessions: %w", storeerr.Wrap(err))
	}
	return nil
}

// Close does nothing: the connection belongs to the DB, which closes it.
func (s *SessionStorage) Close() error {
	return nil
}

// DeleteExpiredSessions removes sessions that have expired and reports how many.
func (s *SessionStorage) DeleteExpiredSessions(ctx context.Context) (int64, error) {
	n, err := deleteInBatches(ctx, s.db.sessions(), bson.D{{Key: "exp", Value: bson.D{{Key: "$lte", Value: s.now()}}}})
	if err != nil {
		return n, fmt.Errorf("delete expired sessions: %w", err)
	}
	return n, nil
}

// RunSessionCleanup deletes expired sessions every interval until ctx ends, while this process
// holds the housekeeping lease.
func (s *SessionStorage) RunSessionCleanup(ctx context.Context, interval time.Duration) {
	for {
		if held, err := s.db.HoldLease(ctx, Housekeeping); err != nil || !held {
			if err != nil && ctx.Err() == nil {
				s.db.log.Warn("housekeeping lease", "err", err)
			}
		} else if n, err := s.DeleteExpiredSessions(ctx); err != nil && ctx.Err() == nil {
			s.db.log.Error("delete expired sessions", "err", err)
		} else if n > 0 {
			s.db.log.Debug("deleted expired sessions", "sessions", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(interval):
		}
	}
}
