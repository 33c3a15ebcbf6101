# README.md starts with `go run ./cmd/safetysurvey` (the same as `make run`) and `make test`, which
# sets up what it needs.
SHELL := /bin/bash
STATICCHECK_VERSION := v0.8.2
GOBIN := $(shell go env GOPATH)/bin

.PHONY: run test setup lint unit i18n e2e bench deploy-check

## run: the service on http://localhost:8080 with the embedded store and the demo survey
run:
	go run ./cmd/safetysurvey

## test: everything CI runs, from a fresh machine
test: setup lint unit i18n deploy-check e2e

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

## setup: install the test tools this machine lacks: Debian's chromium headless shell (browser
## tests), zbar-tools (QR decoding), poppler-utils (PDF checks), fonts-noto-core and
## fonts-noto-color-emoji (so the browser draws Bengali, Arabic, Urdu and the answer faces as a
## phone would, and the layout measurements mean something), the browser tests' npm packages, and
## staticcheck
setup:
	@missing=""; \
	command -v chromium-headless-shell >/dev/null || missing="$$missing chromium-headless-shell"; \
	command -v zbarimg >/dev/null || missing="$$missing zbar-tools"; \
	command -v pdfinfo >/dev/null || missing="$$missing poppler-utils"; \
	fc-list : family | grep -q "Noto Sans Bengali" || missing="$$missing fonts-noto-core"; \
	fc-list : family | grep -q "Noto Color Emoji" || missing="$$missing fonts-noto-color-emoji"; \
	if [ -n "$$missing" ]; then \
		echo "installing$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@test -x $(GOBIN)/staticcheck && $(GOBIN)/staticcheck -version | grep -q $(STATICCHECK_VERSION:v%=%) || go install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

lint:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	go vet ./...
	$(GOBIN)/staticcheck ./...

## unit: every package under the race detector, the storage tests sharing one store that is built
## without it (see survey/mongo/mongotest/teststore: instrumenting FerretDB checks none of our code
## and took a third of their time). -vet=off: lint has already run all of go vet over the same code.
## go test runs one package more at a time than there are cores (the store's tests mostly wait
## on the store, the server's on timeouts and child processes), in the order named: the longest
## (the server's, the web app's, the store's and the report's) start first and the short ones fill
## in beside them, instead of the web app's running alone at the end.
UNIT_JOBS := $(shell echo $$(( $$(nproc) + 1 )))
unit:
	go run ./survey/mongo/mongotest/teststore go test -race -count=1 -vet=off -p $(UNIT_JOBS) \
		./cmd/safetysurvey ./survey/web/site ./survey/mongo ./survey/report ./...

i18n:
	go run ./cmd/safetysurvey i18n check

e2e:
	./e2e/run.sh

## deploy-check: the compose file, Kubernetes manifests and Dockerfile build, validated without Docker or a cluster
deploy-check:
	./deploy/check

## bench: the Go benchmarks (figures go in the issue notes, not in timed tests)
bench:
	go test -run '^$$' -bench . -benchmem ./...
