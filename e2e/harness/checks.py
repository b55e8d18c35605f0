"""The assertions made on a built image, its container and its build logs."""

import fnmatch
import http.client
import posixpath
import re
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# A stage whose name marks it as a dependency stage (convention shared with msb's
# templates): every step of it must be CACHED after a source-only change.
DEPS_STAGE = re.compile(r"^(deps|[a-z0-9][a-z0-9._-]*-deps)$")
DECOY_MARKER = b"MSB-DECOY-SECRET"
DECOY_NAMES = (".env", "id_rsa")

# Glob patterns: without "/" they match a file's name anywhere, with "/" the path from
# the image root (and everything below it).
COMPILERS = (
    "*bin/cc", "*bin/c++", "*bin/gcc", "*bin/gcc-[0-9]*", "*bin/*-gcc", "*bin/*-gcc-[0-9]*",
    "*bin/g++", "*bin/g++-[0-9]*", "*bin/clang", "*bin/clang-[0-9]*", "*/cc1", "*/cc1plus",
    "*bin/rustc", "*bin/cargo", "*bin/rustup", "*bin/go", "*bin/gofmt", "*bin/javac",
)
PACKAGE_CACHES = (
    "root/.cache", "root/.npm", "root/.cargo/registry", "root/.cargo/git",
    "usr/local/cargo/registry", "usr/local/cargo/git", "go/pkg/mod", "root/go/pkg/mod",
    "root/.m2/repository", "root/.gradle/caches", "usr/local/share/.cache",
    "root/.yarn/berry/cache", "pnpm/store", "root/.local/share/pnpm", "root/.bun/install/cache",
    "var/cache/apt/archives/*.deb", "var/cache/apt/*.bin", "var/lib/apt/lists/*_Packages*",
)

_COMMENT_STYLES = {
    "// {}": (".go", ".rs", ".java", ".kt", ".js", ".mjs", ".cjs", ".ts", ".tsx", ".jsx", ".c", ".cc", ".cpp"),
    "# {}": (".py", ".rb", ".sh", ".toml", ".yaml", ".yml"),
    "<!-- {} -->": (".html", ".vue", ".svelte", ".md"),
    "/* {} */": (".css", ".scss"),
}


# --- the image's filesystem -----------------------------------------------------------

def forbidden_paths(tar, patterns: dict[str, tuple[str, ...]]) -> list[str]:
    """Problems found in a streamed image filesystem: forbidden paths, decoy contents."""
    hits: dict[str, list[str]] = {}
    for member in tar:
        path = member.name.removeprefix("./").strip("/")
        for category, globs in patterns.items():
            if any(_matches(path, glob) for glob in globs):
                hits.setdefault(category, []).append("/" + path)
        if member.isreg() and _contains(tar.extractfile(member), DECOY_MARKER):
            hits.setdefault("decoy secret content", []).append("/" + path)
    return [f"{category} in the image: {_some(paths)}" for category, paths in hits.items()]


def _matches(path: str, glob: str) -> bool:
    if "/" not in glob:
        return fnmatch.fnmatchcase(posixpath.basename(path), glob)
    glob = glob.strip("/")
    while path:
        if fnmatch.fnmatchcase(path, glob):
            return True
        path = posixpath.dirname(path)
    return False


def _contains(file, needle: bytes, chunk: int = 1 << 20) -> bool:
    tail = b""
    while block := file.read(chunk):
        if needle in tail + block:
            return True
        tail = block[-(len(needle) - 1):]
    return False


def _some(paths: list[str], shown: int = 5) -> str:
    more = f" (+{len(paths) - shown} more)" if len(paths) > shown else ""
    return ", ".join(paths[:shown]) + more


def fixture_decoy_problems(workdir: Path) -> list[str]:
    """The fixture must carry its decoys, or the secret check proves nothing."""
    problems = []
    for name in DECOY_NAMES:
        file = workdir / name
        if not file.is_file() or DECOY_MARKER not in file.read_bytes():
            problems.append(f"fixture lacks the decoy {name} containing {DECOY_MARKER.decode()}")
    return problems


# --- the image's config ---------------------------------------------------------------

def user_problem(user: str) -> str | None:
    match = re.fullmatch(r"(\d+)(?::\d+)?", user)
    if not match:
        return f"Config.User is {user!r}: want a numeric UID or UID:GID"
    if int(match[1]) == 0:
        return f"Config.User is {user!r}: the container runs as root"
    return None


def exposed_port(config: dict) -> int | None:
    ports = sorted(int(p.split("/")[0]) for p in (config.get("ExposedPorts") or {}))
    return ports[0] if ports else None


