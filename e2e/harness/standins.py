"""Stand-in base images built from Debian packages and tagged with the official names.

No registry is reachable, so every external FROM of a generated Dockerfile must already
be in the engine's image store. RECIPES maps image names (regex, full match) to a
recipe; the first match wins. To support a new image family, add a Recipe whose
`make` returns a Standin: a root filesystem tarball source plus `docker import
--change` lines that reproduce the official image's config (ENV, WORKDIR, USER, CMD).
Stand-ins must provide what the official image provides, or the test proves nothing.
"""

import hashlib
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import docker
from .distroless import DistrolessRootfs
from .rootfs import DEFAULT_PATH, Rootfs
from .uv import UvRootfs


class NotProvisionable(Exception):
    """No stand-in can be made for an image on this machine; the message says why."""


@dataclass(frozen=True)
class Standin:
    rootfs: Rootfs | DistrolessRootfs | UvRootfs
    changes: tuple[str, ...] = ()

    def fingerprint(self) -> str:
        text = repr((self.rootfs.key(), self.changes))
        return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Recipe:
    pattern: str
    make: Callable[[re.Match], Standin]
    compiled: re.Pattern = field(init=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "compiled", re.compile(self.pattern))


def _unavailable(reason: str) -> Callable[[re.Match], Standin]:
    def make(match: re.Match) -> Standin:
        raise NotProvisionable(f"{match.string}: {reason}")

    return make


def _fixed(standin: Standin) -> Callable[[re.Match], Standin]:
    return lambda _match: standin


CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt"
# uv verifies TLS against its bundled Mozilla roots unless SSL_CERT_FILE names a bundle, so
# behind this machine's egress proxy it needs the variable. Not in the official Debian and
# Python images (distroless sets it itself); it changes nothing where the file is absent.
EGRESS_ENV = f"ENV SSL_CERT_FILE={CA_BUNDLE}"


def _distroless(match: re.Match) -> Standin:
    nonroot = match["tag"] == "nonroot"
    changes = [
        f"ENV PATH={DEFAULT_PATH}",
        f"ENV SSL_CERT_FILE={CA_BUNDLE}",
        "USER 65532" if nonroot else "USER 0",
        "WORKDIR /home/nonroot" if nonroot else "WORKDIR /",
    ]
    if match["flavour"] == "python3":  # python3/python.bzl
        changes += ["ENV LANG=C.UTF-8", 'ENTRYPOINT ["/usr/bin/python3.13"]']
    return Standin(DistrolessRootfs(match["flavour"]), tuple(changes))


def _uv(match: re.Match) -> Standin:
    # astral-sh/uv's Dockerfile: FROM scratch, COPY uv uvx /, WORKDIR /io, ENTRYPOINT ["/uv"].
    return Standin(UvRootfs(match["version"]), ("WORKDIR /io", 'ENTRYPOINT ["/uv"]'))


GOLANG = Standin(
    Rootfs(
        "golang-trixie",
        packages=("ca-certificates", "golang-go", "gcc", "libc6-dev", "make", "pkg-config", "git"),
        hooks=(
            # The official image keeps Go in /usr/local/go and a world-writable GOPATH.
            'ln -s /usr/lib/go "$1/usr/local/go"',
            'mkdir -p "$1/go/bin" "$1/go/src" && chmod -R 1777 "$1/go"',
        ),
    ),
    (
        "ENV GOTOOLCHAIN=local",
        "ENV GOPATH=/go",
        f"ENV PATH=/go/bin:/usr/local/go/bin:{DEFAULT_PATH}",
        "WORKDIR /go",
        'CMD ["bash"]',
    ),
)

RUST_SLIM = Standin(
    Rootfs(
        "rust-slim-trixie",
        packages=("ca-certificates", "rustc", "cargo", "gcc", "libc6-dev"),
        hooks=(
            # rustup's layout: cargo and rustc on PATH from $CARGO_HOME/bin, homes writable.
            'mkdir -p "$1/usr/local/cargo/bin" "$1/usr/local/rustup"',
            'ln -s /usr/bin/cargo /usr/bin/rustc "$1/usr/local/cargo/bin/"',
            'chmod -R a+w "$1/usr/local/cargo" "$1/usr/local/rustup"',
        ),
        slim=True,
    ),
    (
        "ENV RUSTUP_HOME=/usr/local/rustup",
        "ENV CARGO_HOME=/usr/local/cargo",
        f"ENV PATH=/usr/local/cargo/bin:{DEFAULT_PATH}",
        'CMD ["bash"]',
    ),
)

DEBIAN_SLIM = Standin(
    Rootfs("debian-trixie-slim", slim=True),
    (f"ENV PATH={DEFAULT_PATH}", EGRESS_ENV, 'CMD ["bash"]'),
)

