// Package public holds everything the service serves or renders: templates, styles, scripts,
// translations and the built-in survey definitions, embedded in the binary.
package public

import "embed"

// Files is the embedded tree: templates/, static/, locales/ and surveys/.
//
//go:embed templates static locales surveys
var Files embed.FS
