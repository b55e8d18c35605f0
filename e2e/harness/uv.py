"""The ghcr.io/astral-sh/uv:<version> stand-in: `/uv` and `/uvx` on an empty image.

The official image is `FROM scratch` holding uv's static musl binaries (`COPY uv uvx /`,
`WORKDIR /io`, `ENTRYPOINT ["/uv"]`). The same binaries ship in the musllinux wheel of
`uv==<version>` on PyPI (`uv-<version>.data/scripts/`); pip downloads it and checks the
hash the index publishes.
"""

import hashlib
import io
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .rootfs import cached_tarball

PLATFORM = "musllinux_1_1_x86_64"
BINARIES = ("uv", "uvx")
_SOURCE_HASH = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


@dataclass(frozen=True)
class UvRootfs:
    version: str

    def key(self) -> str:
        text = repr((_SOURCE_HASH, self.version, PLATFORM))
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def tarball(self, cache: Path) -> Path:
        log_path = cache / "logs" / f"uv-{self.version}.log"
        return cached_tarball(cache, f"uv-{self.version}", self.key(), lambda out: self._build(out, log_path))

    def _build(self, output: Path, log_path: Path) -> None:
        log_path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="msb-e2e-uv-") as tmp, log_path.open("w") as log:
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                 "--platform", PLATFORM, "--dest", tmp, f"uv=={self.version}"],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, check=True, timeout=600,
            )
            wheel = next(Path(tmp).glob("uv-*.whl"))
            with zipfile.ZipFile(wheel) as archive, tarfile.open(output, "w") as out:
                for name in BINARIES:
                    data = archive.read(f"uv-{self.version}.data/scripts/{name}")
                    info = tarfile.TarInfo(name)
                    info.mode, info.size = 0o755, len(data)
                    out.addfile(info, io.BytesIO(data))
                workdir = tarfile.TarInfo("io")
                workdir.type, workdir.mode = tarfile.DIRTYPE, 0o755
                out.addfile(workdir)