# The official python:<v>-slim-trixie builds CPython into /usr/local (with pip, headers and
# python-config) on debian:trixie-slim plus ca-certificates, netbase and tzdata. Here the
# interpreter is Debian's 3.13 and the /usr/local names point at it.
_PY = "python3.13"
_PYTHON_LINKS = {
    "python3.13": f"/usr/bin/{_PY}", "python3": f"/usr/bin/{_PY}", "python": f"/usr/bin/{_PY}",
    "pip3.13": "/usr/bin/pip3", "pip3": "/usr/bin/pip3", "pip": "/usr/bin/pip3",
}
# python3.13-config finds its prefix from its own path, so these exec it rather than link.
_PYTHON_CONFIG_WRAPPERS = (
    f'for name in {_PY}-config python3-config python-config; do '
    f'printf \'#!/bin/sh\\nexec /usr/bin/{_PY}-config "$@"\\n\' >"$1/usr/local/bin/$name"; '
    f'chmod 755 "$1/usr/local/bin/$name"; done'
)
PYTHON_SLIM = Standin(
    Rootfs(
        "python-slim-trixie",
        packages=("ca-certificates", "netbase", "tzdata", _PY, f"{_PY}-venv", "python3-pip"),
        hooks=(
            # Headers and python3.13-config of the installed version, without the C toolchain
            # the -dev packages depend on (the official image has headers but no compiler),
            # and without the static libpython the official image deletes.
            f'chroot "$1" sh -ec \'cd /tmp; v=$(dpkg-query -W -f="\\${{Version}}" {_PY}); '
            f'apt-get -q -o APT::Sandbox::User=root download lib{_PY}-dev=$v {_PY}-dev=$v; '
            f'for deb in ./*.deb; do dpkg-deb -x "$deb" /; done; rm ./*.deb; '
            f'rm -f /usr/lib/{_PY}/config-*/lib{_PY}*.a /usr/lib/*-linux-gnu/lib{_PY}*.a\'',
            *(f'ln -s {target} "$1/usr/local/bin/{name}"' for name, target in _PYTHON_LINKS.items()),
            _PYTHON_CONFIG_WRAPPERS,
            # pip installs into the official image's own prefix; Debian marks its Python
            # as externally managed, the official image does not.
            f'rm -f "$1/usr/lib/{_PY}/EXTERNALLY-MANAGED"',
        ),
        slim=True,
    ),
    (f"ENV PATH=/usr/local/bin:{DEFAULT_PATH}", EGRESS_ENV, 'CMD ["python3"]'),
)

RECIPES: tuple[Recipe, ...] = (
    Recipe(r"(docker\.io/)?(library/)?golang:[\w.]+-trixie", _fixed(GOLANG)),
    Recipe(r"(docker\.io/)?(library/)?rust:[\w.]+-slim-trixie", _fixed(RUST_SLIM)),
    Recipe(r"(docker\.io/)?(library/)?debian:trixie-slim", _fixed(DEBIAN_SLIM)),
    Recipe(r"(docker\.io/)?(library/)?python:[\w.]+-slim-trixie", _fixed(PYTHON_SLIM)),
    Recipe(r"ghcr\.io/astral-sh/uv:(?P<version>\d+\.\d+\.\d+)", _uv),
    Recipe(
        r"gcr\.io/distroless/(?P<flavour>static|base|cc|python3)-debian13:(?P<tag>nonroot|latest)",
        _distroless,
    ),
    Recipe(r".*@sha256:.*", _unavailable("a digest-pinned image cannot be stood in")),
    Recipe(r"(.*/)?alpine:.*|.*[:-]alpine[\w.]*", _unavailable("no Alpine package mirror is reachable")),
    Recipe(
        r"(.*/)?(eclipse-temurin|maven|gradle|openjdk|amazoncorretto)(:.*)?|gcr\.io/distroless/java.*",
        _unavailable("Java builds need Maven Central, which is unreachable"),
    ),
)


def plan(images: list[str]) -> dict[str, Standin]:
    """The stand-in for each image; raises NotProvisionable for the first that has none."""
    return {image: _standin_for(image) for image in images}


def _standin_for(image: str) -> Standin:
    for recipe in RECIPES:
        match = recipe.compiled.fullmatch(image)
        if match:
            return recipe.make(match)
    raise NotProvisionable(f"{image}: no stand-in recipe for this image family (e2e/harness/standins.py)")


def provision(image: str, standin: Standin, cache: Path) -> bool:
    """Make `image` exist in the engine; reuses an earlier import of the same recipe.

    Returns True when the image had to be (re)imported.
    """
    message = f"msb-e2e stand-in {standin.fingerprint()}"
    existing = docker.image_inspect(image)
    if existing and existing.get("Comment") == message:
        return False
    try:
        tarball = standin.rootfs.tarball(cache)
    except subprocess.CalledProcessError as err:
        raise docker.DockerError(f"building the root filesystem for {image} failed: {err}") from None
    docker.import_image(tarball, image, list(standin.changes), message)
    if existing:
        docker.remove_image(existing["Id"])  # the outdated stand-in, now untagged
    return True
