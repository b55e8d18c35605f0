"""Thin wrappers around the docker CLI. Everything runs with --network host."""

import contextlib
import json
import os
import subprocess
import tarfile
import time
from pathlib import Path

BUILD_TIMEOUT = 30 * 60


class DockerError(Exception):
    """A docker command failed; the message carries its stderr."""


def docker(*args: str, timeout: float = 300, stdin=None) -> str:
    try:
        proc = subprocess.run(
            ["docker", *args], capture_output=True, text=True, timeout=timeout, stdin=stdin
        )
    except subprocess.TimeoutExpired:
        raise DockerError(f"`docker {args[0]}` timed out after {timeout:.0f} s") from None
    if proc.returncode != 0:
        raise DockerError(f"`docker {' '.join(args[:2])}` failed: {proc.stderr.strip()}")
    return proc.stdout


def build_command(context: Path, tag: str, no_cache: bool, dockerfile: Path | None = None) -> list[str]:
    """`docker build` of `context`; `dockerfile` (with its `<name>.dockerignore`) when it is
    not `context/Dockerfile`."""
    args = ["docker", "build", "--network", "host", "--progress=plain", "--tag", tag]
    if no_cache:
        args.append("--no-cache")
    if dockerfile is not None:
        args += ["--file", str(dockerfile)]
    return [*args, str(context)]


def build(context: Path, tag: str, log_path: Path, no_cache: bool,
          dockerfile: Path | None = None) -> tuple[bool, float]:
    """Build `context` into `tag`; the plain progress log goes to `log_path`. (ok, seconds)"""
    args = build_command(context, tag, no_cache, dockerfile)
    env = dict(os.environ, DOCKER_BUILDKIT="1")
    started = time.monotonic()
    with log_path.open("w") as log:
        try:
            proc = subprocess.run(
                args, stdout=log, stderr=subprocess.STDOUT,
                env=env, timeout=BUILD_TIMEOUT, stdin=subprocess.DEVNULL,
            )
            ok = proc.returncode == 0
        except subprocess.TimeoutExpired:
            log.write(f"\nERROR: build timed out after {BUILD_TIMEOUT} s\n")
            ok = False
    return ok, time.monotonic() - started


def image_inspect(ref: str) -> dict | None:
    """The image's inspect record, or None when the engine has no such image."""
    proc = subprocess.run(
        ["docker", "image", "inspect", ref], capture_output=True, text=True, timeout=60
    )
    return json.loads(proc.stdout)[0] if proc.returncode == 0 else None


def import_image(tarball: Path, ref: str, changes: list[str], message: str) -> None:
    args = ["import", "--message", message]
    for change in changes:
        args += ["--change", change]
    docker(*args, str(tarball), ref, timeout=600)


def remove_image(ref: str) -> None:
    subprocess.run(["docker", "image", "rm", "--force", ref], capture_output=True, timeout=120)


def run_detached(image: str, name: str) -> str:
    return docker("run", "--detach", "--network", "host", "--name", name, image).strip()


def run_to_completion(image: str, name: str, timeout: float) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["docker", "run", "--network", "host", "--name", name, image],
        capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL,
    )


def container_state(container: str) -> dict:
    return json.loads(docker("container", "inspect", "--format", "{{json .State}}", container))


def container_logs(container: str, lines: int = 20) -> str:
    proc = subprocess.run(
        ["docker", "logs", "--tail", str(lines), container],
        capture_output=True, text=True, timeout=60,
    )
    return (proc.stdout + proc.stderr).strip()


def stop(container: str) -> float:
    """`docker stop` with its default 10 s grace period; returns the wall time it took."""
    started = time.monotonic()
    docker("stop", container, timeout=60)
    return time.monotonic() - started


def prune_build_cache() -> None:
    """Drop every build-cache record and cache mount: each variant builds cold anyway."""
    subprocess.run(["docker", "builder", "prune", "--all", "--force"], capture_output=True, timeout=300)


def has_images() -> bool:
    return bool(docker("image", "ls", "--quiet").strip())


def root_dir() -> Path:
    """Where the engine keeps images and build cache (`docker info`'s DockerRootDir)."""
    return Path(docker("info", "--format", "{{.DockerRootDir}}").strip())


def remove_container(container: str) -> None:
    subprocess.run(["docker", "rm", "--force", container], capture_output=True, timeout=120)


@contextlib.contextmanager
def exported_filesystem(image: str):
    """Yield the image's filesystem as a streaming tarfile (docker create + docker export)."""
    container = docker("create", image).strip()
    proc = subprocess.Popen(["docker", "export", container], stdout=subprocess.PIPE)
    try:
        with tarfile.open(fileobj=proc.stdout, mode="r|") as tar:
            yield tar
    finally:
        proc.stdout.close()
        proc.wait(timeout=120)
        remove_container(container)
