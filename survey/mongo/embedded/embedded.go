// Package embedded runs FerretDB inside the process, with its SQLite backend under the data
// directory, so the service needs no database server installed. The service talks to it
// through the ordinary MongoDB driver over the wire protocol, exactly as it talks to MongoDB.
package embedded

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// Server is a running embedded FerretDB.
type Server struct {
	uri    string
	cancel context.CancelFunc
	done   chan struct{}
}

// maxSocketPath keeps the socket path inside the kernel's limit for Unix socket names.
const maxSocketPath = 100

// Start runs FerretDB on a Unix socket in dir (or on a random loopback port when dir's path is too
// long for a socket name) with its SQLite files in dir. Only errors are logged, and without
// attributes, so no document ever reaches the logs.
func Start(dir string, log *slog.Logger) (*Server, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create store folder: %w", err)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("store folder: %w", err)
	}
	listener := ferretdb.ListenerConfig{TCP: "127.0.0.1:0"}
	if socket := filepath.Join(abs, "ferretdb.sock"); len(socket) <= maxSocketPath {
		if err := removeStaleSocket(socket); err != nil {
			return nil, err
		}
		listener = ferretdb.ListenerConfig{Unix: socket}
	}
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  listener,
		Handler:   "sqlite",
		SQLiteURL: "file:" + abs + "/",
		Logger:    quiet(log),
	})
	if err != nil {
		return nil, fmt.Errorf("start embedded store: %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(s.done)
		_ = f.Run(ctx)
	}()
	s.uri = f.MongoDBURI()
	return s, nil
}

// URI is the connection string for the driver.
func (s *Server) URI() string {
	return s.uri
}

// Close stops the server and waits until its files are closed.
func (s *Server) Close() {
	s.cancel()
	<-s.done
}

// InUseError is Start's refusal when another process (a running server) already serves the store
// in Dir; URI reaches that process's store through its socket, so commands can work beside it.
type InUseError struct {
	Dir string
	URI string
}

func (e *InUseError) Error() string {
	return fmt.Sprintf("another process is using the store in %s: stop it or choose another --data-dir", e.Dir)
}

// removeStaleSocket deletes a socket left by a process that was killed, and refuses to start
// when another process is still serving the same data folder.
func removeStaleSocket(path string) error {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if conn, err := net.DialTimeout("unix", path, time.Second); err == nil {
		conn.Close()
		// The driver reads a socket path from the host part of the URI, as FerretDB writes it.
		uri := (&url.URL{Scheme: "mongodb", Host: path, Path: "/"}).String()
		return &InUseError{Dir: filepath.Dir(path), URI: uri}
	}
	if err := os.Remove(path); err != nil {
		return fmt.Errorf("remove stale socket: %w", err)
	}
	return nil
}

func quiet(log *slog.Logger) *slog.Logger {
	return slog.New(slog.NewTextHandler(logWriter{log}, &slog.HandlerOptions{
		Level: slog.LevelError,
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if len(groups) == 0 && a.Key == slog.MessageKey {
				return a
			}
			return slog.Attr{}
		},
	}))
}

// logWriter forwards FerretDB's already-stripped error lines to the service's logger.
type logWriter struct{ log *slog.Logger }

func (w logWriter) Write(p []byte) (int, error) {
	w.log.Error("embedded store", "detail", string(p))
	return len(p), nil
}
