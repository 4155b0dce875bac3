"""The post-editing page of a large draft, as Chromium opens it: time per unit of a 1000-unit draft
against a 100-unit draft, in the same run.

    .venv/bin/python bench/workbench.py [--small 100] [--large 1000] [--repeat 3]

Makes, in a temporary folder, two review outcomes from the Mongolia sample whose challenges are
repeated (sentences numbered so that none is a repetition of another) until they hold about
``small`` and ``large`` units, and a French draft of each (engine "none": the memory and the
glossary only; every sentence a unit). The real server runs them on 127.0.0.1; Debian's Chromium
(Playwright) opens each page ``repeat`` times after one warm-up, and the time is from the request
until the page's scripts have run (the load event, then every unit counted in the page). The
figure is the time per unit of the large draft, its baseline the time per unit of the small one.
Goal (issue 17): at most 1.5×.

The blueprints are copied with their word limits raised (a 1000-unit outcome is far over them, and
a source with errors makes the page read-only, which is not what is measured).
"""
from __future__ import annotations

import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from bench.figures import Figure, Unavailable, bench_main  # noqa: E402

NAME = "workbench"
CHROMIUM = Path("/usr/bin/chromium")
SAMPLE = ROOT / "samples" / "mongolia-criminalization.yaml"
GOAL = 1.5  # large per unit / small per unit
SENTENCE = ("Observation {n}: the reviewing States noted that the national authorities should consider "
            "further measures in case {n} to strengthen the implementation of the Convention.")


def sizes(quick: bool) -> dict:
    return {"small": 100, "large": 1000, "repeat": 1 if quick else 3}


@dataclass(frozen=True)
class Measurement:
    units: dict[str, int]  # "small", "large" -> units in the page
    seconds: dict[str, float]  # median time to open the page
    repeat: int

    def per_unit(self, size: str) -> float:
        return self.seconds[size] / self.units[size]


def write_outcome(folder: Path, name: str, sentences: int) -> Path:
    from tests.conftest import _dates_to_text  # the sample's dates as the loader wants them written

    data = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    _dates_to_text(data)
    data["observations"]["challenges"] = [SENTENCE.format(n=n) for n in range(1, sentences + 1)]
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")
    return path


def blueprints_without_limits(folder: Path) -> Path:
    from publisher.blueprint import DEFAULT_DIR

    copied = shutil.copytree(DEFAULT_DIR, folder / "blueprints")
    for path in copied.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"(?m)^word_limit: \d+$", "word_limit: 1000000", text), encoding="utf-8")
    return copied


def draft(source: Path) -> int:
    from publisher.load import load_file
    from publisher.translate.engines import engine
    from publisher.translate.output import write_translation
    from publisher.translate.pipeline import Translator

    translation = Translator(engine("none"), None, None).translate_outcome(load_file(source), "fr",
                                                                          source_file=source.name)
    write_translation(source, translation, source.parent)
    return len(translation.report()["segments"])


def open_seconds(page, url: str) -> tuple[float, int]:
    started = time.perf_counter()
    page.goto(url, wait_until="load")
    units = page.evaluate("document.querySelectorAll('article.unit').length")
    return time.perf_counter() - started, units


def measure(small: int = 100, large: int = 1000, repeat: int = 3) -> Measurement:
    if not CHROMIUM.exists():
        raise Unavailable(f"{CHROMIUM} is missing (Debian package chromium)")
    from playwright.sync_api import sync_playwright

    from publisher.serve.app import create_app
    from publisher.serve.commands import address, make_app_server
    from publisher.serve.security import new_token

    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "served"
        folder.mkdir()
        fixed = draft(write_outcome(folder, "fixed", 1)) - 1  # the sample's units outside the challenges
        for size, count in (("small", small), ("large", large)):
            draft(write_outcome(folder, size, max(1, count - fixed)))
        token = new_token()
        app = create_app(folder, token, Path(temporary) / "memory.sqlite",
                         blueprint_dir=blueprints_without_limits(Path(temporary)))
        httpd = make_app_server(app, "127.0.0.1", 0)
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        url = address("127.0.0.1", httpd.server_port, token)
        base = url.split("/?token=")[0]
        seconds: dict[str, float] = {}
        units: dict[str, int] = {}
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
                page = browser.new_page(viewport={"width": 1440, "height": 1000})
                page.set_default_timeout(600_000)
                page.goto(url)
                for size in ("small", "large"):
                    address_of_page = f"{base}/o/{size}/edit/fr"
                    open_seconds(page, address_of_page)  # warm-up: the workset is read and kept
                    times = []
                    for _ in range(repeat):
                        elapsed, units[size] = open_seconds(page, address_of_page)
                        times.append(elapsed)
                    seconds[size] = statistics.median(times)
                browser.close()
        finally:
            httpd.shutdown()
            httpd.server_close()
            thread.join(timeout=10)
    return Measurement(units, seconds, repeat)


def report(result: Measurement) -> None:
    for size in ("small", "large"):
        print(f"{size}: {result.units[size]} units, {result.seconds[size]:.2f} s to open, "
              f"{1000 * result.per_unit(size):.2f} ms a unit (median of {result.repeat})")
    ratio = result.per_unit("large") / result.per_unit("small")
    print(f"per unit, large / small: {ratio:.2f}× (goal ≤ {GOAL}×)")


def figures_of(result: Measurement) -> list[Figure]:
    ratio = result.per_unit("large") / result.per_unit("small")
    return [Figure(NAME, f"page of {result.units['large']} units, per unit", 1000 * result.per_unit("large"), "ms",
                   f"page of {result.units['small']} units, per unit", 1000 * result.per_unit("small"),
                   goal=f"≤ {GOAL}×", passed_goal=ratio <= GOAL)]


def run(small: int = 100, large: int = 1000, repeat: int = 3, show: bool = True) -> list[Figure]:
    result = measure(small, large, repeat)
    if show:
        report(result)
    return figures_of(result)


def main() -> int:
    return bench_main(__doc__, run, [
        ("--small", {"type": int, "default": 100}),
        ("--large", {"type": int, "default": 1000}),
        ("--repeat", {"type": int, "default": 3})])


if __name__ == "__main__":
    sys.exit(main())
