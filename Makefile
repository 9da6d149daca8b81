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
