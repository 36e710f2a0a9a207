# Imbalanced classification, honestly measured: every task the course needs.
# Each target sets up .venv on first use (Python 3.11+ and make are all it needs).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
# uv is pinned in requirements.txt (and so in the lock) like every other package.
UV_VERSION := $(shell sed -n 's/^uv==//p' requirements.txt)
STAMP := $(VENV)/.installed
JB := $(BIN)/jupyter-book build . -W -n --keep-going --all
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json
NODE_STAMP := build_tools/node_modules/.installed
# The editions make a11y checks: both, once built (make book, make book-student).
A11Y_SITES ?= _build/html _build/student/_build/html

.PHONY: help install lock book book-student slides a11y handout test lint lab exercises timings bench drift clean

help:
	@echo "make install       create .venv and install the locked packages (every target does it first)"
	@echo "make book          execute every notebook and build the full edition (_build/html)"
	@echo "make book-student  build the student edition, without solutions (_build/student)"
	@echo "make slides        build one reveal.js deck per chapter alone (_build/html/slides)"
	@echo "make a11y          axe-core on both built editions, light and dark: one total (needs Node.js)"
	@echo "make handout       zip the exercise notebooks and utils for students (handout/)"
	@echo "make test          unit tests, every notebook under nbval, lint"
	@echo "make lint          ruff on the code and on every notebook's cells"
	@echo "make lab           open JupyterLab on the course (.md files open as notebooks)"
	@echo "make exercises     regenerate exercises/ from solutions/"
	@echo "make timings       execute each notebook from empty caches and report its time"
	@echo "make bench         time the class-weight sweep against the post's design (not in make test)"
	@echo "make drift         re-execute the chapters with other library versions, compare verdicts"
	@echo "make lock          recompile requirements.lock and the learners' requirements-learner.lock"
	@echo "make help          this list"
	@echo "make clean         remove builds, caches and the virtual environment"

# The virtual environment and the pinned uv that installs everything else.
$(UV):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "Python 3.11 or newer is needed (PYTHON=$(PYTHON))"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# Reinstall only when the lock or the package metadata change. sync also removes what
# the lock no longer holds; it removes the editable utils package too, so that goes
# back in after it, without dependencies (the lock has them all).
$(STAMP): requirements.lock pyproject.toml | $(UV)
	$(UV) pip sync --quiet --compile-bytecode --python $(BIN)/python requirements.lock
	$(UV) pip install --quiet --compile-bytecode --python $(BIN)/python --no-deps -e .
	@mkdir -p $(dir $(LAB_SETTINGS))
	@printf '%s\n' '{"@jupyterlab/docmanager-extension:plugin": {"defaultViewers":' \
		'{"markdown": "Jupytext Notebook", "myst": "Jupytext Notebook"}}}' > $(LAB_SETTINGS)
	@touch $@

install: $(STAMP)

# Every package, transitive ones too, for Linux, macOS and Windows alike (environment
# markers), from the direct pins of requirements.txt. Pins already in the lock are kept
# where they still fit: add --upgrade by hand to move them all.
lock: | $(UV)
	$(UV) pip compile --quiet --universal --python-version 3.11 requirements.txt \
		-o requirements.lock
	$(UV) pip compile --quiet --universal --python-version 3.11 requirements-learner.txt \
		-o requirements-learner.lock

# Stale notebooks execute first, on every core, into the cache the book build reads.
book: $(STAMP)
	$(BIN)/python build_tools/invalidate_cache.py
	$(BIN)/python build_tools/execute_parallel.py
	$(JB)
	$(BIN)/python build_tools/make_slides.py _build/html/slides
	$(BIN)/python build_tools/check_site.py full _build/html
	$(BIN)/python build_tools/check_offline.py _build/html

book-student: $(STAMP)
	$(BIN)/python build_tools/invalidate_cache.py
	$(BIN)/python build_tools/execute_parallel.py
	$(BIN)/python build_tools/student_config.py _config.yml _build/_config_student.yml
	$(JB) --config _build/_config_student.yml --path-output _build/student
	$(BIN)/python build_tools/make_slides.py _build/student/_build/html/slides
	$(BIN)/python build_tools/check_site.py student _build/student/_build/html
	$(BIN)/python build_tools/check_offline.py _build/student/_build/html

# The chapters' slide decks alone, from the executed notebooks of the last `make book`.
slides: $(STAMP)
	$(BIN)/python build_tools/make_slides.py _build/html/slides

# Accessibility of the editions already built, light and dark: one total, which fails
# above zero. axe-core and playwright-core from npm, the system's Chromium.
$(NODE_STAMP): build_tools/package.json build_tools/package-lock.json
	cd build_tools && npm ci --no-audit --no-fund
	@touch $@

a11y: $(NODE_STAMP)
	node build_tools/accessibility.mjs $(A11Y_SITES)

handout: $(STAMP)
	$(BIN)/python build_tools/make_handout.py handout

test: $(STAMP)
	$(BIN)/python build_tools/make_exercises.py --check
	$(BIN)/pytest
	$(MAKE) --no-print-directory lint

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python build_tools/lint_notebooks.py

lab: $(STAMP)
	$(BIN)/jupyter lab

exercises: $(STAMP)
	$(BIN)/python build_tools/make_exercises.py

timings: $(STAMP)
	$(BIN)/python build_tools/time_notebooks.py

bench: $(STAMP)
	$(BIN)/python build_tools/bench_simulation.py

# Not in make test. The chapters under the pinned lock and under a second set installed
# into .venv-drift: DRIFT_SET=previous (scikit-learn's previous minor release), newest,
# or requirements such as scikit-learn==1.7.*. Exit status 1 when a verdict changes.
DRIFT_SET ?= previous
drift: $(STAMP)
	$(BIN)/python build_tools/drift.py run --set $(DRIFT_SET)

clean:
	rm -rf _build handout $(VENV) .venv-drift .pytest_cache .ruff_cache utils/_cache build_tools/node_modules