# --- the rebuild's progress log -------------------------------------------------------

_HEADER = re.compile(r"^#(\d+) \[(?P<label>[^\]]+)\] (?P<instruction>.*)$")
_STATUS = re.compile(r"^#(\d+) (?P<status>CACHED|DONE|ERROR|CANCELED)\b")
_STEP_LABEL = re.compile(r"^(?:(?P<stage>\S+) )?\d+/\d+$")


@dataclass
class Step:
    """One build step (BuildKit vertex) of a `--progress=plain` log."""

    label: str  # "deps 2/3", "stage-1 1/2", "2/3" (single stage); "internal" is no step
    instruction: str
    statuses: set[str] = field(default_factory=set)

    @property
    def stage(self) -> str | None:
        match = _STEP_LABEL.match(self.label)
        return match["stage"] if match else None

    @property
    def is_from(self) -> bool:
        # A FROM is a load, not work, and BuildKit may label a shared base with the
        # first stage that names it; it never shows dependency downloads.
        return self.instruction.startswith("FROM ")

    @property
    def ran(self) -> bool:
        return "CACHED" not in self.statuses and bool(self.statuses & {"DONE", "ERROR"})

    def __str__(self) -> str:
        return f"[{self.label}] {self.instruction[:90]}"


def build_steps(log: str) -> list[Step]:
    """The stage steps of a plain progress log ([internal] and exporting steps left out)."""
    steps: dict[str, Step] = {}
    for line in log.splitlines():
        if header := _HEADER.match(line):
            vertex = header[1]
            steps.setdefault(vertex, Step(header["label"], header["instruction"]))
        elif (status := _STATUS.match(line)) and status[1] in steps:
            steps[status[1]].statuses.add(status["status"])
    return [step for step in steps.values() if _STEP_LABEL.match(step.label)]


def rebuild_problems(log: str, source: str, expect_deps: bool = True) -> list[str]:
    """After touching only `source`: every dependency-stage step CACHED, some other step re-ran."""
    steps = [step for step in build_steps(log) if not step.is_from]
    deps = [step for step in steps if step.stage and DEPS_STAGE.match(step.stage)]
    problems = [f"dependency step re-ran after changing {source}: {step}" for step in deps if step.ran]
    if not deps and expect_deps:
        problems.append("no dependency-stage step (stage named deps or *-deps) in the rebuild log; "
                        "a case without dependencies to fetch says `deps = false`")
    if not any(step.ran for step in steps if step not in deps):
        problems.append(f"no step re-ran after changing {source}: the rebuild did not rebuild")
    return problems


def build_error(log: str) -> str:
    """The line that says why BuildKit failed, for the report."""
    errors = [line for line in log.splitlines() if line.startswith("ERROR:")]
    return errors[-1] if errors else (log.strip().splitlines() or ["(empty log)"])[-1]


# --- the running container ------------------------------------------------------------

def port_in_use(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def http_problem(port: int, path: str, expect: str, alive: Callable[[], bool], wait: float = 30) -> str | None:
    """GET 127.0.0.1:port/path until it answers (or the container dies); None when it is right."""
    deadline = time.monotonic() + wait
    error = "no attempt"
    while time.monotonic() < deadline:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            body = response.read().decode(errors="replace")
        except OSError as err:
            error = str(err)
        else:
            if response.status != 200:
                return f"GET {path} answered {response.status}, want 200"
            if expect not in body:
                return f"GET {path} answered {body[:200]!r}, want it to contain {expect!r}"
            return None
        finally:
            connection.close()
        if not alive():
            return f"the container exited before answering on port {port}"
        time.sleep(0.5)
    return f"nothing answered GET 127.0.0.1:{port}{path} within {wait:.0f} s ({error})"


def not_found_problem(port: int, path: str) -> str | None:
    """GET a path no page answers on a running server: it must be a 404, not a fallback page."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path)
        status = connection.getresponse().status
    except OSError as err:
        return f"GET {path} failed: {err}"
    finally:
        connection.close()
    return None if status == 404 else f"GET {path} answered {status}, want 404 (no page has that path)"


# --- the fixture ----------------------------------------------------------------------

def append_comment(file: Path, text: str) -> None:
    """Append a comment line in the file's language, a change that alters no behaviour."""
    for style, suffixes in _COMMENT_STYLES.items():
        if file.suffix in suffixes:
            content = file.read_text()
            newline = "" if content.endswith("\n") or not content else "\n"
            file.write_text(f"{content}{newline}{style.format(text)}\n")
            return
    raise ValueError(f"no comment syntax known for {file.name}; add it to _COMMENT_STYLES")
