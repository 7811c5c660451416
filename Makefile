# LibreQoS (C#): build, test, benchmark and demo entry points. Every target installs what it needs.
SHELL := /bin/bash
DOTNET ?= dotnet
CONFIGURATION ?= Release
OUT := out/bin
RESULTS := test-results
PREFIX ?= /opt/libreqos
DESTDIR ?=
EXES := host/LibreQoS.Cli host/LibreQoS.Daemon python/LibreQoS.Scheduler
# Debian packages the build, tests, benchmarks and demo use (python3 runs ../shared/tools/gen_network.py).
APT_PACKAGES := python3 iproute2 time systemd clang libbpf-dev iperf3 bpftool ethtool libpython3.11 python3-requests python3-apscheduler python3-chardet python3-pytest chromium
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1

UNITDIR ?= /etc/systemd/system
.PHONY: all deps build test bench demo clean install install-files

all: build

deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" -ne 0 ]; then echo "Missing Debian packages:$$missing. Run 'sudo make deps'." >&2; exit 1; fi; \
	  echo "Installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi
	@command -v $(DOTNET) >/dev/null || { echo "The .NET 10 SDK is required: install it so that 'dotnet' is on PATH." >&2; exit 1; }

build: deps
	$(DOTNET) build LibreQoS.sln -c $(CONFIGURATION) -clp:ErrorsOnly
	@for p in $(EXES); do $(DOTNET) publish $$p -c $(CONFIGURATION) --no-build -o $(OUT) -clp:ErrorsOnly >/dev/null || exit 1; done
	@echo "Built: $(OUT)/lqos $(OUT)/lqosd $(OUT)/lqos_scheduler"

# Test assemblies run one after another (MaxCpuCount=1): the kernel suites measure real throughput, and on two cores
# a browser or a build next to them would skew the figures they assert.
test: build
	@rm -rf $(RESULTS)
	@$(DOTNET) test LibreQoS.sln -c $(CONFIGURATION) --no-build -m:1 --filter "Category!=Bench&Category!=Unreliable" --logger trx --results-directory $(RESULTS) -- RunConfiguration.TestSessionTimeout=1500000 RunConfiguration.MaxCpuCount=1; \
	status=$$?; \
	/usr/bin/python3 -m pytest -q --junitxml $(RESULTS)/pytest.xml; py=$$?; [ $$py -eq 0 ] || [ $$py -eq 5 ] || status=1; \
	python3 tests/tools/trx_summary.py $(RESULTS) || status=1; exit $$status

bench: build
	bash bench/validate
	bash bench/planner
	bash bench/bus
	bash bench/xdp
	bash bench/scheduler
	bash bench/webui
	bash bench/insight

# The lab: lqosd shaping iperf3 traffic between network namespaces, live per-circuit rates until Ctrl-C
# (or DEMO_SECONDS=N); DEMO_CRM=splynx imports the subscribers from a local Splynx through lqos_scheduler. Needs root.
demo: build
	bash tests/lab/demo.sh

# Binaries to $(PREFIX)/bin, units (with $(PREFIX) filled in) to $(UNITDIR), tmpfiles.d and sysusers.d snippets;
# on the live system (no DESTDIR, as root) also creates the lqos group/user and /run/lqos and reloads systemd.
install: build install-files

install-files:
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/src $(DESTDIR)$(UNITDIR) $(DESTDIR)/usr/lib/tmpfiles.d $(DESTDIR)/usr/lib/sysusers.d
	cp -a $(OUT)/. $(DESTDIR)$(PREFIX)/bin/
	install -m 0644 compat/*.py $(DESTDIR)$(PREFIX)/src/ && chmod 0755 $(DESTDIR)$(PREFIX)/src/LibreQoS.py
	install -d $(DESTDIR)$(PREFIX)/src/liblqos_python && install -m 0644 compat/liblqos_python/*.py $(DESTDIR)$(PREFIX)/src/liblqos_python/
	rm -f $(DESTDIR)$(PREFIX)/src/liblqos_python.py  # the single-file module of earlier installs
	for u in lqosd lqos_scheduler; do sed 's#/opt/libreqos#$(PREFIX)#g' systemd/$$u.service > $(DESTDIR)$(UNITDIR)/$$u.service; done
	install -m 0644 systemd/tmpfiles.d/lqos.conf $(DESTDIR)/usr/lib/tmpfiles.d/lqos.conf
	install -m 0644 systemd/sysusers.d/lqos.conf $(DESTDIR)/usr/lib/sysusers.d/lqos.conf
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" -eq 0 ] && [ -d /run/systemd/system ]; then \
	  systemd-sysusers && systemd-tmpfiles --create /usr/lib/tmpfiles.d/lqos.conf && systemctl daemon-reload; \
	fi
	@echo "Installed to $(DESTDIR)$(PREFIX); enable with: systemctl enable --now lqosd lqos_scheduler"

clean:
	rm -rf artifacts out $(RESULTS)
