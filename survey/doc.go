// Package survey is the domain: surveys, answers and responses, validation, channels, moderation
// of free text, the store interfaces and Error with its codes. It imports only the standard
// library and its two leaf rooms, and its use cases (Service.SubmitResponse, ...) are the one
// place their rules are decided.
//
// The house, rooms by who they serve; a room imports only rooms above it:
//
//	survey/freetext, suppress    standard library only: text matching; small-number suppression
//	survey                       the domain
//	survey/findings, channels    domain rooms, survey only: published findings; channel reports, CSV, posters, public links
//	survey/staff, design         the back office's domain: accounts, roles, the survey editor and Compare
//	survey/kept                  caches and drawing bounds, as decorators around the domain's interfaces
//	survey/mongo, yamlfile, qr, report, chart   adapters: never another adapter, but report draws with chart
//	survey/web                   shared by both web rooms: rendering, errors, headers, limits, form keys
//	survey/web/children          what a child's request reaches; never imports staff, design, chart or backoffice
//	survey/web/backoffice        /staff and the channels admin API; backoffice/editor, the survey editor, mounted on it
//	survey/web/site              mounts both rooms on one Fiber app
//	cmd/safetysurvey, wire       wires it all: adapters and caches are handed in as interfaces, funcs and fs.FS
package survey
