# renkei — the two commands are `make run` and `make test`; see README.md.
SHELL := /bin/bash
SWIFT ?= swift
BUILD_FLAGS ?=
RENKEI := .build/release/renkei
DEMO := demo/nation
APT_PACKAGES := libxlsxwriter-dev zlib1g-dev pkg-config

.PHONY: deps build release test run bench fuzz verify clean

# Installs the system libraries only when missing (apt-get update first, as root or via sudo).
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build $(BUILD_FLAGS)

release: deps
	$(SWIFT) build -c release $(BUILD_FLAGS)

test: deps
	$(SWIFT) test $(BUILD_FLAGS)

run: release
	$(RENKEI) --help

clean:
	rm -rf .build Reports/runs Reports/latest demo

# --- XLSXReader fuzzing (libFuzzer + ASan); crashes land in fuzz-out/artifacts/ -----------
FUZZ_SECONDS ?= 600
FUZZ_BUILD := .build-fuzz
FUZZ_BIN := $(FUZZ_BUILD)/release/ReaderFuzz

$(FUZZ_BIN): $(wildcard Sources/XLSXReader/*.swift Sources/ReaderFuzz/*.swift)
	$(SWIFT) build -c release --scratch-path $(FUZZ_BUILD) --product ReaderFuzz \
	  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -DFUZZING

fuzz: deps $(FUZZ_BIN)
	mkdir -p fuzz-out/corpus fuzz-out/artifacts
	$(FUZZ_BIN) fuzz-out/corpus Fixtures/corpus/calamine Fixtures/reader \
	  -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 -max_len=262144 \
	  -artifact_prefix=fuzz-out/artifacts/ -print_final_stats=1 2>&1 | tee fuzz-out/fuzz.log
