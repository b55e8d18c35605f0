"""Distroless stand-ins: exactly the files of the Debian packages the real images hold.

The real gcr.io/distroless/*-debian13 images are made by unpacking a fixed set of .debs
(no maintainer scripts) plus generated passwd/group/os-release files; see
GoogleContainerTools/distroless static/static.bzl, base/config.bzl, cc/config.bzl and
common/BUILD.bazel. Here the packages' files are taken from a trixie rootfs, using
dpkg's own file lists, and written to a new tarball for `docker import`.
"""

import hashlib
import io
import posixpath
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .rootfs import Rootfs, cached_tarball

_STATIC = ("base-files", "netbase", "tzdata", "media-types")
_BASE = _STATIC + ("libc6", "libssl3t64", "libzstd1", "zlib1g")
_CC = _BASE + ("libgomp1", "libstdc++6", "libgcc-s1", "gcc-14-base")
# python3/config.bzl (debian13), on top of cc; python3/python.bzl adds the aliases below.
_PYTHON3 = _CC + (
    "libbz2-1.0", "libdb5.3t64", "libexpat1", "liblzma5", "libsqlite3-0", "libuuid1",
    "libncursesw6", "libtinfo6", "zlib1g", "libcom-err2", "libcrypt1", "libgssapi-krb5-2",
    "libk5crypto3", "libkeyutils1", "libkrb5-3", "libkrb5support0", "libnsl2", "libreadline8t64",
    "libtirpc3t64", "libffi8", "libpython3.13-minimal", "libpython3.13-stdlib",
    "python3.13-minimal", "python3.13-venv",
)
# nodejs/BUILD: cc plus Node's release tarball at /nodejs, without npm, corepack and headers.
# Node's release binary carries its libraries and JavaScript dependencies inside; Debian's
# node (20.x) links them, so the stand-in holds the packages that provide them, and
# Debian's /usr/bin/node is copied to /nodejs/bin/node.
_NODEJS = _CC + (
    "libbrotli1", "libcares2", "libicu76", "libnghttp2-14", "libuv1t64", "libnode115",
    "node-acorn", "node-xtend", "node-cjs-module-lexer", "node-undici", "node-minimatch",
    "node-brace-expansion", "node-balanced-match",
)
PACKAGES = {"static": _STATIC, "base": _BASE, "cc": _CC, "python3": _PYTHON3, "nodejs": _NODEJS}
_SYMLINKS = {"python3": {"usr/bin/python": "/usr/bin/python3.13", "usr/bin/python3": "/usr/bin/python3.13"}}
_COPIES = {"nodejs": {"nodejs/bin/node": "usr/bin/node"}}
# The python3 image ships an /etc/ld.so.cache of its own libraries (python3/ldconfig/).
_LD_CACHE = {"python3"}

# One trixie rootfs that holds every package above (its CA bundle is the host's).
SOURCE = Rootfs("distroless-source", packages=tuple(dict.fromkeys(("ca-certificates",) + _PYTHON3 + _NODEJS)))

NONROOT = 65532
_FILES = {
    "etc/passwd": (
        "root:x:0:0:root:/root:/sbin/nologin\n"
        "nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n"
        f"nonroot:x:{NONROOT}:{NONROOT}:nonroot:/home/nonroot:/sbin/nologin\n"
    ),
    "etc/group": f"root:x:0:\nnobody:x:65534:\ntty:x:5:\nstaff:x:50:\nnonroot:x:{NONROOT}:\n",
    "etc/nsswitch.conf": (
        "passwd:         compat\ngroup:          compat\nshadow:         compat\n"
        "gshadow:        files\n\nhosts:          files dns\nnetworks:       files\n\n"
        "protocols:      db files\nservices:       db files\nethers:         db files\n"
        "rpc:            db files\n\nnetgroup:       nis\n"
    ),
    "etc/os-release": (
        'PRETTY_NAME="Distroless"\nNAME="Debian GNU/Linux"\nID="debian"\nVERSION_ID="13"\n'
        'VERSION="Debian GNU/Linux 13 (trixie)"\n'
        'HOME_URL="https://github.com/GoogleContainerTools/distroless"\n'
    ),
}
# (path, mode, uid) of directories the real images create themselves.
_DIRS = (("root", 0o700, 0), ("home", 0o755, 0), ("home/nonroot", 0o700, NONROOT), ("tmp", 0o1777, 0))
_CA_BUNDLE = "etc/ssl/certs/ca-certificates.crt"
_SOURCE_HASH = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


@dataclass(frozen=True)
class DistrolessRootfs:
    flavour: str  # static, base, cc, python3 or nodejs

    def key(self) -> str:
        text = repr((_SOURCE_HASH, self.flavour, SOURCE.key()))
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def tarball(self, cache: Path) -> Path:
        def build(output: Path) -> None:
            _write(SOURCE.tarball(cache), self.flavour, output)
            if self.flavour in _LD_CACHE:
                _add_ld_cache(output)

        return cached_tarball(cache, f"distroless-{self.flavour}", self.key(), build)


