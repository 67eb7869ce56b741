"""requirements.txt: pinned requirements only, refused lines named with the file and what is allowed."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from modules.bundle.requirements import read_requirements
from modules.bundle.target import Target
from modules.errors import DependencyError

NOT_A_REQUIREMENT = "not a requirement (pip options such as -r or --index-url are not read)"
ALLOWED = Target("python3.13", "arm64").allowed


def _source(tmp_path: Path, text: str) -> Path:
    source = tmp_path / "lambda_src" / "reports"
    source.mkdir(parents=True)
    (source / "requirements.txt").write_text(text, encoding="utf-8")
    return source


def test_no_file_means_no_requirements(tmp_path: Path) -> None:
    assert read_requirements(tmp_path, ALLOWED) is None


def test_pins_with_extras_comments_and_blank_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    text = "# reports\n\nhumanize==4.12.3  # sizes\nrequests[socks]==2.32.3\n"
    requirements = read_requirements(_source(tmp_path, text), ALLOWED)
    assert requirements is not None
    assert [str(requirement) for requirement in requirements.pinned] == ["humanize==4.12.3", "requests[socks]==2.32.3"]
    assert requirements.digest == hashlib.sha256(text.encode()).hexdigest()
    assert requirements.display == "lambda_src/reports/requirements.txt"


def test_outside_the_working_directory_the_path_is_shown_as_given(tmp_path: Path) -> None:
    requirements = read_requirements(_source(tmp_path, "humanize==4.12.3\n"), ALLOWED)
    assert requirements is not None
    assert requirements.display == f"{tmp_path}/lambda_src/reports/requirements.txt"


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("humanize", "not pinned to one version"),
        ("humanize>=4", "not pinned to one version"),
        ("humanize>=4,<5", "not pinned to one version"),
        ("humanize==4.*", "not pinned to one version"),
        ("humanize~=4.12", "not pinned to one version"),
        ("humanize @ https://example.com/humanize-4.12.3-py3-none-any.whl", "a URL, not a version from the index"),
        (
            'humanize==4.12.3; python_version < "3.13"',
            "an environment marker (pip would evaluate it for this machine, not for the function)",
        ),
        ("-r other.txt", "not a requirement (pip options such as -r or --index-url are not read)"),
        (
            "--index-url https://example.com/simple",
            "not a requirement (pip options such as -r or --index-url are not read)",
        ),
    ],
)
def test_anything_but_a_pin_is_one_line_naming_file_requirement_and_allowed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, line: str, problem: str
) -> None:
    monkeypatch.chdir(tmp_path)
    source = _source(tmp_path, f"six==1.17.0\n{line}\n")
    with pytest.raises(DependencyError) as raised:
        read_requirements(source, ALLOWED)
    assert str(raised.value) == (
        f"lambda_src/reports/requirements.txt: requirement {line!r}: {problem}; allowed: {ALLOWED}"
    )


def test_a_project_listed_twice_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    source = _source(tmp_path, "PyYAML==6.0.2\npyyaml==6.0.1\n")
    with pytest.raises(DependencyError, match=r"requirement 'pyyaml==6.0.1': pyyaml is listed twice; allowed: "):
        read_requirements(source, ALLOWED)
