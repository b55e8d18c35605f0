"""The e2e cases: `[[case]]` tables with a `[case.e2e]` section in tests/cases/*.toml."""

import tomllib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath


class CaseFileError(Exception):
    """A case file is malformed; the message names the file and the case."""


@dataclass(frozen=True)
class E2E:
    probe: str  # "http" or "cli"
    expect: str  # http: body substring; cli: stdout substring
    source: str  # file (relative to the fixture's root) touched for the rebuild check
    path: str = "/"  # http only
    forbidden: tuple[str, ...] = ()  # extra glob patterns that must not be in the image
    deps: bool = True  # false: the project has nothing to fetch, so no deps stage is expected
    not_found: str | None = None  # http only: a path that must answer 404 (a site of pages)


@dataclass(frozen=True)
class Case:
    name: str  # `name`, defaulting to the fixture's
    fixture: str
    runtimes: tuple[str, ...]
    args: tuple[str, ...]
    e2e: E2E
    origin: str  # "tests/cases/go.toml" for messages
    # The case's `path`: the project directory inside the fixture (a workspace member) that
    # msb is pointed at and writes its Dockerfile into; the fixture's root stays the build
    # context. "" when the project is the fixture's root.
    project: str = ""


def load(cases_dir: Path) -> list[Case]:
    """Every case that has an e2e section, in file then declaration order."""
    cases = []
    for path in sorted(cases_dir.glob("*.toml")):
        with path.open("rb") as file:
            data = tomllib.load(file)
        origin = str(path.relative_to(cases_dir.parent.parent))
        for entry in data.get("case", []):
            if "e2e" in entry:
                cases.append(_case(entry, origin))
    return cases


def _case(entry: dict, origin: str) -> Case:
    where = f"{origin}: case {entry.get('name', entry.get('fixture', '?'))!r}"
    e2e = entry["e2e"]
    probe = e2e.get("probe")
    if probe not in ("http", "cli"):
        raise CaseFileError(f"{where}: e2e.probe must be \"http\" or \"cli\", not {probe!r}")
    for key in ("expect", "source"):
        if not isinstance(e2e.get(key), str) or not e2e[key]:
            raise CaseFileError(f"{where}: e2e.{key} is required")
    if not isinstance(e2e.get("deps", True), bool):
        raise CaseFileError(f"{where}: e2e.deps must be true or false")
    if not isinstance(entry.get("fixture"), str) or not entry.get("runtimes"):
        raise CaseFileError(f"{where}: fixture and runtimes are required")
    project = entry.get("path", "")
    if not isinstance(project, str) or not _is_inside(project):
        raise CaseFileError(f"{where}: path must be a relative directory inside the fixture, "
                            f"not {project!r}")
    return Case(
        name=entry.get("name", entry["fixture"]),
        fixture=entry["fixture"],
        runtimes=tuple(entry["runtimes"]),
        args=tuple(entry.get("args", ())),
        e2e=E2E(
            probe=probe,
            expect=e2e["expect"],
            source=e2e["source"],
            path=e2e.get("path", "/"),
            forbidden=tuple(e2e.get("forbidden", ())),
            deps=e2e.get("deps", True),
            not_found=e2e.get("not_found"),
        ),
        origin=origin,
        project=project,
    )


def _is_inside(path: str) -> bool:
    parts = PurePosixPath(path).parts
    return not path or (not PurePosixPath(path).is_absolute() and ".." not in parts)