def _write(source: Path, flavour: str, output: Path) -> None:
    with tarfile.open(source) as src, tarfile.open(output, "w") as out:
        members = {_norm(m.name): m for m in src.getmembers()}
        wanted = _package_paths(src, members, PACKAGES[flavour])
        wanted.add(_CA_BUNDLE)
        wanted |= {name for name, m in members.items() if "/" not in name and m.issym()}
        links = _SYMLINKS.get(flavour, {})
        writer = _Writer(src, out, members)
        for name in sorted(wanted - set(_FILES) - set(links) - {d for d, _, _ in _DIRS}):
            writer.add(name)
        for name, mode, uid in _DIRS:
            writer.add_dir(name, mode, uid)
        for name, text in _FILES.items():
            writer.add_file(name, text.encode())
        for name, target in links.items():
            writer.add_symlink(name, target)
        for name, source_name in _COPIES.get(flavour, {}).items():
            writer.add(source_name, as_name=name)


def _add_ld_cache(output: Path) -> None:
    """Append the etc/ld.so.cache that ldconfig makes for the image's own libraries."""
    ldconfig = shutil.which("ldconfig") or "/sbin/ldconfig"
    with tempfile.TemporaryDirectory(prefix="msb-e2e-ldconfig-") as root:
        subprocess.run(["tar", "-xf", str(output), "-C", root], check=True)
        subprocess.run([ldconfig, "-r", root], check=True, capture_output=True)
        data = (Path(root) / "etc/ld.so.cache").read_bytes()
    with tarfile.open(output, "a") as out:
        info = tarfile.TarInfo("etc/ld.so.cache")
        info.mode, info.size = 0o644, len(data)
        out.addfile(info, io.BytesIO(data))


def _norm(name: str) -> str:
    return posixpath.normpath(name.lstrip("/")).removeprefix("./").lstrip("/")


def _package_paths(src: tarfile.TarFile, members: dict, packages: tuple[str, ...]) -> set[str]:
    """Every path in the rootfs that dpkg lists for `packages`, symlinks followed."""
    paths: set[str] = set()
    for package in packages:
        for listed in _dpkg_list(src, members, package):
            paths |= _resolve(_norm(listed), members)
    paths.discard(".")
    return paths


def _dpkg_list(src: tarfile.TarFile, members: dict, package: str) -> list[str]:
    for name in (package, f"{package}:amd64"):
        member = members.get(f"var/lib/dpkg/info/{name}.list")
        if member:
            return src.extractfile(member).read().decode().split("\n")
    raise FileNotFoundError(f"package {package} is not installed in the distroless source rootfs")


def _resolve(path: str, members: dict, depth: int = 0) -> set[str]:
    """`path` as the rootfs has it: symlinked directories and symlink targets included."""
    if not path or depth > 16:
        return set()
    found: set[str] = set()
    current = ""
    for part in path.split("/"):
        current = posixpath.join(current, part) if current else part
        member = members.get(current)
        if member is not None and member.issym():
            found.add(current)
            target = _norm(posixpath.join(posixpath.dirname(current), member.linkname))
            rest = path[len(current):].lstrip("/")
            return found | _resolve(posixpath.join(target, rest) if rest else target, members, depth + 1)
    if current in members:
        found.add(current)
    return found


class _Writer:
    """Writes members in order, each after its parent directories."""

    def __init__(self, src: tarfile.TarFile, out: tarfile.TarFile, members: dict):
        self.src, self.out, self.members = src, out, members
        self.written: set[str] = set()

    def add(self, name: str, as_name: str | None = None) -> None:
        """Copy the source's member `name`, as `as_name` when given."""
        target = as_name or name
        if target in self.written:
            return
        self._parents(target)
        member = self.members[name]
        info = tarfile.TarInfo(target)
        for attr in ("mode", "uid", "gid", "uname", "gname", "mtime", "type", "linkname"):
            setattr(info, attr, getattr(member, attr))
        data = None
        if member.isreg() or member.islnk():  # hard links become regular files
            data = self.src.extractfile(member).read()
            info.type, info.linkname, info.size = tarfile.REGTYPE, "", len(data)
        self.out.addfile(info, io.BytesIO(data) if data is not None else None)
        self.written.add(target)

    def add_dir(self, name: str, mode: int, uid: int) -> None:
        self._parents(name)
        info = tarfile.TarInfo(name)
        info.type, info.mode, info.uid, info.gid = tarfile.DIRTYPE, mode, uid, uid
        self.out.addfile(info)
        self.written.add(name)

    def add_file(self, name: str, data: bytes) -> None:
        self._parents(name)
        info = tarfile.TarInfo(name)
        info.mode, info.size = 0o644, len(data)
        self.out.addfile(info, io.BytesIO(data))
        self.written.add(name)

    def add_symlink(self, name: str, target: str) -> None:
        self._parents(name)
        info = tarfile.TarInfo(name)
        info.type, info.linkname, info.mode = tarfile.SYMTYPE, target, 0o777
        self.out.addfile(info)
        self.written.add(name)

    def _parents(self, name: str) -> None:
        parent = posixpath.dirname(name)
        if not parent or parent in self.written:
            return
        if parent in self.members and self.members[parent].isdir():
            self.add(parent)
        else:
            self.add_dir(parent, 0o755, 0)
