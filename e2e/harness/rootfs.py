"""Debian trixie root filesystems made with mmdebstrap, cached as tarballs."""

import hashlib
import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SUITE = "trixie"
DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

# Apt as the official Debian images configure it: deb822 sources with updates and
# security, and docker-clean (no .deb or pkgcache left behind by apt-get install).
_APT_SOURCES = f"""Types: deb
URIs: http://deb.debian.org/debian
Suites: {SUITE} {SUITE}-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: {SUITE}-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
"""
_RM_DEBS = '"rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"'
_DOCKER_CLEAN = (
    f"DPkg::Post-Invoke {{ {_RM_DEBS}; }};\n"
    f"APT::Update::Post-Invoke {{ {_RM_DEBS}; }};\n"
    'Dir::Cache::pkgcache "";\n'
    'Dir::Cache::srcpkgcache "";\n'
)
# The host's CA bundle, so that builds reach package registries exactly as the host does.
_CA_HOOK = 'cp /etc/ssl/certs/ca-certificates.crt "$1/etc/ssl/certs/ca-certificates.crt"'
# The host's local CAs (an egress proxy's, say), so that a bundle which a build makes by
# installing ca-certificates trusts them too. Not in the official images: it only lets
# builds here reach what they would reach without the proxy.
_LOCAL_CA_DIR = "/usr/local/share/ca-certificates"
_LOCAL_CA_HOOK = (
    f'if ls {_LOCAL_CA_DIR}/*.crt >/dev/null 2>&1; then mkdir -p "$1{_LOCAL_CA_DIR}"'
    f' && cp {_LOCAL_CA_DIR}/*.crt "$1{_LOCAL_CA_DIR}/"; fi'
)
# What the official -slim images leave out (debuerreotype's slimify).
_SLIM_EXCLUDES = (
    "path-exclude=/usr/share/doc/*",
    "path-include=/usr/share/doc/*/copyright",
    "path-exclude=/usr/share/man/*",
    "path-exclude=/usr/share/info/*",
    "path-exclude=/usr/share/locale/*",
    "path-exclude=/usr/share/lintian/*",
    "path-exclude=/usr/share/linda/*",
    "path-exclude=/usr/share/groff/*",
)
_COMMON_HOOKS = (
    'rm -f "$1/etc/apt/sources.list" "$1"/var/cache/apt/*.bin',
    f"printf '%s' '{_APT_SOURCES}' >\"$1/etc/apt/sources.list.d/debian.sources\"",
    f"printf '%s' '{_DOCKER_CLEAN}' >\"$1/etc/apt/apt.conf.d/docker-clean\"",
    _LOCAL_CA_HOOK,
)
_SOURCE_HASH = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


@dataclass(frozen=True)
class Rootfs:
    """`mmdebstrap --variant=minbase` of trixie plus `packages`; `hooks` run with $1 = rootfs."""

    name: str
    packages: tuple[str, ...] = ()
    hooks: tuple[str, ...] = ()
    slim: bool = False

    def key(self) -> str:
        text = repr((_SOURCE_HASH, self.name, self.packages, self.hooks, self.slim))
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def tarball(self, cache: Path) -> Path:
        """The cached tarball, built first when missing."""
        log_path = cache / "logs" / f"rootfs-{self.name}.log"
        return cached_tarball(cache, self.name, self.key(), lambda out: self._build(out, log_path))

    def _build(self, output: Path, log_path: Path) -> None:
        log_path.parent.mkdir(parents=True, exist_ok=True)
        with log_path.open("w") as log:
            subprocess.run(
                self._command(output), stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, check=True, timeout=20 * 60,
            )

    def _command(self, output: Path) -> list[str]:
        command = ["mmdebstrap", "--variant=minbase", "--format=tar"]
        if self.packages:
            command.append("--include=" + ",".join(self.packages))
        if self.slim:
            command += [f"--dpkgopt={option}" for option in _SLIM_EXCLUDES]
        hooks = _COMMON_HOOKS + ((_CA_HOOK,) if "ca-certificates" in self.packages else ())
        command += [f"--customize-hook={hook}" for hook in hooks + self.hooks]
        return [*command, SUITE, str(output)]


def cached_tarball(cache: Path, name: str, key: str, build: Callable[[Path], None]) -> Path:
    """cache/rootfs/NAME-KEY.tar, made by `build(path)` when missing; older keys are deleted."""
    path = cache / "rootfs" / f"{name}-{key}.tar"
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob(f"{name}-{'[0-9a-f]' * len(key)}.tar"):
        stale.unlink()
    partial = path.with_suffix(".partial")
    build(partial)
    os.replace(partial, path)
    return path
