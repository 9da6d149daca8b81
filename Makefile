# renkei — the two commands are `make run` and `make test`; see README.md.
SHELL := /bin/bash
SWIFT ?= swift
BUILD_FLAGS ?=
RENKEI := .build/release/renkei
DEMO := demo/nation
PREVIOUS_DEMO := demo/previous
PREVIOUS_REPORTS := demo/previous-reports
APT_PACKAGES := libxlsxwriter-dev zlib1g-dev libssl-dev pkg-config

.PHONY: deps build release test run bench bench-reader bench-tools fuzz fuzz-replies fuzz-build verify render dashboard clean static verify-static man install install-files

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

# The query-loop test writes a prefecture's reply with openpyxl, as another producer would.
test: deps
	@python3 -c 'import openpyxl' 2>/dev/null || { echo "installing openpyxl (test fixture writer)"; python3 -m pip install --quiet openpyxl; }
	$(SWIFT) test $(BUILD_FLAGS)

# The demo: a whole simulated nation (made once, git-ignored), then the real job on it.
run: release
	@if [ ! -f $(DEMO)/answer-key.json ]; then \
	  echo "simulating a demo nation into $(DEMO) (once) …"; \
	  $(RENKEI) simulate --out $(DEMO); \
	fi
	@# The previous survey, for the 前回比較: another seed, the same codebook, published once.
	@if [ ! -f $(PREVIOUS_DEMO)/answer-key.json ]; then \
	  echo "simulating the previous survey into $(PREVIOUS_DEMO) (once) …"; \
	  $(RENKEI) simulate --out $(PREVIOUS_DEMO) --seed 2022; \
	fi
	@if [ ! -e $(PREVIOUS_REPORTS)/latest/answers.csv ]; then \
	  echo "publishing the previous survey's run into $(PREVIOUS_REPORTS) (once) …"; \
	  $(RENKEI) run --inbox $(PREVIOUS_DEMO)/inbox --out $(PREVIOUS_REPORTS) --log-level warning >/dev/null; \
	  status=$$?; if [ $$status -gt 1 ]; then exit $$status; fi; \
	fi
	@echo "running: renkei run --inbox $(DEMO)/inbox --out Reports --previous $(PREVIOUS_REPORTS)/latest"
	@$(RENKEI) run --inbox $(DEMO)/inbox --out Reports --previous $(PREVIOUS_REPORTS)/latest; status=$$?; \
	if [ $$status -gt 1 ]; then exit $$status; fi; \
	echo; echo "レポートは Reports/latest/ にあります（どのファイルが何かは renkei run --help の一覧）。"; \
	echo "前回の列は、模擬の前回調査 $(PREVIOUS_REPORTS)/latest と比べたものです（--previous）。"; \
	echo "見える化（ブラウザで開く）: $$(pwd)/Reports/latest/見える化/index.html"; \
	echo "終了ステータス $$status: 1 は、模擬の受付フォルダに誤りのある回答が含まれることを示します（実際の受付フォルダと同じです）。"

clean:
	rm -rf .build .build-static Reports/runs Reports/latest demo bench-out verify-out fuzz-out render-out

# --- Install: a binary with the Swift runtime linked in, for servers without a toolchain -------
# make install [PREFIX=/usr/local] [DESTDIR=…]: builds, proves it runs with the toolchain hidden
# (verify-static), then install-files: bin/renkei (stripped), bin/renkei-notify-mail, the man
# pages, the systemd unit and timer, the sysusers.d / tmpfiles.d snippets (the renkei user,
# /srv/renkei/{inbox,Reports}, /var/log/renkei), logrotate, and contrib/ examples. Paths in the
# installed files follow PREFIX. Without DESTDIR, as root, the user and folders are created at
# once (systemd-sysusers, systemd-tmpfiles) and systemd is reloaded. Needs at run time only system
# C libraries: libxlsxwriter (+ minizip), zlib, libcrypto (Debian: libxlsxwriter4, zlib1g, libssl3).
PREFIX ?= /usr/local
SYSCONFDIR ?= /etc
# no: install the files only, never create the user and folders on this machine (tests).
SYSTEM_SETUP ?= yes
STATIC_BUILD := .build-static
STATIC_BIN := $(STATIC_BUILD)/release/renkei
# The binary install-files installs and whose help the man pages are written from.
RENKEI_BIN ?= $(STATIC_BIN)
MAN_OUT ?= $(STATIC_BUILD)/man
BINDIR := $(PREFIX)/bin
LIBDIR := $(PREFIX)/lib
DOCDIR := $(PREFIX)/share/doc/renkei
# contrib/ files name /usr/local; installed, they name PREFIX.
AT_PREFIX := sed 's|/usr/local/|$(PREFIX)/|g'

static: deps
	$(SWIFT) build -c release --static-swift-stdlib --scratch-path $(STATIC_BUILD) --product renkei $(BUILD_FLAGS)

verify-static: static
	contrib/verify-static-binary.sh $(STATIC_BIN)

