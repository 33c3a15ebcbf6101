package channels

import (
	"net"
	"net/url"
	"strings"
)

// LocalOnlyURL says whether links starting with publicURL open only on the machine that serves
// them: its host is localhost, a loopback address or a wildcard address. Posters and QR codes
// carrying such a link are useless to a child's phone.
func LocalOnlyURL(publicURL string) bool {
	u, err := url.Parse(publicURL)
	if err != nil {
		return false
	}
	return LocalHost(u.Hostname())
}

// LocalHost says whether host (a name or address, without port) is this machine: localhost, a
// name under .localhost, a loopback address or a wildcard address.
func LocalHost(host string) bool {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && (ip.IsLoopback() || ip.IsUnspecified())
}
