# Two entry points for people (see README.md): `make demo` and `make test`.
# Both install everything they need from nothing: Debian packages (fonts, PDF tools), a
# virtualenv in .venv, the package itself. Debian packages are installed only when missing.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
OUT    := out

# Fonts: fonts-liberation2 (Times New Roman metrics, the UN house style), fonts-hosny-amiri
# (Arabic), fonts-noto-cjk (Chinese), fonts-noto-core (fallback coverage).
# libpango*/libharfbuzz-subset0: WeasyPrint's layout and font subsetting; libharfbuzz-bin: hb-subset,
# which prepares the Chinese font once (see publisher/render/fonts.py).
# poppler-utils: pdftotext/pdfinfo/pdffonts, used by the tests to read the PDFs back.
# apertium, apertium-eng-spa, apertium-fr-es: the offline machine translation engine.
APT_PACKAGES := fonts-liberation2 fonts-hosny-amiri fonts-noto-cjk fonts-noto-core \
                libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libharfbuzz-bin poppler-utils \
                apertium apertium-eng-spa apertium-fr-es
# The tests also open every DOCX in a real word processor, drive the web app in a real browser, and
# read the barcode and QR code of the first page back with a real reader (zbarimg), and translate an
# exported OmegaT project in Debian's OmegaT itself (console mode, no window).
TEST_APT_PACKAGES := libreoffice-writer-nogui chromium zbar-tools omegat

.PHONY: demo test mutate setup system-packages bench clean

# The whole main job on the samples, offline: validate -> translate -> render -> package.
demo: export PUBLISHER_MEMORY := $(CURDIR)/$(OUT)/memory.sqlite
demo: setup
	rm -f $(OUT)/new-outcome.yaml
	$(BIN)/publisher new --state Ghana --reviewing "Chile,Norway" --cluster criminalization \
	  --instruments convention,smuggling-of-migrants -o $(OUT)/new-outcome.yaml
	$(BIN)/publisher validate samples/*.yaml
	$(BIN)/publisher translate samples/ghana-international-cooperation.yaml --to es,fr,ru --engine apertium -o $(OUT)/drafts
	@echo "The Russian draft (no engine for en-ru here): sentences drafted from UN frames, with the glossary's terms:"
	@grep -E "Государства, проводящие обзор|Гана, возможно|Гана указывает|Рекомендуется" \
	  $(OUT)/drafts/ghana-international-cooperation.ru.yaml | cut -c1-160
	$(BIN)/publisher render samples/*.yaml --doc all --format all -o $(OUT)/documents
	$(BIN)/publisher render $(OUT)/drafts/*.yaml --doc all --format all -o $(OUT)/drafts
	for lang in es fr ru; do \
	  $(BIN)/publisher xliff export samples/ghana-international-cooperation.yaml --to $$lang \
	    --translation $(OUT)/drafts/ghana-international-cooperation.$$lang.yaml || exit 1; \
	done
	$(BIN)/publisher tm export -o $(OUT)/memory.tmx
	$(BIN)/publisher glossary export -o $(OUT)/glossary.tbx
	$(BIN)/publisher build samples/session.yaml -o $(OUT)/session
	@echo "Documents in $(OUT)/documents; draft translations with their XLIFF for translators in $(OUT)/drafts;"
	@echo "the memory as TMX and the glossary as TBX in $(OUT); the session in $(OUT)/session;"
	@echo "a new outcome to write, from the blueprints, in $(OUT)/new-outcome.yaml."
	@echo "To preview and post-edit: $(BIN)/publisher serve samples/"

test: APT_PACKAGES += $(TEST_APT_PACKAGES)
test: setup
	$(BIN)/python -m pytest

# Mutation testing of the core with mutmut, module by module, with at most 2 workers (MUTATE_JOBS):
# not part of `make test` (minutes per module). MODULES="translate/qa validate" runs some of
# tests/mutation/modules.toml; the scores and survivors are in out/mutation/report.md (docs/testing.md).
MODULES ?=
mutate: setup
	nice -n 10 $(BIN)/python tests/mutation/run.py $(MODULES)

# Every benchmark as one suite: a table of figures with ratios to same-run baselines, and JSON in
# out/bench/ (latest.json). BENCH_ARGS=--full for the 190-outcome phase, --compare OLD.json to compare.
BENCH_ARGS ?=
bench: setup
	$(BIN)/python bench/suite.py $(BENCH_ARGS)

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
	$(BIN)/pip install -q --no-deps 'argostranslate==1.11.0'
	touch $@

clean:
	rm -rf $(OUT) build *.egg-info .pytest_cache
