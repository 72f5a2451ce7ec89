# arcticrecon — `make demo` and `make test` do all the set-up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test check lint format bench clean vendor mutation

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## demo: install, then run the main job on the embedded real data
demo: $(STAMP)
	$(VENV)/bin/arcticrecon plan examples/greenland-recon-2026.toml --out build/demo --force
	@echo "Report: $(CURDIR)/build/demo/index.html"

## test: install with the test extras, then ruff, mypy (pyproject.toml: zero errors, strict on
##       analysis + planning) and the whole pytest suite
test: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks
	$(VENV)/bin/mypy
	$(PY) -m pytest -n 2 --dist loadgroup

check: test

format: $(STAMP)
	$(VENV)/bin/ruff format src tests benchmarks
	$(VENV)/bin/ruff check --fix src tests benchmarks

bench: $(STAMP)
	for f in benchmarks/bench_*.py; do $(PY) $$f || exit 1; done

## mutation: mutmut over rank/, the MCLP solver, planner/, survey policy + store releasability,
##           light/events and cold/, group by group with only each group's tests; prints a
##           score per group, writes build/mutation/summary.md (not in make test or CI;
##           GROUPS="cold rank" for some groups). Equivalent mutants: tools/mutation_equivalent.md
mutation: $(STAMP)
	$(PY) -m pip install --quiet -e '.[mutation]'
	$(PY) tools/mutation.py $(GROUPS)

## vendor: re-create web/static/vendor (OpenLayers, proj4, milsymbol) from the npm registry
##         at the versions pinned in tools/vendor.py; the files are committed (offline)
vendor:
	python3 tools/vendor.py

clean:
	rm -rf build .pytest_cache
