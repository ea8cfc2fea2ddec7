# LandDesk — `make run` opens the app, `make test` runs the suite. Both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
WORKERS ?= 2
FLOORS := .venv-floors
VERSION := $(shell sed -n 's/^__version__ = "\(.*\)"/\1/p' landdesk/__init__.py)

.PHONY: venv run test floors bench package lint translations clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "LandDesk needs Python 3.11 or newer"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python tools/i18n_build.py
	touch $(STAMP)

translations: venv
	$(BIN)/python tools/i18n_build.py

run: venv
	$(BIN)/landdesk

test: venv
	$(BIN)/python tools/i18n_build.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -n $(WORKERS) --dist loadfile

lint: venv
	$(BIN)/ruff check landdesk tests tools
	$(BIN)/lint-imports

bench: venv
	QT_QPA_PLATFORM=offscreen $(BIN)/python tests/perf/run_all.py

# The fast tests on the lowest versions pyproject.toml allows (packaging/constraints-floor.txt).
floors:
	test -x $(FLOORS)/bin/python || $(PYTHON) -m venv $(FLOORS)
	$(FLOORS)/bin/python -m pip install --quiet --upgrade pip
	$(FLOORS)/bin/python -m pip install --quiet --only-binary=:all: --no-binary=img2pdf \
		-c packaging/constraints-floor.txt -e '.[test]'
	$(FLOORS)/bin/python tools/i18n_build.py
	QT_QPA_PLATFORM=offscreen $(FLOORS)/bin/python -m pytest -q -n $(WORKERS) --dist loadfile -m "not slow"

# The one-folder app (dist/landdesk: landdeskw windowed, landdesk console), its self-test, the Windows
# installer script compiled against it (a stand-in payload: the real installer is built on Windows by
# packaging/windows/build.ps1), and its size.
package: venv
	$(BIN)/python -m pip install --quiet -e '.[package]'
	$(BIN)/python tools/i18n_build.py
	$(BIN)/pyinstaller --noconfirm --clean --distpath dist --workpath build packaging/landdesk.spec
	QT_QPA_PLATFORM=offscreen dist/landdesk/landdesk selftest
	QT_QPA_PLATFORM=offscreen dist/landdesk/landdeskw selftest --json > /dev/null
	@command -v makensis >/dev/null || { echo "makensis not found: install NSIS (Debian: apt-get install nsis)"; exit 1; }
	makensis -V2 -DFAST -DVERSION=$(VERSION) -DSRCDIR=$(CURDIR)/dist/landdesk \
		-DOUTFILE=$(CURDIR)/dist/installer-check.exe packaging/windows/landdesk.nsi
	@echo "packaging/windows/landdesk.nsi compiles ($$(du -m dist/installer-check.exe | cut -f1) MB uncompressed)"
	rm -f dist/installer-check.exe
	$(BIN)/python packaging/bundle_report.py dist/landdesk --budget-mb 230

clean:
	rm -rf build dist .pytest_cache $(FLOORS)
