package web

import (
	"crypto/sha256"
	"encoding/base64"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// Revalidate finishes a response whose body is written (by c.Send, c.JSON or a body writer): it
// states cacheControl and an ETag made from the body, and when the request's If-None-Match already
// names that ETag it answers 304 with no body, so a check costs a few bytes rather than the whole
// download. Every download route calls it last. The ETag is weak (W/) because the compression
// middleware may re-encode the body after it, and a strong validator names exact bytes.
func Revalidate(c *fiber.Ctx, cacheControl string) error {
	sum := sha256.Sum256(c.Response().Body())
	etag := `W/"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`
	c.Set(fiber.HeaderCacheControl, cacheControl)
	c.Set(fiber.HeaderETag, etag)
	if !etagListed(c.Get(fiber.HeaderIfNoneMatch), etag) {
		return nil
	}
	c.Response().ResetBody()
	c.Response().Header.Del(fiber.HeaderContentDisposition)
	return c.SendStatus(fiber.StatusNotModified)
}

// etagListed applies If-None-Match's weak comparison (RFC 9110 section 13.1.2): "*", or any
// listed entity tag with the same opaque value, with or without W/.
func etagListed(header, etag string) bool {
	opaque := strings.TrimPrefix(etag, "W/")
	for tag := range strings.SplitSeq(header, ",") {
		tag = strings.TrimSpace(tag)
		if tag == "*" || strings.TrimPrefix(tag, "W/") == opaque {
			return true
		}
	}
	return false
}