# Man pages from the commands' own help (`renkei manual`, hidden): the Japanese and the exit
# statuses kept (argument-parser's generate-manual plugin drops every non-ASCII character).
man:
	rm -rf $(MAN_OUT) && mkdir -p $(MAN_OUT)
	$(RENKEI_BIN) manual --out $(MAN_OUT)

install: verify-static
	$(MAKE) install-files

install-files: man
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(DOCDIR)/contrib \
	  $(DESTDIR)$(LIBDIR)/systemd/system $(DESTDIR)$(LIBDIR)/sysusers.d $(DESTDIR)$(LIBDIR)/tmpfiles.d \
	  $(DESTDIR)$(SYSCONFDIR)/logrotate.d
	install -m 755 -s $(RENKEI_BIN) $(DESTDIR)$(BINDIR)/renkei
	install -m 755 contrib/renkei-notify-mail $(DESTDIR)$(BINDIR)/renkei-notify-mail
	install -m 644 $(MAN_OUT)/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	$(AT_PREFIX) contrib/renkei.service > $(DESTDIR)$(LIBDIR)/systemd/system/renkei.service
	install -m 644 contrib/renkei.timer $(DESTDIR)$(LIBDIR)/systemd/system/renkei.timer
	install -m 644 contrib/renkei.sysusers $(DESTDIR)$(LIBDIR)/sysusers.d/renkei.conf
	$(AT_PREFIX) contrib/renkei.tmpfiles > $(DESTDIR)$(LIBDIR)/tmpfiles.d/renkei.conf
	install -m 644 contrib/renkei.logrotate $(DESTDIR)$(SYSCONFDIR)/logrotate.d/renkei
	$(AT_PREFIX) contrib/renkei.yaml > $(DESTDIR)$(DOCDIR)/contrib/renkei.yaml
	install -m 644 contrib/renkei.service contrib/renkei.timer contrib/renkei.sysusers contrib/renkei.tmpfiles \
	  contrib/renkei.logrotate $(DESTDIR)$(DOCDIR)/contrib/
	chmod 644 $(DESTDIR)$(LIBDIR)/systemd/system/renkei.service $(DESTDIR)$(LIBDIR)/tmpfiles.d/renkei.conf \
	  $(DESTDIR)$(DOCDIR)/contrib/renkei.yaml
	@if [ -z "$(DESTDIR)" ] && [ "$(SYSTEM_SETUP)" = yes ] && [ "$$(id -u)" = 0 ] && command -v systemd-sysusers >/dev/null 2>&1; then \
	  systemd-sysusers $(LIBDIR)/sysusers.d/renkei.conf && systemd-tmpfiles --create $(LIBDIR)/tmpfiles.d/renkei.conf; \
	  if [ -d /run/systemd/system ]; then systemctl daemon-reload; fi; \
	  echo "created the renkei user and /srv/renkei/{inbox,Reports}, /var/log/renkei; start the nightly runs with: systemctl enable --now renkei.timer"; \
	else \
	  echo "then, as root: systemd-sysusers $(LIBDIR)/sysusers.d/renkei.conf && systemd-tmpfiles --create $(LIBDIR)/tmpfiles.d/renkei.conf && systemctl daemon-reload && systemctl enable --now renkei.timer"; \
	fi
	@echo "installed $(DESTDIR)$(BINDIR)/renkei ($$(du -h $(DESTDIR)$(BINDIR)/renkei | cut -f1), stripped)"

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

# --- Reply property test with many seeds (issue 19): generated 疑義照会票 replies, night after night.
REPLY_FUZZ_SEEDS ?= 20
REPLY_FUZZ_SEED_BASE ?= 19000

fuzz-replies: deps
	RENKEI_FUZZ_SEEDS=$(REPLY_FUZZ_SEEDS) RENKEI_FUZZ_SEED_BASE=$(REPLY_FUZZ_SEED_BASE) \
	  $(SWIFT) test $(BUILD_FLAGS) --filter ReplyProperties

# --- Reader benchmark: renkei's XLSXReader vs python-calamine and openpyxl ---------------
BENCH_VENV := Benchmarks/.venv
BENCH_FORMS := Benchmarks/out/forms
BENCH_COUNT ?= 200
BENCH_ROUNDS ?= 5

BENCH_PY := $(BENCH_VENV)/bin/python
# Only the benchmarks and the verification use Python: their packages live in this venv.
$(BENCH_VENV)/.installed:
	python3 -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install -q python-calamine pandas openpyxl
	touch $@

$(BENCH_FORMS)/.done: Benchmarks/reader/make_forms.py | $(BENCH_VENV)/.installed
	rm -rf $(BENCH_FORMS)
	$(BENCH_VENV)/bin/python Benchmarks/reader/make_forms.py $(BENCH_FORMS) $(BENCH_COUNT)
	touch $@

