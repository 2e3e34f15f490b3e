# `make run` starts the terminal on a demo store; `make test` runs every check.
# Both set everything up first on a fresh Debian machine with Python 3.11+.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_DB ?= demo-data/terminal.db
POSCTL  := POS_DB=$(DEMO_DB) $(BIN)/posctl

.PHONY: setup run test lint format clean

$(STAMP): pyproject.toml requirements.lock requirements-apt.txt
	@missing=$$(for p in $$(grep -v '^\s*#' requirements-apt.txt); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:" $$missing; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	      $$(grep -v '^\s*#' requirements-apt.txt); } >/dev/null \
	    || { echo "could not install Debian packages (run as root?)"; exit 1; }; \
	fi
	@$(PYTHON) -m venv $(VENV)
	@echo "installing packages into $(VENV) (log: $(VENV)/install.log)"
	@{ $(BIN)/pip install --upgrade pip && \
	   $(BIN)/pip install -r requirements.lock && \
	   $(BIN)/pip install --no-deps -e . ; } > $(VENV)/install.log 2>&1 \
	  || { tail -30 $(VENV)/install.log; exit 1; }
	@touch $(STAMP)

setup: $(STAMP)

run: setup
	@if [ ! -f $(DEMO_DB) ]; then \
	  echo "creating the demo store in $(DEMO_DB)"; \
	  $(POSCTL) init --store 1 --terminal 1 --store-name "演示门店" >/dev/null && \
	  $(POSCTL) operator add --name manager --role manager --pin 1234 >/dev/null && \
	  $(POSCTL) operator add --name cashier --role cashier --pin 0000 \
	    --approver manager --approver-pin 1234 >/dev/null && \
	  $(POSCTL) demo seed --members 2000; \
	fi
	@echo "Starting the counter on $(DEMO_DB): log in as manager (PIN 1234) or cashier (PIN 0000)."
	@POS_DB=$(DEMO_DB) $(BIN)/pos-terminal

test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -n 2

lint: setup
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/lint-imports

format: setup
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

clean:
	rm -rf $(VENV) demo-data bench-data

# The counter's translations: extract the strings of the shell into counter_zh_CN.ts (the
# dialogs keep their own .ts), then compile every .ts to the .qm the app loads.
UI_SOURCES = terminal/app.py $$(find terminal/ui -name '*.py' -not -path '*/dialogs/*' \
	-not -path '*/devices/*' -not -path '*/printing/*' | sort)

.PHONY: translations screenshots

translations: setup
	$(BIN)/pyside6-lupdate $(UI_SOURCES) -ts resources/translations/counter_zh_CN.ts \
	  -no-obsolete -locations none
	$(BIN)/pyside6-lrelease resources/translations/*.ts

# Screens of the counter in Chinese and English, written to screenshots/.
screenshots: setup
	SCREENSHOT_DIR=$(CURDIR)/screenshots $(BIN)/python -m pytest -q \
	  tests/terminal/ui/test_screenshots.py
	@echo "screenshots written to screenshots/"

# The installable terminal: a PyInstaller folder bundle (dist/member-terminal/, with
# pos-terminal and posctl) and a Debian package made from it (dist/member-terminal_*.deb).
# PyInstaller is installed into the venv here, on demand; the tests never need it.
# The Windows installer is built on Windows: see docs/installing.md.
PYINSTALLER ?= pyinstaller==6.22.3

.PHONY: package

package: setup
	@$(BIN)/pip install -q "$(PYINSTALLER)" > $(VENV)/pyinstaller-install.log 2>&1 \
	  || { tail -20 $(VENV)/pyinstaller-install.log; exit 1; }
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist \
	  --workpath build/pyinstaller installer/member-terminal.spec
	PYTHON=$(BIN)/python installer/linux/build-deb.sh dist/member-terminal dist
