# Two commands on a fresh clone: `make` builds every leaflet, `make test` runs the suite.
# Each sets up .venv once (again only when pyproject.toml changes).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: all build test lint fuzz mutate preview clean

all: build

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m compileall -q leaflet  # as pip does for an installed package (PYTHONDONTWRITEBYTECODE may be set)
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/leaflet build --all

test: $(STAMP) lint
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check leaflet tests bench
	$(BIN)/ruff format --check leaflet tests bench
	$(BIN)/mypy

# The property tests (tests/test_fuzz.py, the mutated-PDF test of tests/test_hostile_pdf.py and the
# damaged-bytes test of our own PDF reader, tests/test_pdfown.py) with many more examples and fresh
# randomness each run.
fuzz: $(STAMP)
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-3000} FUZZ_RANDOM=1 $(BIN)/python -m pytest tests/test_fuzz.py --hypothesis-show-statistics
	HOSTILE_PDF_EXAMPLES=$${HOSTILE_PDF_EXAMPLES:-2000} HOSTILE_PDF_RANDOM=1 \
		$(BIN)/python -m pytest tests/test_hostile_pdf.py -k mutated --hypothesis-show-statistics
	HOSTILE_PDF_EXAMPLES=$${HOSTILE_PDF_EXAMPLES:-2000} HOSTILE_PDF_RANDOM=1 \
		$(BIN)/python -m pytest tests/test_pdfown.py -k damaged --hypothesis-show-statistics

# Mutation testing of leaflet/checks/, pdftext.py and textmatch.py (cosmic-ray; see tests/mutate.py): prints every
# surviving mutant and the kill rate. `make mutate MODULES=leaflet/checks` for part of it; RESUME=1 goes on
# with the last session, trying its survivors again (after an interruption, or once tests are added); FAST=1
# stops after the first round (the check tests), to read its survivors before the long second round.
MUTATE_STAMP := $(VENV)/.mutate-installed
$(MUTATE_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,mutate]'
	touch $(MUTATE_STAMP)

mutate: $(MUTATE_STAMP)
	$(BIN)/python tests/mutate.py $(if $(RESUME),--resume) $(if $(FAST),--fast) $(MODULES)

# For people, not tests: every page of every PDF in output/ as PNG in output/preview/.
preview: build
	mkdir -p output/preview
	for pdf in output/*.pdf; do pdftoppm -r 60 -png "$$pdf" "output/preview/$$(basename "$$pdf" .pdf)"; done

clean:
	rm -rf $(VENV) output/*.pdf output/preview .mutate
