// Package public holds everything the service serves or renders: templates, styles, scripts,
// translations, the built-in survey definitions and the safeguarding phrase lists, lexicons and
// disclosure model, embedded in the binary.
package public

import "embed"

// Files is the embedded tree: templates/, static/, locales/, surveys/, safeguarding/ and
// openapi.json, the API's description served at /api/v1/openapi.json.
//
//go:embed templates static locales surveys safeguarding openapi.json
var Files embed.FS
