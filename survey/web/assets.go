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
)

// assets holds the stylesheet (inlined into every page, so the first screen needs one round trip)
// and the scripts, served under names that carry a hash of their content so they can be cached forever.
type assets struct {
	css    template.CSS            // app.css, inlined into every page
	styles map[string]template.CSS // every stylesheet by file name, for the pages that add their own
	csp    string
	byName map[string]asset // hashed name -> content
	urls   map[string]string
}

type asset struct {
	body        []byte
	contentType string
}

func loadAssets(fsys fs.FS) (*assets, error) {
	a := &assets{styles: map[string]template.CSS{}, byName: map[string]asset{}, urls: map[string]string{}}
	sheets, err := fs.Glob(fsys, "static/*.css")
	if err != nil {
		return nil, fmt.Errorf("list stylesheets: %w", err)
	}
	var styleHashes []string
	for _, file := range sheets {
		css, err := fs.ReadFile(fsys, file)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", file, err)
		}
		a.styles[path.Base(file)] = template.CSS(css)
		sum := sha256.Sum256(css)
		styleHashes = append(styleHashes, "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'")
	}
	a.css = a.styles["app.css"]
	if a.css == "" {
		return nil, fmt.Errorf("no stylesheet static/app.css")
	}
	scripts, err := fs.Glob(fsys, "static/*.js")
	if err != nil {
		return nil, fmt.Errorf("list scripts: %w", err)
	}
	for _, file := range scripts {
		body, err := fs.ReadFile(fsys, file)
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
	// Scripts only from this origin; the inline stylesheets by their hashes; no plugins, frames or base tags.
	a.csp = "default-src 'none'; script-src 'self'; connect-src 'self'; img-src 'self' data:; " +
		"style-src " + strings.Join(styleHashes, " ") + "; " +
		"form-action 'self'; base-uri 'none'; frame-ancestors 'none'; object-src 'none'"
	return a, nil
}

// url returns the hashed URL of a script, or "" when there is none.
func (a *assets) url(name string) string {
	return a.urls[name]
}

// ServeAsset serves a script by its hashed name, to be kept forever.
func (s *Base) ServeAsset(c *fiber.Ctx) error {
	a, ok := s.assets.byName[c.Params("name")]
	if !ok {
		return fiber.ErrNotFound
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	c.Set(fiber.HeaderContentType, a.contentType)
	return c.Send(a.body)
}
