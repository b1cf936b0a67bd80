from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from letters_app.cli import main

from .helpers import page_size, page_texts


@pytest.fixture
def letter_file(tmp_path: Path, letter_text: str) -> Path:
    path = tmp_path / "letter.txt"
    path.write_text(letter_text, encoding="utf-8")
    return path


def test_render_writes_letter_envelope_and_previews(tmp_path: Path, letter_file: Path) -> None:
    to = tmp_path / "to.txt"
    to.write_text("Ms C. Klausen\n12 Elm Street\nBoston, MA 02116\n", encoding="utf-8")
    out, env, previews = tmp_path / "out.pdf", tmp_path / "env.pdf", tmp_path / "pv"
    result = CliRunner().invoke(
        main,
        [
            "render",
            str(letter_file),
            "--hand",
            "caveat",
            "--out",
            str(out),
            "--paper",
            "a4",
            "--stationery",
            "ruled",
            "--ink",
            "sepia",
            "--seed",
            "4",
            "--envelope-to",
            str(to),
            "--envelope-out",
            str(env),
            "--preview-dir",
            str(previews),
        ],
    )
    assert result.exit_code == 0, result.output
    assert page_size(out.read_bytes()) == pytest.approx((595.28, 841.89), abs=0.01)
    assert "Ms C. Klausen" in page_texts(env.read_bytes())[0]
    assert [p.name for p in previews.iterdir()] == ["out-p1.png"]


def test_hands_lists_one_hand_per_line_name_first() -> None:
    result = CliRunner().invoke(main, ["hands"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) >= 6
    assert lines[0].split("\t")[:2] == ["caveat", "Caveat"]
    assert any("homemade_apple" in line and "lacks" in line for line in lines)
    assert all(line.endswith("\tpen-plottable") for line in lines)  # every hand has strokes


def _render(tmp_path: Path, text: str, hand: str = "caveat") -> tuple[int, str]:
    src = tmp_path / "in.txt"
    src.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["render", str(src), "--hand", hand, "--out", str(tmp_path / "o.pdf")]
    )
    return result.exit_code, result.output


def test_unknown_hand_exits_nonzero_with_one_line(tmp_path: Path) -> None:
    code, output = _render(tmp_path, "Hello", hand="wingdings")
    assert code != 0
    assert output.strip().splitlines() == [output.strip()]
    assert "unknown hand 'wingdings'" in output


def test_uncovered_characters_exit_nonzero_naming_them(tmp_path: Path) -> None:
    code, output = _render(tmp_path, "Cześć!", hand="homemade_apple")
    assert code != 0
    assert "'ś' (U+015B)" in output and "'ć' (U+0107)" in output
    assert not (tmp_path / "o.pdf").exists()


def test_empty_input_exits_nonzero(tmp_path: Path) -> None:
    code, output = _render(tmp_path, "\n\n")
    assert code != 0
    assert "empty" in output


def test_too_long_input_exits_nonzero(tmp_path: Path) -> None:
    code, output = _render(tmp_path, "x" * 12_001)
    assert code != 0
    assert "limit is 12000" in output
