package web

import (
	"math"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
)

// Limits that keep slow or oversized requests from tying up the server (slowloris and friends).
const (
	BodyLimit    = 64 << 10
	ImportLimit  = 1 << 20 // a survey file with every language, imported on the staff pages
	HeaderLimit  = 8 << 10 // the read buffer, which a request's line and headers must fit in
	ReadTimeout  = 10 * time.Second
	WriteTimeout = 15 * time.Second
	IdleTimeout  = 60 * time.Second
)

// AllowSource takes a token from the bucket of the request's source. Submission handlers call it
// before reading the body, so junk past the limit costs next to nothing.
func (s *Base) AllowSource(c *fiber.Ctx) error {
	ok, wait := s.sourceLimit.Allow(s.Source(c))
	return limited(c, ok, wait)
}

// AllowStaffSource takes a token from the staff-page bucket of the request's source, before the
// request reads the store or renders anything, so a flood of staff pages from one address gets
// cheap 429s instead of the CPU and store the children's answers need.
func (s *Base) AllowStaffSource(c *fiber.Ctx) error {
	ok, wait := s.staffLimit.Allow(s.Source(c))
	if err := limited(c, ok, wait); err != nil {
		return err
	}
	return c.Next()
}

// AllowChannel takes a token from the bucket of the channel a submission names, if it names one.
func (s *Base) AllowChannel(c *fiber.Ctx, channel string) error {
	if channel == "" {
		return nil
	}
	ok, wait := s.channelLimit.Allow(channel)
	return limited(c, ok, wait)
}

// limited is the answer past a limit: the same 429 whichever limit it was, so it says nothing
// about how the limits are set, and a Retry-After in whole seconds.
func limited(c *fiber.Ctx, ok bool, wait time.Duration) error {
	if ok {
		return nil
	}
	SetRetryAfter(c, wait)
	return &RequestError{Status: fiber.StatusTooManyRequests, Message: "error.too_many"}
}

// SetRetryAfter tells the client to wait in whole seconds, at least one.
func SetRetryAfter(c *fiber.Ctx, wait time.Duration) {
	c.Set(fiber.HeaderRetryAfter, strconv.Itoa(max(1, int(math.Ceil(wait.Seconds())))))
}

// Source is where a request came from, as a rate-limit key held only in memory: the peer
// address or, when the peer is a trusted proxy, the nearest address in X-Forwarded-For that is
// not one (addresses further left are whatever the client chose to send). An IPv6 address stands
// for its /64, which one household or phone usually holds whole.
func (s *Base) Source(c *fiber.Ctx) string {
	addr, _ := netip.AddrFromSlice(c.Context().RemoteIP())
	addr = addr.Unmap()
	if s.trustsProxy(addr) {
		var hops []string
		for _, h := range c.Request().Header.PeekAll(fiber.HeaderXForwardedFor) {
			hops = append(hops, strings.Split(string(h), ",")...)
		}
		for i := len(hops) - 1; i >= 0 && s.trustsProxy(addr); i-- {
			hop, ok := parseHop(hops[i])
			if !ok {
				break
			}
			addr = hop
		}
	}
	if addr.Is6() {
		prefix, _ := addr.Prefix(64)
		return prefix.String()
	}
	return addr.String()
}

// parseHop reads one X-Forwarded-For entry, with or without a port.
func parseHop(hop string) (netip.Addr, bool) {
	hop = strings.TrimSpace(hop)
	if addr, err := netip.ParseAddr(hop); err == nil {
		return addr.Unmap(), true
	}
	if ap, err := netip.ParseAddrPort(hop); err == nil {
		return ap.Addr().Unmap(), true
	}
	return netip.Addr{}, false
}

// trustsProxy reports whether addr is a proxy configured as trusted to say who its client was.
func (s *Base) trustsProxy(addr netip.Addr) bool {
	for _, p := range s.cfg.TrustedProxies {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

// OverTLS reports whether the browser reached us over TLS: directly, or as a trusted proxy says.
func (s *Base) OverTLS(c *fiber.Ctx) bool {
	if c.Context().IsTLS() {
		return true
	}
	peer, _ := netip.AddrFromSlice(c.Context().RemoteIP())
	if !s.trustsProxy(peer.Unmap()) {
		return false
	}
	proto, _, _ := strings.Cut(c.Get(fiber.HeaderXForwardedProto), ",")
	return strings.EqualFold(strings.TrimSpace(proto), "https")
}
