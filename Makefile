# Marsad: `make demo` to try it, `make test` to check it. Both install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MO := marsad/locale/ar/LC_MESSAGES/django.mo
export PIP_DISABLE_PIP_VERSION_CHECK := 1

# The whole suite runs on every core (pytest-xdist: each worker has its own test
# database, scratch folders and Redis database) and names its 25 slowest tests.
PYTEST_WHOLE := -n auto --dist worksteal --durations=25

.PHONY: install demo test test-quick lint format messages bench lock collectstatic

$(BIN)/.installed: requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Marsad needs Python 3.11 or newer")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -r requirements.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(MO): marsad/locale/ar/LC_MESSAGES/django.po $(BIN)/.installed
	$(BIN)/pybabel compile -d marsad/locale -D django

# The parts of ECharts Marsad's charts use, bundled (marsad/static_src/echarts.js).
ECHARTS := var/build/echarts/echarts.min.js
$(ECHARTS): node_modules/.installed marsad/static_src/echarts.js
	mkdir -p $(dir $@)
	node_modules/.bin/esbuild marsad/static_src/echarts.js --bundle --minify --format=iife --target=es2019 \
		--legal-comments=eof --log-level=warning --outfile=$@

install: $(BIN)/.installed node_modules/.installed $(MO) $(ECHARTS)

demo: install
	mkdir -p var
	MARSAD_DEBUG=1 $(PY) manage.py migrate --no-input -v0
	MARSAD_DEBUG=1 $(PY) manage.py demo
	@echo ""
	@echo "Marsad demo: http://127.0.0.1:8000/  (a background worker runs beside it; stop both with Ctrl-C)"
	MARSAD_DEBUG=1 MARSAD_DEMO_MODE=1 $(PY) scripts/serve-with-worker 127.0.0.1:8000

test: install lint
	scripts/ensure-chromium
	scripts/ensure-poppler
	scripts/ensure-redis
	@echo "== Security lint (bandit: no high-severity finding)"
	$(BIN)/bandit -r marsad -q --severity-level high
	@echo "== Test suite on SQLite"
	$(PY) -m pytest $(PYTEST_WHOLE)
	scripts/test-postgres $(PYTEST_WHOLE)

# Everyday runs: SQLite, the test database kept between runs, without the fuzzing,
# browser, access-matrix, race, worker and slow tests (make test runs everything on both databases).
test-quick: install
	scripts/ensure-poppler
	$(PY) -m pytest -n auto --dist worksteal --reuse-db -m "not browser and not fuzz and not matrix and not race and not worker and not slow"

lint: install
	@echo "== Lint (ruff, ruff format, djhtml, mypy: strict for lib, accounts and audit)"
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check $$(find marsad -name '*.html')
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml $$(find marsad -name '*.html')

# Refresh the Arabic catalogue after changing strings; then translate the new entries.
messages: install
	MARSAD_DEBUG=1 $(PY) manage.py makemessages -l ar --no-obsolete --ignore=.venv --ignore=node_modules --ignore=var
	$(BIN)/pybabel compile -d marsad/locale -D django

bench: install
	$(PY) bench/run.py
	DATABASE_URL= $(PY) bench/run.py dashboard
	DATABASE_URL=$${MARSAD_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres} $(PY) bench/run.py dashboard
	DATABASE_URL= $(PY) bench/run.py documents
	DATABASE_URL= $(PY) bench/run.py search
	DATABASE_URL=$${MARSAD_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres} $(PY) bench/run.py search
	$(PY) bench/run.py public
	DATABASE_URL= $(PY) bench/run.py notifications
	DATABASE_URL=$${MARSAD_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres} $(PY) bench/run.py notifications
	DATABASE_URL= $(PY) bench/run.py rollouts
	DATABASE_URL=$${MARSAD_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres} $(PY) bench/run.py rollouts
	$(PY) bench/run.py scale
	$(PY) bench/run.py ops
	$(PY) bench/run.py drills
	$(PY) bench/run.py weight
	DATABASE_URL= $(PY) bench/run.py digits

lock: $(BIN)/.installed
	$(BIN)/pip-compile -q --strip-extras --no-header --no-emit-index-url --no-emit-find-links requirements.in -o requirements.lock

collectstatic: install
	$(PY) manage.py collectstatic --no-input
