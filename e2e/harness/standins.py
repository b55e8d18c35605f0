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


class NotProvisionable(Exception):
    """No stand-in can be made for an image on this machine; the message says why."""


@dataclass(frozen=True)
class Standin:
    rootfs: Rootfs | DistrolessRootfs
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


def _distroless(match: re.Match) -> Standin:
    nonroot = match["tag"] == "nonroot"
    return Standin(
        DistrolessRootfs(match["flavour"]),
        (
            f"ENV PATH={DEFAULT_PATH}",
            "ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt",
            "USER 65532" if nonroot else "USER 0",
            "WORKDIR /home/nonroot" if nonroot else "WORKDIR /",
        ),
    )


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
    (f"ENV PATH={DEFAULT_PATH}", 'CMD ["bash"]'),
)

RECIPES: tuple[Recipe, ...] = (
    Recipe(r"(docker\.io/)?(library/)?golang:[\w.]+-trixie", _fixed(GOLANG)),
    Recipe(r"(docker\.io/)?(library/)?rust:[\w.]+-slim-trixie", _fixed(RUST_SLIM)),
    Recipe(r"(docker\.io/)?(library/)?debian:trixie-slim", _fixed(DEBIAN_SLIM)),
    Recipe(
        r"gcr\.io/distroless/(?P<flavour>static|base|cc)-debian13:(?P<tag>nonroot|latest)",
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