bench-reader: deps $(BENCH_FORMS)/.done
	$(SWIFT) build -c release --product ReaderBench $(BUILD_FLAGS)
	.build/release/ReaderBench $(BENCH_FORMS) 1 1 >/dev/null   # warm-up
	.build/release/ReaderBench $(BENCH_FORMS) 2 2
	.build/release/ReaderBench $(BENCH_FORMS) $(BENCH_ROUNDS) 1 | tee Benchmarks/out/renkei.txt
	$(BENCH_VENV)/bin/python Benchmarks/reader/bench_peers.py $(BENCH_FORMS) 3 \
	  $$(sed -n 's/^RESULT files_per_s=//p' Benchmarks/out/renkei.txt)

# --- Proof (issue 7): the whole job against the Python peers and the inflate floor -------
# Simulates the nation once into bench-out/ (git-ignored), then times renkei run / validate,
# the python-calamine and pandas+openpyxl pipelines and InflateFloor side by side, and 10×
# the nation; prints the table and writes it into docs/results.md (Performance).
# Knobs: BENCH_RUNS (5), BENCH_PAIR_RUNS (the whole job with and without 見える化, 9), BENCH_SLOW_RUNS (openpyxl, 1), BENCH_SCALE_RUNS (3).
PROOF_APT := time libcap2-bin
bench-tools:
	@missing=""; for p in $(PROOF_APT); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if ! command -v soffice >/dev/null 2>&1 && [ "$(NEED_OFFICE)" = 1 ]; then missing="$$missing libreoffice-calc-nogui"; fi; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

bench: deps bench-tools $(BENCH_VENV)/.installed
	$(SWIFT) build -c release $(BUILD_FLAGS)
	$(BENCH_PY) Benchmarks/bench.py

# --- Proof (issue 7): fuzzing, hostile files, I/O faults, office round trip ---------------
# VERIFY_FUZZ_SECONDS is the total fuzzing time, split between the two targets run side by
# side (default 1800 = 30 min). VERIFY_ONLY=hostile,faults runs some sections only.
# Needs root for the tmpfs (disk full) and capability-dropping (unreadable file) checks.
VERIFY_FUZZ_SECONDS ?= 1800
VERIFY_ONLY ?= fuzz,hostile,faults,office
FUZZ_TARGETS := ReaderFuzz IngestFuzz

fuzz-build: deps
	for t in $(FUZZ_TARGETS); do \
	  $(SWIFT) build -c release --scratch-path $(FUZZ_BUILD) --product $$t \
	    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -DFUZZING || exit 1; \
	done

verify: deps $(BENCH_VENV)/.installed fuzz-build
	$(MAKE) bench-tools NEED_OFFICE=1
	$(SWIFT) build -c release $(BUILD_FLAGS)
	VERIFY_FUZZ_SECONDS=$(VERIFY_FUZZ_SECONDS) $(BENCH_PY) Benchmarks/verify/verify.py --only $(VERIFY_ONLY)

# --- Proof (issue 15): the reports and forms printed on A4 through LibreOffice -----------
# Simulates 北海道, 東京都 and 鳥取県 once (render-out/, git-ignored), converts the national and two
# prefecture workbooks, three 疑義照会票 and each form to PDF, checks pages per sheet, 8 pt text and ###, and
# leaves the first page of every sheet as PNG in render-out/png/. Stdlib Python only.
RENDER_APT := fonts-ipaexfont poppler-utils
render: deps
	$(MAKE) bench-tools NEED_OFFICE=1 PROOF_APT="$(PROOF_APT) $(RENDER_APT)"
	$(SWIFT) build -c release $(BUILD_FLAGS)
	python3 Benchmarks/render/render.py
	$(MAKE) dashboard

# --- Proof (issue 24): the 見える化 pages in a real browser (headless Chromium via Playwright) ---
# Simulates a nation once (render-out/dashboard-nation, git-ignored), runs the job, opens the
# national page, 東京都's page and one カルテ; screenshots in render-out/dashboard/; fails on a
# console error, a failed or outside request, or a blank map.
DASH_APT := chromium fonts-ipaexfont
DASH_VENV := Benchmarks/.venv-dashboard
DASH_OUT := render-out/dashboard
$(DASH_VENV)/.installed:
	python3 -m venv $(DASH_VENV)
	$(DASH_VENV)/bin/pip install -q playwright
	touch $@

dashboard: deps $(DASH_VENV)/.installed
	$(MAKE) bench-tools PROOF_APT="$(DASH_APT)"
	$(SWIFT) build -c release $(BUILD_FLAGS)
	@if [ ! -f render-out/dashboard-nation/answer-key.json ]; then $(RENKEI) simulate --out render-out/dashboard-nation; fi
	rm -rf $(DASH_OUT)/reports
	$(RENKEI) run --inbox render-out/dashboard-nation/inbox --out $(DASH_OUT)/reports --log-level warning >/dev/null; \
	  status=$$?; if [ $$status -gt 1 ]; then exit $$status; fi
	$(DASH_VENV)/bin/python Benchmarks/dashboard/check_pages.py $(DASH_OUT)/reports/latest $(DASH_OUT)
