# CĐS Portfolio — the two commands are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: install run test test-fast bench bench-pg load demo lint clean

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Cần Python >= 3.11"'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PIP) install --quiet -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed

# The demo runs in demo mode, set here explicitly: no SECRET_KEY needed, plain-HTTP cookies, static
# files served from the apps. Without DEMO_MODE=1 the settings refuse to start with no SECRET_KEY.
run: export DEMO_MODE = 1
run: install
	$(PY) manage.py migrate --noinput --verbosity 0
	$(PY) manage.py load_demo
	$(PY) manage.py build_overlap_index
	@echo "==> Mở http://$(HOST):$(PORT)/ và đăng nhập bằng một tài khoản ở bảng trên (Ctrl+C để dừng)."
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) -m pytest -n 2 -p no:cacheprovider

test-fast: install
	$(PY) -m pytest -x -q -p no:cacheprovider -m "not e2e"

bench: install
	$(PY) bench/pages.py
	$(PY) bench/run.py
	$(PY) bench/reviews.py --db sqlite
	$(PY) bench/reviews.py --db postgres
	$(PY) bench/overlap.py --db sqlite
	$(PY) bench/appraisal.py --db sqlite
	$(PY) bench/appraisal.py --db postgres
	$(PY) bench/directives.py --db sqlite
	$(PY) bench/directives.py --db postgres
	$(PY) bench/estimates.py --db sqlite
	$(PY) bench/estimates.py --db postgres
	$(PY) bench/systems.py --db sqlite
	$(PY) bench/systems.py --db postgres
	$(PY) bench/plans.py --db sqlite
	$(PY) bench/plans.py --db postgres
	$(PY) bench/procurement.py --db sqlite
	$(PY) bench/procurement.py --db postgres
	$(PY) bench/surveys.py --db sqlite
	$(PY) bench/surveys.py --db postgres
	$(PY) bench/rankings.py --db sqlite
	$(PY) bench/rankings.py --db postgres
	$(PY) bench/public.py --db sqlite
	$(PY) bench/public.py --db postgres

# gunicorn as deployed, 50 signed-in users for 2 minutes, on each bench database (bench/README.md,
# "Load test"); the data set is bench/run.py's.
load: install
	$(PY) bench/load.py --db all

lint: install
	$(VENV)/bin/ruff check cds tests bench config

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles bench/out demo-mail
