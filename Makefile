# Thin entry points; the logic lives in scripts/.
.PHONY: run test build bench screenshots fmt clean

## run: install what is missing, build (release) and serve the demo newsroom
run:
	@scripts/run.sh

## test: install what is missing and run every test (lint, native, browser, end to end)
test:
	@scripts/test.sh

## build: release build of the app into dist/
build:
	@scripts/setup.sh && scripts/build.sh

## bench: install what is missing, run every benchmark against its baseline, write bench/RESULTS.md
bench:
	@scripts/bench.sh

## screenshots: README screenshots from a running proxy (make run first)
screenshots:
	@node scripts/screenshots.mjs http://127.0.0.1:8080 docs/screenshots

fmt:
	cargo fmt --all

clean:
	cargo clean && rm -rf dist node_modules
