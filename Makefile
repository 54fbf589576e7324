# Mission Control — the two commands of the README, plus the pieces they are made of.
#   make run    install missing system packages, build release, run the tree with data in ./.data
#   make test   install what tests need, build, run every test
SHELL := /bin/bash
SWIFT ?= swift
MC_DATA_DIR ?= $(CURDIR)/.data
# System packages: libsodium and SQLite headers for the build, systemd for systemd-analyze.
APT_PACKAGES := libsodium-dev libsqlite3-dev zlib1g-dev pkg-config systemd
BENCH_PACKAGES := wrk
# Headless Chromium for the browser tests (driven by Playwright from the venv).
BROWSER_PACKAGES := chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Python tools for the tests, in a venv under .build (nothing installed system-wide).
VENV := .build/venv
PYTHON_TOOLS := openapi-spec-validator==0.9.0 playwright==1.65.2 pytest==9.2.0 axe-playwright-python==0.1.8

.PHONY: all deps build release run test unit-check openapi-check browser-test bench clean

all: build

# Installs only what is missing, so running it again is quick and changes nothing.
deps:
	@missing=""; for pkg in $(APT_PACKAGES) $(EXTRA_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing system packages:$$missing"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

run: release
	@echo "Starting Mission Control with data in $(MC_DATA_DIR) (Ctrl-C stops it)"
	MC_DATA_DIR="$(MC_DATA_DIR)" exec .build/release/mcsup run

test: deps
	$(SWIFT) build --build-tests
	# The system tests start real process trees with timing rules (heartbeats, hang timeouts):
	# they run on their own, after the rest, so they do not compete with Argon2 hashing for CPU.
	$(SWIFT) test --skip-build --skip SystemTests
	$(SWIFT) test --skip-build --filter SystemTests
	$(MAKE) --no-print-directory unit-check openapi-check browser-test

$(VENV)/.installed: Makefile
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check $(PYTHON_TOOLS)
	touch $@

# The web UI in headless Chromium against a real process tree (Tests/Browser).
browser-test: $(VENV)/.installed
	@$(MAKE) --no-print-directory deps APT_PACKAGES="$(BROWSER_PACKAGES)"
	cd Tests/Browser && ../../$(VENV)/bin/python -m pytest

# Validates the OpenAPI document this build serves at /api/openapi.json.
openapi-check: $(VENV)/.installed
	.build/debug/mc-api openapi > .build/openapi.json
	$(VENV)/bin/openapi-spec-validator .build/openapi.json

# Lints the systemd unit (systemd-analyze verify + security score) and stages an install.
unit-check:
	deploy/check-unit.sh .build/debug/mcsup

bench: $(VENV)/.installed
	$(MAKE) --no-print-directory deps EXTRA_PACKAGES="$(BENCH_PACKAGES) $(BROWSER_PACKAGES)"
	$(SWIFT) build -c release
	bench/run.sh

clean:
	rm -rf .build
