"""Free space where the engine keeps its images and build cache.

A full disk makes builds fail with errors that name some layer, not the disk; the
suite checks the free space before it starts and reports the lowest it saw.
"""

import shutil
from dataclasses import dataclass, field
from pathlib import Path

GB = 1e9
# Measured in e2e/README.md ("Disk"): the stand-in images take 3.8 GB in the engine and
# their root filesystem tarballs 2.6 GB in the cache; one variant's image and build cache
# take up to 0.7 GB and are dropped before the next variant.
FRESH_NEED = 8 * GB
WARM_NEED = 1 * GB


class NotEnoughSpace(Exception):
    """Less free space than a run needs; the message names the path and the figures."""


def free_bytes(path: Path) -> int:
    return shutil.disk_usage(path).free


def needed(engine_has_images: bool) -> float:
    """A run on an engine without images makes every stand-in; later runs reuse them."""
    return WARM_NEED if engine_has_images else FRESH_NEED


def require_free(path: Path, need: float, free: int | None = None) -> None:
    free = free_bytes(path) if free is None else free
    if free < need:
        what = "one variant's build" if need <= WARM_NEED else "the stand-in images and one variant's build"
        raise NotEnoughSpace(
            f"{path} has {free / GB:.1f} GB free; the suite needs {need / GB:.0f} GB "
            f"({what}): free some space or point MSB_E2E_DATA_ROOT at a larger disk"
        )


@dataclass
class LowWater:
    """The lowest free space seen at `path` over the samples taken."""

    path: Path
    lowest: int | None = None
    samples: list[int] = field(default_factory=list)

    def sample(self, free: int | None = None) -> None:
        free = free_bytes(self.path) if free is None else free
        self.samples.append(free)
        self.lowest = free if self.lowest is None else min(self.lowest, free)

    def summary(self) -> str:
        if self.lowest is None:
            return f"disk: no sample of {self.path}"
        used = self.samples[0] - self.lowest
        return (f"disk: {self.path}: {self.samples[0] / GB:.1f} GB free at the start, "
                f"lowest {self.lowest / GB:.1f} GB (the run took up to {used / GB:.1f} GB)")
