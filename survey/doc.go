// Package survey is the domain: surveys, answers and responses, validation, suppressed findings,
// moderation of free text, the store interfaces and Error with its codes. It imports only the
// standard library, and its use cases (Service.SubmitResponse, Service.SummaryFor, ...) are the
// one place their rules are decided.
//
// The house, rooms by who they serve:
//
//	survey                  domain, standard library only
//	survey/staff, design    the back office's domain: accounts, roles, the survey editor
//	survey/kept             caches, as decorators around the domain's interfaces
//	survey/mongo, yamlfile, qr, poster, report   adapters: each imports the domain, never another adapter
//	survey/chart            SVG charts of findings, drawn for web/children and report
//	survey/web              shared by both web rooms: rendering, errors, headers, limits
//	survey/web/children     what a child's request reaches; never imports staff, design or backoffice
//	survey/web/backoffice   the staff back office under /staff and the channels admin API
//	survey/web/site         mounts both rooms on one Fiber app
//	cmd/safetysurvey        wires it all: adapters and caches are handed in as interfaces, funcs and fs.FS
package survey
