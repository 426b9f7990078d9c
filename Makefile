# One command starts the quiz, one runs the tests; each builds .venv on first use.
#   make quiz            play the shipped article (extra options: make quiz ARGS="--count 5")
#   make test            the whole test suite (extra options: make test PYTEST_ARGS="-k engine")
#   make ralph           the learning record store the tests start (Ralph), in .venv-ralph/
#   make bench           measure start-up, loading, key press, memory, report (BENCH_ARGS="--quick")
#   make messages        re-extract every translatable string and update each locale's .po
#   make schemas         write schemas/*.schema.json from the loader's field tables
#   make new-locale L=xx start a new language (see TRANSLATING.md)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

RALPH_VENV := .venv-ralph
RALPH_STAMP := $(RALPH_VENV)/.installed

.PHONY: quiz test bench messages new-locale schemas clean ralph

quiz: $(STAMP)
	$(BIN)/media-quiz $(ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Each number against a baseline measured in the same run; results in benchmarks/RESULTS.md.
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

DOMAINS := quiz content
BABEL := $(BIN)/pybabel

# Templates from the code (quiz) and the YAML content (content), then every catalog
# updated from them: changed source strings become fuzzy until a translator checks them.
messages: $(STAMP)
	$(BABEL) extract -F babel-ui.cfg -o locales/quiz.pot --project=media-quiz \
		--add-comments=TRANSLATORS: --sort-by-file quiz
	$(BABEL) extract -F babel-content.cfg -o locales/content.pot --project=media-quiz \
		--sort-by-file content
	for domain in $(DOMAINS); do \
		if ls locales/*/LC_MESSAGES/$$domain.po >/dev/null 2>&1; then \
			$(BABEL) update -D $$domain -i locales/$$domain.pot -d locales || exit 1; \
		fi; \
	done

# The JSON Schemas editors use, from the same tables the loader checks (quiz/banks/schemas.py).
schemas: $(STAMP)
	$(BIN)/python -m quiz.banks.schemas

new-locale: $(STAMP)
	@test -n "$(L)" || { echo "name the language: make new-locale L=xx"; exit 2; }
	for domain in $(DOMAINS); do \
		$(BABEL) init -D $$domain -i locales/$$domain.pot -d locales -l $(L) || exit 1; \
	done

# Reinstalled whenever pyproject.toml changes (new dependencies, new entry points).
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "media-quiz needs Python 3.11 or newer; set PYTHON=python3.11 (or newer)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -e '.[test]'
	touch $(STAMP)

# Ralph, the LRS tests/test_ralph.py starts, apart from .venv: its server pins its own FastAPI
# and uvicorn. The tests build it themselves when it is missing; CI builds it first (.ci/run), so
# the minute it takes is not counted in the test run.
ralph: $(RALPH_STAMP)

$(RALPH_STAMP): tests/ralph-requirements.txt
	$(PYTHON) -m venv $(RALPH_VENV)
	$(RALPH_VENV)/bin/python -m pip install -q -r tests/ralph-requirements.txt
	touch $(RALPH_STAMP)

clean:
	rm -rf $(VENV) $(RALPH_VENV)
