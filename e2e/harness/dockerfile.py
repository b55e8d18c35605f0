"""Just enough Dockerfile reading for the harness: global ARGs, stages, base images."""

import re
from dataclasses import dataclass

_VAR = re.compile(r"\$(?:\{(?P<braced>\w+)(?::(?P<op>[-+])(?P<word>[^}]*))?\}|(?P<bare>\w+))")
_HEREDOC = re.compile(r"<<-?[\"']?(\w+)[\"']?")
# `COPY --from=X` / `ADD --from=X`, and `RUN --mount=...,from=X,...`: X may be an image.
_COPY_FROM = re.compile(r"^--from=(\S+)$")
_MOUNT_FROM = re.compile(r"^--mount=(?:\S*,)?from=([^,\s]+)")


class DockerfileError(Exception):
    """The Dockerfile cannot be read the way the harness needs."""


@dataclass(frozen=True)
class Stage:
    name: str | None  # the `AS` name, lower-cased
    base: str  # image reference, earlier stage name or "scratch", ARGs substituted
    sources: tuple[str, ...] = ()  # COPY/ADD --from= and RUN --mount from= values, ARGs substituted


@dataclass(frozen=True)
class Dockerfile:
    stages: tuple[Stage, ...]

    def external_images(self) -> list[str]:
        """Images the engine must hold: every FROM, COPY --from and RUN --mount from= that
        is neither scratch nor a stage (by name or index)."""
        images: list[str] = []
        all_stages = {stage.name for stage in self.stages if stage.name}
        known_stages: set[str] = set()
        for stage in self.stages:
            if stage.base.lower() not in known_stages:
                _add_image(images, stage.base)
            for source in stage.sources:
                if source.lower() not in all_stages and not source.isdigit():
                    _add_image(images, source)
            if stage.name:
                known_stages.add(stage.name)
        return images


def _add_image(images: list[str], image: str) -> None:
    if image.lower() != "scratch" and image not in images:
        images.append(image)


def parse(text: str) -> Dockerfile:
    global_args: dict[str, str | None] = {}
    stages: list[Stage] = []
    for keyword, rest in instructions(text):
        if keyword == "ARG" and not stages:
            global_args.update(_arg_defaults(rest))
        elif keyword == "FROM":
            stages.append(_stage(rest, global_args))
        elif keyword in ("COPY", "ADD", "RUN") and stages:
            if sources := _sources(keyword, rest, global_args):
                last = stages[-1]
                stages[-1] = Stage(last.name, last.base, last.sources + sources)
    if not stages:
        raise DockerfileError("no FROM instruction")
    return Dockerfile(tuple(stages))


def instructions(text: str) -> list[tuple[str, str]]:
    """(KEYWORD, arguments) pairs: continuations joined, comments and heredoc bodies skipped."""
    result: list[tuple[str, str]] = []
    lines = iter(text.splitlines())
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        while line.endswith("\\"):
            line = line[:-1] + " " + _next_content_line(lines)
        keyword, _, rest = line.strip().partition(" ")
        result.append((keyword.upper(), rest.strip()))
        for terminator in _HEREDOC.findall(rest):
            _skip_until(lines, terminator)
    return result


def _next_content_line(lines) -> str:
    """The next line of a continuation; comment lines inside it are skipped as BuildKit does."""
    for line in lines:
        if not line.lstrip().startswith("#"):
            return line
    return ""


def _skip_until(lines, terminator: str) -> None:
    for line in lines:
        if line.strip() == terminator:
            return


def _arg_defaults(rest: str) -> dict[str, str | None]:
    defaults: dict[str, str | None] = {}
    for word in rest.split():
        name, eq, value = word.partition("=")
        defaults[name] = _unquote(value) if eq else None
    return defaults


def _stage(rest: str, global_args: dict[str, str | None]) -> Stage:
    words = [w for w in rest.split() if not w.startswith("--")]
    if len(words) == 3 and words[1].upper() == "AS":
        name = words[2].lower()
    elif len(words) == 1:
        name = None
    else:
        raise DockerfileError(f"cannot read `FROM {rest}`")
    return Stage(name=name, base=substitute(words[0], global_args))


def _sources(keyword: str, rest: str, global_args: dict[str, str | None]) -> tuple[str, ...]:
    """The --from= images or stages of one COPY/ADD/RUN, from its leading flags."""
    pattern = _MOUNT_FROM if keyword == "RUN" else _COPY_FROM
    found = []
    for word in rest.split():
        if not word.startswith("--"):
            break
        if match := pattern.match(word):
            found.append(substitute(_unquote(match[1]), global_args))
    return tuple(found)


def substitute(word: str, args: dict[str, str | None]) -> str:
    """Expand $X, ${X}, ${X:-default} and ${X:+alt} from the global ARG defaults."""

    def expand(match: re.Match) -> str:
        name = match["braced"] or match["bare"]
        value = args.get(name)
        if match["op"] == "-":
            return value or match["word"]
        if match["op"] == "+":
            return match["word"] if value else ""
        if value is None:
            raise DockerfileError(f"`{word}` uses ${name}, which has no default before the first FROM")
        return value

    return _VAR.sub(expand, word)


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value
