# Outreach Kiosk: `make run` starts the kiosk, `make test` checks everything. Both set up what they
# need first (system packages, .venv, the project with every extra, compiled catalogs).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
TRANSLATIONS := resources/translations
CATALOGS := $(wildcard $(TRANSLATIONS)/*/LC_MESSAGES/kiosk.po)
COMPILED := $(CATALOGS:.po=.mo)

.PHONY: setup run test lint typecheck pytest catalogs extract-messages update-catalogs \
        screenshots bench bundle bundle-size test-bundle clean pack-manifest

setup: $(STAMP) $(COMPILED)

$(STAMP): pyproject.toml setup.py scripts/system-deps.sh
	bash scripts/system-deps.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[desktop,central,test,bundle,authoring]'
	touch $@

# One Babel pipeline: extract -> update -> compile. The .mo files are build outputs.
extract-messages: $(STAMP)
	$(BIN)/pybabel -q extract -F babel.cfg -k N_ -k ngettext:1,2 --no-location --sort-output \
	    --project "Outreach Kiosk" -o $(TRANSLATIONS)/kiosk.pot kiosk ui sync

update-catalogs: extract-messages
	$(BIN)/pybabel -q update -D kiosk -i $(TRANSLATIONS)/kiosk.pot -d $(TRANSLATIONS) \
	    --no-fuzzy-matching --ignore-obsolete

catalogs: $(COMPILED)

$(TRANSLATIONS)/%/LC_MESSAGES/kiosk.mo: $(TRANSLATIONS)/%/LC_MESSAGES/kiosk.po $(STAMP)
	$(BIN)/pybabel -q compile -D kiosk -i $< -o $@ --statistics

# The shipped pack's manifest.json (sha256 of every file); refresh it after editing the content.
pack-manifest: $(STAMP)
	$(BIN)/outreach-kiosk pack manifest resources/content
	$(BIN)/outreach-kiosk pack validate resources/content

run: setup
	$(BIN)/outreach-kiosk --windowed

# lint-imports: the layer rules, as contracts in pyproject.toml ([tool.importlinter]).
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: setup
	$(BIN)/mypy --strict kiosk sync
	$(BIN)/mypy ui devtools

pytest: setup
	$(BIN)/pytest

test: lint typecheck pytest

# `make screenshots PACK=path/to/pack` shows a pack under development instead of the shipped one.
screenshots: setup
	xvfb-run -a -s "-screen 0 1280x800x24" $(BIN)/python -m devtools.screenshots --out build/screenshots \
	    $(if $(PACK),--pack $(PACK))

bench: setup
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/ui.py
	$(BIN)/python bench/cards.py
	$(BIN)/python bench/sync.py
	$(BIN)/python bench/reach.py
	$(BIN)/python bench/stats.py

# The one-folder desktop bundle (build.spec), and its smoke test: the frozen app checks itself
# offscreen (content, database, every catalog, fonts, rendering, narration, charts, network
# watch, collation; the narration plays on a private sound server's speaker, which must make
# sound), starts up to its first paint, and fits the size limits (folder <= 200 MB,
# .tar.gz <= 80 MB). `make bundle-size` measures the last build again without rebuilding.
BUNDLE := dist/OutreachKiosk/OutreachKiosk

bundle: setup
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist \
	    --workpath build/pyinstaller build.spec
	@du -sh dist/OutreachKiosk

bundle-size:
	$(BIN)/python bench/bundle_size.py dist/OutreachKiosk

test-bundle: bundle
	rm -rf build/bundle-smoke
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.ui.sound_server \
	    $(BUNDLE) --self-check --data-dir build/bundle-smoke
	QT_QPA_PLATFORM=offscreen $(BUNDLE) --windowed --quit-after-paint --data-dir build/bundle-smoke
	$(BIN)/python bench/bundle_size.py --check dist/OutreachKiosk

clean:
	rm -rf $(VENV) build dist *.egg-info $(COMPILED)
