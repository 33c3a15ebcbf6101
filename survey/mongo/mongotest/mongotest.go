// Package mongotest gives tests a real store: one embedded FerretDB per test binary, started
// in TestMain (or one for many test binaries, see teststore), and a fresh database for each
// test, reached over the MongoDB wire protocol.
package mongotest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"regexp"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/safeguarding/safetysurvey/survey/mongo"
	"github.com/safeguarding/safetysurvey/survey/mongo/embedded"
)

const (
	// SharedStoreEnv names the store that teststore runs for every test binary it starts.
	SharedStoreEnv = "SAFETYSURVEY_TEST_MONGODB_URI"
	// StoreBinEnv names a program that serves a store of its own: `$SAFETYSURVEY_TEST_STORE_BIN
	// serve DIR` prints "store at URI" and serves until it is killed (teststore).
	StoreBinEnv = "SAFETYSURVEY_TEST_STORE_BIN"
)

var (
	uri     string
	counter atomic.Int64
	// prefix tells this test binary's databases from those of others sharing the store.
	prefix = strconv.FormatInt(int64(os.Getpid()), 36)
)

// Main starts the embedded store in a temporary folder, runs the tests and stops it; when
// teststore runs the tests, they use its store instead. Call it from TestMain:
// os.Exit(mongotest.Main(m)).
func Main(m *testing.M) int {
	if shared := os.Getenv(SharedStoreEnv); shared != "" {
		uri = shared
		return m.Run()
	}
	dir, err := os.MkdirTemp("", "safetysurvey-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "mongotest:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	srv, err := embedded.Start(dir, Logger())
	if err != nil {
		fmt.Fprintln(os.Stderr, "mongotest:", err)
		return 1
	}
	defer srv.Close()
	uri = srv.URI()
	return m.Run()
}

// URI is the connection string of the test binary's embedded store.
func URI() string {
	if uri == "" {
		panic("mongotest: call mongotest.Main from TestMain first")
	}
	return uri
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9]+`)

// DatabaseName returns a database name no other test in the binary uses.
func DatabaseName(t testing.TB) string {
	name := unsafeName.ReplaceAllString(t.Name(), "_")
	if len(name) > 40 {
		name = name[:40]
	}
	return fmt.Sprintf("t%s_%d_%s", prefix, counter.Add(1), name)
}

// Open connects to a fresh database for t, closed when the test ends.
func Open(t testing.TB) *mongo.DB {
	t.Helper()
	db, err := mongo.Open(context.Background(), URI(), DatabaseName(t), Logger())
	if err != nil {
		t.Fatalf("open test store: %v", err)
	}
	t.Cleanup(func() { _ = db.Close(context.Background()) })
	return db
}

// Logger discards log lines; tests that check logs bring their own.
func Logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}
