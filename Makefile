# Two entry points for people (see README.md): `make demo` and `make test`.
# Both install everything they need from nothing: Debian packages (fonts, PDF tools), a
# virtualenv in .venv, the package itself. Debian packages are installed only when missing.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
OUT    := out

# fonts-liberation2: Times New Roman metrics (Liberation Serif) for the UN house style.
# libpango*/libharfbuzz-subset0: WeasyPrint's layout and fast font subsetting.
# poppler-utils: pdftotext/pdfinfo, used by the tests to read the PDFs back.
APT_PACKAGES := fonts-liberation2 libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils

.PHONY: demo test setup system-packages bench clean

demo: setup
	$(BIN)/publisher validate samples/*.yaml
	$(BIN)/publisher render samples/*.yaml --doc all --format all -o $(OUT)/
	@echo "Documents written to $(OUT)/"

test: setup
	$(BIN)/python -m pytest

setup: system-packages $(VENV)/.installed

system-packages:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  sudo=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  echo "Installing Debian packages:" $$missing; \
	  $$sudo apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -e '.[test]'
	touch $@

clean:
	rm -rf $(OUT) build *.egg-info .pytest_cache
