# LandDesk — `make run` opens the app, `make test` runs the suite. Both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
WORKERS ?= 2

.PHONY: venv run test bench package lint translations clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "LandDesk needs Python 3.11 or newer"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m landdesk.i18n_build
	touch $(STAMP)

translations: venv
	$(BIN)/python -m landdesk.i18n_build

run: venv
	$(BIN)/landdesk

test: venv
	$(BIN)/python -m landdesk.i18n_build
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -n $(WORKERS) --dist loadfile

lint: venv
	$(BIN)/ruff check landdesk tests
	$(BIN)/lint-imports

bench: venv
	QT_QPA_PLATFORM=offscreen $(BIN)/python tests/perf/run_all.py

package: venv
	$(BIN)/python -m pip install --quiet -e '.[package]'
	$(BIN)/pyinstaller --noconfirm --clean --distpath dist --workpath build packaging/landdesk.spec
	QT_QPA_PLATFORM=offscreen dist/landdesk/landdesk selftest

clean:
	rm -rf build dist .pytest_cache
