"""Stand-in base images built from Debian packages and tagged with the official names.

No registry is reachable, so every external FROM of a generated Dockerfile must already
be in the engine's image store. RECIPES maps image names (regex, full match) to a
recipe; the first match wins. To support a new image family, add a Recipe whose
`make` returns a Standin: a root filesystem tarball source plus `docker import
--change` lines that reproduce the official image's config (ENV, WORKDIR, USER, CMD).
Stand-ins must provide what the official image provides, or the test proves nothing.
"""

import base64
import hashlib
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import docker, nginx, node
from .distroless import DistrolessRootfs
from .node import NodeRootfs, NpmPackage
from .rootfs import DEFAULT_PATH, Rootfs
from .uv import UvRootfs


class NotProvisionable(Exception):
    """No stand-in can be made for an image on this machine; the message says why."""


@dataclass(frozen=True)
class Standin:
    rootfs: Rootfs | DistrolessRootfs | UvRootfs | NodeRootfs
    changes: tuple[str, ...] = ()
    note: str = ""  # what the stand-in does not reproduce, shown beside the variant's result

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


def write_file(path: str, text: str, mode: str = "644") -> str:
    """A customize hook writing `text` to $1`path` (base64 in the hook: no quoting issues)."""
    encoded = base64.b64encode(text.encode()).decode()
    return f'echo {encoded} | base64 -d >"$1{path}" && chmod {mode} "$1{path}"'


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
    flavour = "nodejs" if match["flavour"].startswith("nodejs") else match["flavour"]
    if flavour == "python3":  # python3/python.bzl
        changes += ["ENV LANG=C.UTF-8", 'ENTRYPOINT ["/usr/bin/python3.13"]']
    if flavour == "nodejs":  # nodejs/BUILD
        changes.append('ENTRYPOINT ["/nodejs/bin/node"]')
    return Standin(DistrolessRootfs(flavour), tuple(changes))


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

# docker-node's trixie-slim Dockerfile: debian:trixie-slim, user node (1000:1000, home
# /home/node, bash), node and npm in /usr/local/bin, docker-entrypoint.sh, CMD ["node"].
# The release tarball carries Node's own CA roots; Debian's node and npm here trust this
# machine's egress proxy only through NODE_EXTRA_CA_CERTS and the host's bundle.
NODE_SLIM = Standin(
    NodeRootfs(
        Rootfs(
            "node-trixie-slim",
            packages=("ca-certificates", "nodejs"),
            hooks=(
                'chroot "$1" groupadd --gid 1000 node',
                'chroot "$1" useradd --uid 1000 --gid node --shell /bin/bash --create-home node',
                'ln -s /usr/bin/node "$1/usr/local/bin/node" && ln -s node "$1/usr/local/bin/nodejs"',
                write_file("/usr/local/bin/docker-entrypoint.sh", node.DOCKER_ENTRYPOINT, "755"),
            ),
            slim=True,
        ),
        NpmPackage(
            "npm", "11.21.2",
            "sha512-7HPApk+AflMUavSseL1Pm6CnYqMIHk53x+KmuhqmTDqPkjPMgxIpTPcTqsE91EKNw4gFBJV9fnXiSdGm1DXq9A==",
        ),
    ),
    (
        f"ENV PATH={DEFAULT_PATH}",
        f"ENV NODE_EXTRA_CA_CERTS={CA_BUNDLE}",
        'ENTRYPOINT ["docker-entrypoint.sh"]',
        'CMD ["node"]',
    ),
)

# nginx-unprivileged's alpine-slim Dockerfile on top of nginx.org's package layout: its
# nginx.conf with `user` removed, the pid file and temp paths in /tmp, logs linked to
# stdout and stderr, /etc/nginx and /var/cache/nginx owned by 101:0 and group-writable,
# /docker-entrypoint.sh, USER 101, port 8080, SIGQUIT. Debian's nginx (1.26) stands in for
# nginx.org's 1.30 on Alpine; the entrypoint's /docker-entrypoint.d scripts change nothing
# for a default.conf the image replaces, so here it only execs its arguments.
NGINX_UNPRIVILEGED = Standin(
    Rootfs(
        "nginx-unprivileged-trixie",
        packages=("nginx", "ca-certificates", "curl", "tzdata", "gettext-base"),
        hooks=(
            'chroot "$1" groupadd --system --gid 101 nginx',
            'chroot "$1" useradd --system --uid 101 --gid nginx --no-create-home '
            '--home-dir /var/cache/nginx --shell /usr/sbin/nologin nginx',
            # Debian's layout (sites-*, modules-*, snippets) is not nginx.org's.
            'cd "$1/etc/nginx" && rm -rf sites-available sites-enabled modules-available '
            'modules-enabled snippets proxy_params fastcgi.conf "$1/var/www"',
            'mkdir -p "$1/etc/nginx/conf.d" "$1/var/cache/nginx" "$1/docker-entrypoint.d" '
            '"$1/usr/share/nginx/html"',
            write_file("/etc/nginx/nginx.conf", nginx.NGINX_CONF),
            write_file("/etc/nginx/conf.d/default.conf", nginx.DEFAULT_CONF),
            write_file("/docker-entrypoint.sh", nginx.DOCKER_ENTRYPOINT, "755"),
            'ln -sf /dev/stdout "$1/var/log/nginx/access.log" && ln -sf /dev/stderr "$1/var/log/nginx/error.log"',
            'chroot "$1" sh -c "chown -R 101:0 /var/cache/nginx /etc/nginx && chmod -R g+w /var/cache/nginx /etc/nginx"',
        ),
        slim=True,
    ),
    (
        f"ENV PATH={DEFAULT_PATH}",
        'ENTRYPOINT ["/docker-entrypoint.sh"]',
        "EXPOSE 8080",
        "STOPSIGNAL SIGQUIT",
        "USER 101",
        'CMD ["nginx", "-g", "daemon off;"]',
    ),
    note="nginxinc/nginx-unprivileged:*-alpine ran on a Debian stand-in: faithful for nginx's "
         "configuration, paths and user, not for Alpine (musl, busybox)",
)

RECIPES: tuple[Recipe, ...] = (
    Recipe(r"(docker\.io/)?(library/)?golang:[\w.]+-trixie", _fixed(GOLANG)),
    Recipe(r"(docker\.io/)?(library/)?rust:[\w.]+-slim-trixie", _fixed(RUST_SLIM)),
    Recipe(r"(docker\.io/)?(library/)?debian:trixie-slim", _fixed(DEBIAN_SLIM)),
    Recipe(r"(docker\.io/)?(library/)?python:[\w.]+-slim-trixie", _fixed(PYTHON_SLIM)),
    Recipe(r"(docker\.io/)?(library/)?node:[\w.]+-trixie-slim", _fixed(NODE_SLIM)),
    Recipe(r"ghcr\.io/astral-sh/uv:(?P<version>\d+\.\d+\.\d+)", _uv),
    Recipe(
        r"gcr\.io/distroless/(?P<flavour>static|base|cc|python3|nodejs\d+)-debian13:(?P<tag>nonroot|latest)",
        _distroless,
    ),
    Recipe(r"(docker\.io/)?nginxinc/nginx-unprivileged:[\w.]+-alpine[\w.]*", _fixed(NGINX_UNPRIVILEGED)),
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
