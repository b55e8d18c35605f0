"""The node:<v>-trixie-slim stand-in: Debian's Node.js, npm from the npm registry.

The official image unpacks Node's release tarball into /usr/local: bin/node, and bin/npm
and bin/npx linking into lib/node_modules/npm (docker-node's Dockerfile). nodejs.org is
out of reach here, so node is Debian trixie's (20.x; the Rootfs links it at
/usr/local/bin/node) and npm is the registry's own package, checked against the integrity
the registry publishes and unpacked where the official image has it. Debian's npm package
is not used: it is npm 9 spread over ~380 node-* packages in /usr/share/nodejs, a
directory on Debian node's global module path, where they could stand in for a
dependency the image forgot to copy.
"""

import base64
import hashlib
import io
import posixpath
import shutil
import tarfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .rootfs import Rootfs, cached_tarball

REGISTRY = "https://registry.npmjs.org"
# docker-node's docker-entrypoint.sh: a first argument that is an option or no command
# runs under node.
DOCKER_ENTRYPOINT = """#!/bin/sh
set -e

if [ "${1#-}" != "${1}" ] || [ -z "$(command -v "${1}")" ] || { [ -f "${1}" ] && ! [ -x "${1}" ]; }; then
  set -- node "$@"
fi

exec "$@"
"""
_SOURCE_HASH = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


@dataclass(frozen=True)
class NpmPackage:
    """One version of a package on the npm registry, with its `dist.integrity` (sha512)."""

    name: str
    version: str
    integrity: str

    @property
    def url(self) -> str:
        return f"{REGISTRY}/{self.name}/-/{self.name}-{self.version}.tgz"

    def fetch(self, cache: Path) -> bytes:
        """The package tarball, downloaded once into cache/npm and verified every time."""
        path = cache / "npm" / f"{self.name}-{self.version}.tgz"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            with urllib.request.urlopen(self.url, timeout=120) as response:
                path.with_suffix(".partial").write_bytes(response.read())
            path.with_suffix(".partial").replace(path)
        data = path.read_bytes()
        digest = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
        if digest != self.integrity:
            path.unlink()
            raise ValueError(f"{self.url}: integrity {digest} is not the pinned {self.integrity}")
        return data


@dataclass(frozen=True)
class NodeRootfs:
    """`base` plus `npm` unpacked at /usr/local/lib/node_modules/npm, linked as npm and npx."""

    base: Rootfs
    npm: NpmPackage

    def key(self) -> str:
        text = repr((_SOURCE_HASH, self.base.key(), self.npm))
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def tarball(self, cache: Path) -> Path:
        def build(output: Path) -> None:
            package = self.npm.fetch(cache)
            shutil.copyfile(self.base.tarball(cache), output)
            with tarfile.open(output, "a") as out:
                _add_npm(out, package)

        return cached_tarball(cache, self.base.name + "-npm", self.key(), build)


NPM_DIR = "usr/local/lib/node_modules/npm"
# docker-node's layout; the builtin npmrc (npm reads <its own directory>/npmrc) keeps the
# global prefix at /usr/local, where the official image's node would put it: Debian's
# node lives in /usr/bin, and npm derives the default prefix from the node binary's path.
_LINKS = {"usr/local/bin/npm": "../lib/node_modules/npm/bin/npm-cli.js",
          "usr/local/bin/npx": "../lib/node_modules/npm/bin/npx-cli.js"}
_BUILTIN_NPMRC = b"prefix=/usr/local\n"


def _add_npm(out: tarfile.TarFile, package: bytes) -> None:
    with tarfile.open(fileobj=io.BytesIO(package), mode="r:gz") as tgz:
        files = [(m, m.name.removeprefix("package/")) for m in tgz.getmembers()
                 if m.isreg() and m.name.startswith("package/")]
        directories = {NPM_DIR} | {posixpath.dirname(f"{NPM_DIR}/{name}") for _, name in files}
        for directory in sorted(_with_parents(directories)):
            info = tarfile.TarInfo(directory)
            info.type, info.mode = tarfile.DIRTYPE, 0o755
            out.addfile(info)
        for member, name in files:
            info = tarfile.TarInfo(f"{NPM_DIR}/{name}")
            info.size, info.mtime = member.size, member.mtime
            info.mode = 0o755 if name.startswith("bin/") or member.mode & 0o111 else 0o644
            out.addfile(info, tgz.extractfile(member))
    npmrc = tarfile.TarInfo(f"{NPM_DIR}/npmrc")
    npmrc.mode, npmrc.size = 0o644, len(_BUILTIN_NPMRC)
    out.addfile(npmrc, io.BytesIO(_BUILTIN_NPMRC))
    for name, target in _LINKS.items():
        link = tarfile.TarInfo(name)
        link.type, link.linkname, link.mode = tarfile.SYMTYPE, target, 0o777
        out.addfile(link)


def _with_parents(directories: set[str]) -> set[str]:
    """The directories and their parents below usr/local/lib (which the base rootfs has)."""
    result = set()
    for directory in directories:
        while directory not in ("usr/local/lib", "") and directory not in result:
            result.add(directory)
            directory = posixpath.dirname(directory)
    return result
