// Package public holds everything the service serves or renders: templates, styles, scripts,
// translations, the built-in survey definitions and the safeguarding phrase lists, embedded in
// the binary.
package public

import "embed"

// Files is the embedded tree: templates/, static/, locales/, surveys/ and safeguarding/.
//
//go:embed templates static locales surveys safeguarding
var Files embed.FS
