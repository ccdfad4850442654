"""`chrono export png`: the SVG chart as a PNG, decoded with Pillow and measured against the SVG."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.helpers import ROOT, Chrono

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def svg_size(path: Path) -> tuple[int, int]:
    root = ET.fromstring(path.read_bytes())
    return int(root.get("width", "")), int(root.get("height", ""))


@pytest.mark.parametrize("group_by", ["none", "actor", "tag"])
def test_png_is_the_svg_chart_drawn(seeded_sqlite: Chrono, tmp_path: Path, group_by: str) -> None:
    from PIL import Image

    png, svg = tmp_path / "chart.png", tmp_path / "chart.svg"
    _, err = seeded_sqlite("export", "png", "-o", str(png), "--group-by", group_by)
    assert err == f"wrote 25 event(s) to {png}\n"
    seeded_sqlite("export", "svg", "-o", str(svg), "--group-by", group_by)
    data = png.read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    image = Image.open(io.BytesIO(data))
    image.load()  # decodes every pixel: a broken stream fails here
    assert image.format == "PNG" and image.size == svg_size(svg)
    pixels = image.convert("RGB")
    colours = pixels.getcolors(maxcolors=1 << 20)
    assert colours is not None
    counts = dict((colour, n) for n, colour in colours)
    assert pixels.getpixel((0, 0)) == (255, 255, 255)  # a white ground, not transparent
    dark = sum(n for (r, g, b), n in counts.items() if max(r, g, b) < 80)
    assert dark > 5_000, "no text drawn: is a sans-serif font installed?"
    vivid = sum(n for (r, g, b), n in counts.items() if max(r, g, b) - min(r, g, b) > 100)
    assert vivid > 500  # the events' coloured marks
    folder = os.environ.get("CHRONO_SCREENSHOTS")
    if folder:  # kept to look at, beside the page's screenshots
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / f"export-png-{group_by}.png").write_bytes(data)


def test_png_bytes_are_deterministic(seeded_sqlite: Chrono, tmp_path: Path) -> None:
    first, second = tmp_path / "1.png", tmp_path / "2.png"
    seeded_sqlite("export", "png", "-o", str(first), "--tag", "drones")
    seeded_sqlite("export", "png", "-o", str(second), "--tag", "drones")
    assert first.read_bytes() == second.read_bytes()
    other = tmp_path / "3.png"
    seeded_sqlite("export", "png", "-o", str(other), "--tag", "war")
    assert other.read_bytes() != first.read_bytes()


def _chrono(db: str, *args: str, stdout: int | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        [sys.executable, "-m", "chrono", *args, "--db", db],
        stdout=stdout if stdout is not None else subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        check=False,
    )


def test_png_to_stdout_only_when_it_is_not_a_terminal(seeded_sqlite: Chrono, tmp_path: Path) -> None:
    file = tmp_path / "file.png"
    seeded_sqlite("export", "png", "-o", str(file))
    piped = _chrono(seeded_sqlite.db, "export", "png", "-o", "-")
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout == file.read_bytes()
    leader, follower = pty.openpty()
    try:
        onto_terminal = _chrono(seeded_sqlite.db, "export", "png", "-o", "-", stdout=follower)
    finally:
        os.close(follower)
        os.close(leader)
    assert onto_terminal.returncode == 4
    assert onto_terminal.stderr == (
        b"chrono: error: a PNG is binary: give --output FILE.png, or redirect stdout to a file\n"
    )


def test_png_without_resvg_says_what_to_install(
    seeded_sqlite: Chrono, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "resvg_py", None)  # `import resvg_py` raises ImportError
    target = tmp_path / "none.png"
    _, err = seeded_sqlite("export", "png", "-o", str(target), code=1)
    assert err == "chrono: error: PNG export needs the resvg-py package: pip install 'chrono-timeline[png]'\n"
    assert not target.exists()
