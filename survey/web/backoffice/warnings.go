package backoffice

import (
	"net"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/i18n"
	"github.com/safeguarding/safetysurvey/survey/channels"
)

// localLinksWarning says, in l's language, that the links and QR codes on the channels and poster
// pages open only on this machine and how to fix it; "" when the public address is a real one.
func (s *Server) localLinksWarning(l *i18n.Localizer) string {
	if !channels.LocalOnlyURL(s.cfg.PublicURL) {
		return ""
	}
	return l.T("staff.public_url.local", "URL", s.cfg.PublicURL)
}

// insecureSignInWarning says, in l's language, why signing in cannot work when the sign-in cookies
// are marked Secure but the page came over plain http at a name browsers do not treat as this
// machine (they send Secure cookies back over http to localhost only), and what to do; "" otherwise.
func (s *Server) insecureSignInWarning(c *fiber.Ctx, l *i18n.Localizer) string {
	if !s.staff.cfg.SecureCookies || s.OverTLS(c) {
		return ""
	}
	host := c.Hostname()
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	if channels.LocalHost(host) {
		return ""
	}
	return l.T("staff.sign_in.insecure")
}
