package mongotest

import (
	"encoding/binary"
	"io"
	"net"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Proxy stands between the service and the store on the wire protocol and injects the faults of a
// replica set failing over: connections cut after a request was forwarded and before its reply,
// replies delayed, new connections refused.
type Proxy struct {
	listener net.Listener
	network  string
	target   string
	// cutEvery, when above zero, cuts every n-th reply's connection after the request reached the store.
	cutEvery atomic.Int64
	delay    atomic.Int64 // nanoseconds each reply waits
	refuse   atomic.Bool
	replies  atomic.Int64
	sent     atomic.Int64 // bytes of replies passed on
	cuts     atomic.Int64
	mu       sync.Mutex
	conns    map[net.Conn]bool
	wg       sync.WaitGroup
}

// NewProxy forwards a local port to the test binary's store until the test ends.
func NewProxy(t testing.TB) *Proxy {
	t.Helper()
	// The embedded store listens on a Unix socket, whose path the URI escapes as its host.
	host, _, _ := strings.Cut(strings.TrimPrefix(URI(), "mongodb://"), "/")
	target, err := url.PathUnescape(host)
	if err != nil {
		t.Fatalf("proxy: %v", err)
	}
	network := "tcp"
	if strings.HasPrefix(target, "/") {
		network = "unix"
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("proxy: %v", err)
	}
	p := &Proxy{listener: l, network: network, target: target, conns: map[net.Conn]bool{}}
	p.wg.Add(1)
	go p.serve()
	t.Cleanup(p.close)
	return p
}

// URI is the connection string that reaches the store through the proxy.
func (p *Proxy) URI() string {
	return "mongodb://" + p.listener.Addr().String() + "/?directConnection=true"
}

// CutEvery cuts the connection of every n-th reply (0: none) after its request reached the store.
func (p *Proxy) CutEvery(n int) { p.cutEvery.Store(int64(n)) }

// Delay holds every reply back for d.
func (p *Proxy) Delay(d time.Duration) { p.delay.Store(int64(d)) }

// Refuse closes new connections at once while on is true.
func (p *Proxy) Refuse(on bool) { p.refuse.Store(on) }

// ReplyBytes is how many bytes of replies the proxy has passed on to the service.
func (p *Proxy) ReplyBytes() int64 { return p.sent.Load() }

// Cuts is how many connections were cut with a reply lost.
func (p *Proxy) Cuts() int64 { return p.cuts.Load() }

// Heal stops injecting faults.
func (p *Proxy) Heal() {
	p.CutEvery(0)
	p.Delay(0)
	p.Refuse(false)
}

func (p *Proxy) serve() {
	defer p.wg.Done()
	for {
		client, err := p.listener.Accept()
		if err != nil {
			return
		}
		if p.refuse.Load() {
			_ = client.Close()
			continue
		}
		server, err := net.Dial(p.network, p.target)
		if err != nil {
			_ = client.Close()
			continue
		}
		p.track(client, server)
		p.wg.Add(2)
		go func() {
			defer p.wg.Done()
			_, _ = io.Copy(server, client) // requests go through whole
			p.drop(client, server)
		}()
		go func() {
			defer p.wg.Done()
			p.replyLoop(client, server)
			p.drop(client, server)
		}()
	}
}

// replyLoop forwards replies message by message, so a fault falls between a request and its reply.
func (p *Proxy) replyLoop(client, server net.Conn) {
	header := make([]byte, 4)
	for {
		if _, err := io.ReadFull(server, header); err != nil {
			return
		}
		size := int(binary.LittleEndian.Uint32(header))
		if size < 4 {
			return
		}
		msg := make([]byte, size)
		copy(msg, header)
		if _, err := io.ReadFull(server, msg[4:]); err != nil {
			return
		}
		if d := time.Duration(p.delay.Load()); d > 0 {
			time.Sleep(d)
		}
		n := p.replies.Add(1)
		if every := p.cutEvery.Load(); every > 0 && n%every == 0 {
			p.cuts.Add(1)
			return // the store did the work; the service never hears of it
		}
		p.sent.Add(int64(size)) // before the write, so it is counted by the time the service has it
		if _, err := client.Write(msg); err != nil {
			return
		}
	}
}

func (p *Proxy) track(conns ...net.Conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range conns {
		p.conns[c] = true
	}
}

func (p *Proxy) drop(conns ...net.Conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range conns {
		if p.conns[c] {
			delete(p.conns, c)
			_ = c.Close()
		}
	}
}

func (p *Proxy) close() {
	_ = p.listener.Close()
	p.mu.Lock()
	for c := range p.conns {
		_ = c.Close()
	}
	p.conns = map[net.Conn]bool{}
	p.mu.Unlock()
	p.wg.Wait()
}
