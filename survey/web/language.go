package web

import (
	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/i18n"
)

// langCookie remembers a language a child chose; it holds only the language code, never an identifier.
const langCookie = "lang"

// Negotiate picks the request's language among offered: ?lang=, then the cookie, then Accept-Language.
func (s *Base) Negotiate(c *fiber.Ctx, offered []string, fallback string) string {
	return i18n.Negotiate(c.Query("lang"), c.Cookies(langCookie), c.Get(fiber.HeaderAcceptLanguage), offered, fallback)
}

// RememberLanguage keeps a language the child picked for their next visit.
func RememberLanguage(c *fiber.Ctx, lang string) {
	c.Cookie(&fiber.Cookie{Name: langCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600, HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode})
}

// StaffLanguage is the language of the staff pages for this request, leaving aside ?lang=, which
// on a poster names the poster's language.
func (s *Base) StaffLanguage(c *fiber.Ctx) string {
	return i18n.Negotiate("", c.Cookies(langCookie), c.Get(fiber.HeaderAcceptLanguage), s.Messages().Languages(), i18n.Source)
}
