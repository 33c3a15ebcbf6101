package web

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"path"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/safeguarding/safetysurvey/public"
)

// assets holds the stylesheet (inlined into every page, so the first screen needs one round trip)
// and the scripts, served under names that carry a hash of their content so they can be cached forever.
type assets struct {
	css template.CSS
	// staffCSS is the stylesheet plus the staff pages' own rules, inlined into staff pages only.
	staffCSS template.CSS
	csp      string
	byName   map[string]asset // hashed name -> content
	urls     map[string]string
}

type asset struct {
	body        []byte
	contentType string
}

func loadAssets() (*assets, error) {
	css, err := fs.ReadFile(public.Files, "static/app.css")
	if err != nil {
		return nil, fmt.Errorf("read stylesheet: %w", err)
	}
	staffRules, err := fs.ReadFile(public.Files, "static/staff.css")
	if err != nil {
		return nil, fmt.Errorf("read staff stylesheet: %w", err)
	}
	staffCSS := append(append([]byte{}, css...), staffRules...)
	a := &assets{css: template.CSS(css), staffCSS: template.CSS(staffCSS), byName: map[string]asset{}, urls: map[string]string{}}
	scripts, err := fs.Glob(public.Files, "static/*.js")
	if err != nil {
		return nil, fmt.Errorf("list scripts: %w", err)
	}
	for _, file := range scripts {
		body, err := fs.ReadFile(public.Files, file)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", file, err)
		}
		sum := sha256.Sum256(body)
		base := path.Base(file)
		ext := path.Ext(base)
		hashed := strings.TrimSuffix(base, ext) + "." + hex.EncodeToString(sum[:6]) + ext
		a.byName[hashed] = asset{body: body, contentType: mime.TypeByExtension(ext)}
		a.urls[base] = "/static/" + hashed
	}
	styleHash, staffHash := sha256.Sum256(css), sha256.Sum256(staffCSS)
	// Scripts only from this origin; the inline stylesheets by their hashes; no plugins, frames or base tags.
	a.csp = "default-src 'none'; script-src 'self'; connect-src 'self'; img-src 'self' data:; " +
		"style-src 'sha256-" + base64.StdEncoding.EncodeToString(styleHash[:]) + "' 'sha256-" + base64.StdEncoding.EncodeToString(staffHash[:]) + "'; " +
		"form-action 'self'; base-uri 'none'; frame-ancestors 'none'; object-src 'none'"
	return a, nil
}

// url returns the hashed URL of a script, or "" when there is none.
func (a *assets) url(name string) string {
	return a.urls[name]
}

func (s *Server) serveAsset(c *fiber.Ctx) error {
	a, ok := s.assets.byName[c.Params("name")]
	if !ok {
		return fiber.ErrNotFound
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	c.Set(fiber.HeaderContentType, a.contentType)
	return c.Send(a.body)
}
