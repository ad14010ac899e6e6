# Café: `make run` starts the app on SQLite; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint bench browser nginx pdf stack demo clean messages

$(STAMP): pyproject.toml setup.py $(wildcard cafe/translations/*/LC_MESSAGES/*.po)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP) pdf

## Pango and the DejaVu fonts for the PDF/A report (Debian's packages, installed like Chromium;
## without them everything but the PDF works, and the event page says what to install).
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-dejavu-extra
pdf:
	@{ /sbin/ldconfig -p | grep -q libpangoft2-1.0.so.0 && test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf \
	   && test -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf; } || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $(PDF_PACKAGES); \
	  else echo "For PDF reports: sudo apt-get install $(PDF_PACKAGES)"; fi; }

## Start the app on SQLite in ./instance (port 5000, or CAFE_PORT).
run: install
	$(BIN)/cafe run

## Load the reference scenario into a new event and print its links.
demo: install
	$(BIN)/cafe demo

## Chromium for the browser tests (Debian's package; Playwright cannot download one here).
browser:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
	  else echo "Install Chromium first: sudo apt-get install chromium"; exit 1; fi; }

## nginx for the scale-out test and `make stack` (Debian's package, installed like Chromium).
nginx:
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq nginx-light; \
	  else echo "Install nginx first: sudo apt-get install nginx-light"; exit 1; fi; }

## The scaled-out stack on this machine: nginx on :8080, 3 gunicorn processes, PostgreSQL, Redis.
stack: install nginx
	$(BIN)/python deploy/stack.py --processes 3 --port 8080

## Every test: pure units, views and sockets, SQLite and PostgreSQL, a real server, Chromium.
test: install browser nginx
	$(BIN)/ruff check cafe tests bench
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check cafe tests bench
	$(BIN)/ruff format --check cafe tests bench

bench: install
	$(BIN)/python bench/seating.py

clean:
	rm -rf $(VENV) build *.egg-info

## Re-extract the user-facing strings and merge them into the Italian catalogue.
messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _ -k gettext -k ngettext:1,2 -k plural_forms:1,2 -k lazy_gettext --no-location --sort-output -o cafe/translations/messages.pot .
	$(BIN)/pybabel update -i cafe/translations/messages.pot -d cafe/translations -l it --no-fuzzy-matching --ignore-obsolete
