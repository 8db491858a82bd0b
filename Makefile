# Blattwerk: `make run` serves the demo site, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test install lint format bench clean

# The Nu Html Checker for the HTML validity tests (test-only; Java runs it).
VNU_JAR := node_modules/vnu-jar/build/dist/vnu.jar

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP)

run: install
	DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-blattwerk.settings.dev} $(BIN)/python manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-blattwerk.settings.dev} $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-blattwerk.settings.dev} $(BIN)/python manage.py load_demo --if-empty
	DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-blattwerk.settings.dev} $(BIN)/python manage.py serve --port $(PORT)

$(VNU_JAR): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $(VNU_JAR)

test: install $(VNU_JAR)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=blattwerk.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

lint:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf var
