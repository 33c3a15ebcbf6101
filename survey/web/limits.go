package web

import (
	"math"
	"net/netip"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// allowSubmission takes a token from the bucket of the request's source and then, if it has one,
// of its channel. Past either limit it sets Retry-After and returns the same 429 error whichever
// limit it was, so the answer says nothing about how the limits are set.
func (s *Server) allowSubmission(c *fiber.Ctx, channel string) error {
	ok, wait := s.sourceLimit.Allow(s.source(c))
	if ok && channel != "" {
		ok, wait = s.channelLimit.Allow(channel)
	}
	if ok {
		return nil
	}
	c.Set(fiber.HeaderRetryAfter, strconv.Itoa(max(1, int(math.Ceil(wait.Seconds())))))
	return &requestError{status: fiber.StatusTooManyRequests, message: "error.too_many"}
}

// source is where a request came from, as a rate-limit key held only in memory: the peer
// address or, when the peer is a trusted proxy, the nearest address in X-Forwarded-For that is
// not one (addresses further left are whatever the client chose to send). An IPv6 address stands
// for its /64, which one household or phone usually holds whole.
func (s *Server) source(c *fiber.Ctx) string {
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
func (s *Server) trustsProxy(addr netip.Addr) bool {
	for _, p := range s.cfg.TrustedProxies {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

// overTLS reports whether the browser reached us over TLS: directly, or as a trusted proxy says.
func (s *Server) overTLS(c *fiber.Ctx) bool {
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
