# RegTracker: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: setup run demo superuser browser test lint format bench clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

setup: $(VENV)/.installed

demo: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py import_records demo/demo_bills.jsonl --source demo

run: demo
	@echo "RegTracker on http://$(HOST)/  (an admin login: make superuser; Django's debug pages: DJANGO_DEBUG=1 make run)"
	$(PY) manage.py runserver $(HOST)

superuser: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createsuperuser

# The browser tests drive Debian's chromium; install it when it is missing (CI runs as root).
browser:
	@command -v /usr/bin/chromium >/dev/null || { \
		echo "installing chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

test: setup
	$(PY) -m pytest

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: setup
	$(PY) -m bench

clean:
	rm -rf $(VENV) var/*.sqlite3
