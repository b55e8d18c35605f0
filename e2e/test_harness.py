"""Unit tests of the harness's pure parts: python3 -m unittest discover -s e2e"""

import base64
import hashlib
import io
import subprocess
import tarfile
import tempfile
import unittest
from pathlib import Path
from unittest import mock

from harness import cases, checks, disk, distroless, docker, dockerfile, node, standins

GO_DOCKERFILE = """\
# a comment
ARG GO_VERSION=1.27
ARG UNUSED

FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-trixie AS deps
RUN --mount=type=cache,target=/go/pkg/mod \\
    # a comment inside a continuation
    go mod download
FROM deps AS build
RUN <<EOF
FROM not-an-instruction
EOF
FROM scratch AS certs
FROM gcr.io/distroless/static-debian13:nonroot AS runtime
COPY --from=build /out/app /app
"""

# Shaped like BuildKit 0.13's --progress=plain output after a source-only change.
REBUILD_LOG = """\
#1 [internal] load build definition from Dockerfile
#1 DONE 0.0s
#5 [deps 1/3] FROM docker.io/library/golang:1.24-trixie
#5 DONE 0.0s
#6 [deps 2/3] WORKDIR /src
#6 CACHED
#7 [deps 3/3] RUN go mod download
#7 CACHED
#8 [build 1/1] RUN go build -o /out/app .
#8 0.071 compiling
#8 DONE 0.3s
#5 [deps 1/3] FROM docker.io/library/golang:1.24-trixie
#5 CACHED
#9 [runtime 2/2] COPY --from=build /out/app /app
#9 DONE 0.0s
#10 exporting to image
#10 DONE 0.0s
"""


class DockerfileTest(unittest.TestCase):
    def test_external_images_resolve_global_args_and_skip_stages(self):
        parsed = dockerfile.parse(GO_DOCKERFILE)
        self.assertEqual(
            parsed.external_images(),
            ["golang:1.27-trixie", "gcr.io/distroless/static-debian13:nonroot"],
        )

    def test_copy_from_and_mount_from_images_are_external(self):
        parsed = dockerfile.parse(
            "ARG UV=0.13.9\n"
            "FROM python:3.13-slim-trixie AS deps\n"
            "COPY --from=ghcr.io/astral-sh/uv:${UV} /uv /uvx /bin/\n"
            "RUN --mount=type=bind,from=busybox:1.37,source=/bin,target=/b true\n"
            "FROM deps AS build\n"
            "COPY --from=deps /app /app\n"
            "COPY --from=0 /app /app2\n"
            "COPY --from=runtime /x /x\n"
            "RUN --mount=type=cache,target=/root/.cache/uv uv sync\n"
            "FROM gcr.io/distroless/python3-debian13:nonroot AS runtime\n"
            "COPY --from=build --chown=65532 /app /app\n"
        )
        self.assertEqual(parsed.external_images(), [
            "python:3.13-slim-trixie", "ghcr.io/astral-sh/uv:0.13.9", "busybox:1.37",
            "gcr.io/distroless/python3-debian13:nonroot",
        ])

    def test_arg_without_default_is_an_error(self):
        with self.assertRaisesRegex(dockerfile.DockerfileError, "BASE"):
            dockerfile.parse("ARG BASE\nFROM ${BASE}\n")

    def test_default_operator(self):
        self.assertEqual(dockerfile.substitute("node:${V:-24}-slim", {}), "node:24-slim")


class RebuildLogTest(unittest.TestCase):
    def test_cached_deps_and_rerun_build_pass(self):
        self.assertEqual(checks.rebuild_problems(REBUILD_LOG, "main.go"), [])

    def test_rerun_deps_step_is_reported(self):
        log = REBUILD_LOG.replace("#7 CACHED", "#7 DONE 4.2s")
        problems = checks.rebuild_problems(log, "main.go")
        self.assertEqual(len(problems), 1)
        self.assertIn("[deps 3/3] RUN go mod download", problems[0])

    def test_nothing_rerun_is_reported(self):
        log = REBUILD_LOG.replace("#8 DONE 0.3s", "#8 CACHED").replace("#9 DONE 0.0s", "#9 CACHED")
        self.assertIn("did not rebuild", " ".join(checks.rebuild_problems(log, "main.go")))

    def test_missing_deps_stage_is_reported(self):
        log = REBUILD_LOG.replace("[deps ", "[stage-0 ")
        self.assertIn("no dependency-stage step", " ".join(checks.rebuild_problems(log, "main.go")))

    def test_case_without_dependencies_may_lack_a_deps_stage(self):
        log = REBUILD_LOG.replace("[deps ", "[build ")
        self.assertEqual(checks.rebuild_problems(log, "main.go", expect_deps=False), [])

    def test_dev_deps_counts_as_a_deps_stage(self):
        log = REBUILD_LOG.replace("[deps 3/3]", "[dev-deps 2/2]").replace("#7 CACHED", "#7 DONE 1.0s")
        self.assertIn("[dev-deps 2/2]", " ".join(checks.rebuild_problems(log, "main.go")))


class FilesystemTest(unittest.TestCase):
    def scan(self, files: dict[str, bytes], forbidden=("*.go",)):
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w") as tar:
            for name, data in files.items():
                info = tarfile.TarInfo(name)
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
        buffer.seek(0)
        patterns = {
            "compiler": checks.COMPILERS,
            "cache": checks.PACKAGE_CACHES,
            "decoy": checks.DECOY_NAMES,
            "source": forbidden,
        }
        with tarfile.open(fileobj=buffer, mode="r|") as tar:
            return checks.forbidden_paths(tar, patterns)

    def test_clean_image(self):
        self.assertEqual(self.scan({"app": b"\x7fELF", "usr/share/gopher.txt": b"go"}), [])

    def test_everything_forbidden_is_found(self):
        problems = self.scan({
            "usr/bin/go": b"", "usr/lib/gcc/x86_64-linux-gnu/14/cc1": b"",
            "root/.cache/pip/x": b"", "app/.env": b"", "src/main.go": b"",
            "app/config.txt": b"prefix MSB-DECOY-SECRET suffix",
        })
        text = "\n".join(problems)
        for path in ("/usr/bin/go", "cc1", "/root/.cache/pip/x", "/app/.env", "/src/main.go", "/app/config.txt"):
            self.assertIn(path, text)

    def test_marker_split_across_chunks(self):
        data = b"x" * ((1 << 20) - 5) + b"MSB-DECOY-SECRET"
        self.assertTrue(checks._contains(io.BytesIO(data), checks.DECOY_MARKER))


class UserTest(unittest.TestCase):
    def test_users(self):
        self.assertIsNone(checks.user_problem("65532:65532"))
        self.assertIsNone(checks.user_problem("10001"))
        self.assertIn("root", checks.user_problem("0:0"))
        self.assertIn("numeric", checks.user_problem("nonroot"))
        self.assertIn("numeric", checks.user_problem(""))


class RecipeTest(unittest.TestCase):
    def test_families(self):
        plan = standins.plan([
            "golang:1.25-trixie", "rust:1.90-slim-trixie", "debian:trixie-slim",
            "gcr.io/distroless/cc-debian13:nonroot",
        ])
        self.assertIn("USER 65532", plan["gcr.io/distroless/cc-debian13:nonroot"].changes)

    def test_python_families(self):
        plan = standins.plan([
            "python:3.13-slim-trixie", "ghcr.io/astral-sh/uv:0.13.9",
            "gcr.io/distroless/python3-debian13:nonroot",
        ])
        self.assertIn('CMD ["python3"]', plan["python:3.13-slim-trixie"].changes)
        self.assertEqual(plan["ghcr.io/astral-sh/uv:0.13.9"].rootfs.version, "0.13.9")
        distroless = plan["gcr.io/distroless/python3-debian13:nonroot"]
        self.assertIn('ENTRYPOINT ["/usr/bin/python3.13"]', distroless.changes)
        self.assertIn("USER 65532", distroless.changes)

    def test_node_families(self):
        plan = standins.plan([
            "node:26-trixie-slim", "gcr.io/distroless/nodejs26-debian13:nonroot",
            "nginxinc/nginx-unprivileged:1.30-alpine",
        ])
        slim = plan["node:26-trixie-slim"]
        self.assertIn('CMD ["node"]', slim.changes)
        self.assertEqual(slim.rootfs.npm.name, "npm")
        self.assertEqual(slim.note, "")
        distroless_node = plan["gcr.io/distroless/nodejs26-debian13:nonroot"]
        self.assertEqual(distroless_node.rootfs.flavour, "nodejs")
        self.assertIn('ENTRYPOINT ["/nodejs/bin/node"]', distroless_node.changes)
        nginx = plan["nginxinc/nginx-unprivileged:1.30-alpine"]
        for change in ("USER 101", "EXPOSE 8080", "STOPSIGNAL SIGQUIT", 'ENTRYPOINT ["/docker-entrypoint.sh"]'):
            self.assertIn(change, nginx.changes)
        self.assertIn("Debian stand-in", nginx.note)

    def test_write_file_hook_round_trips(self):
        with tempfile.TemporaryDirectory() as root:
            (Path(root) / "etc").mkdir()
            hook = standins.write_file("/etc/x.conf", "a 'quoted' $line\n", "600")
            subprocess.run(["sh", "-c", hook, "sh", root], check=True)
            self.assertEqual((Path(root) / "etc/x.conf").read_text(), "a 'quoted' $line\n")
            self.assertEqual((Path(root) / "etc/x.conf").stat().st_mode & 0o777, 0o600)

    def test_unprovisionable(self):
        for image in ("alpine:3.22", "golang:1.25-alpine", "rust:1.90-alpine3.22",
                      "python:3.13-alpine3.24", "ghcr.io/astral-sh/uv:latest", "node:26-alpine3.24",
                      "eclipse-temurin:21-jre-noble", "nginx:1.27"):
            with self.subTest(image=image), self.assertRaises(standins.NotProvisionable):
                standins.plan([image])


def _tar_bytes(entries: dict[str, bytes | str | None], gzip: bool = False) -> bytes:
    """A tarball: bytes are files, a str is a symlink target, None a directory."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz" if gzip else "w") as tar:
        for name, content in entries.items():
            info = tarfile.TarInfo(name)
            if content is None:
                info.type, info.mode = tarfile.DIRTYPE, 0o755
                tar.addfile(info)
            elif isinstance(content, str):
                info.type, info.linkname = tarfile.SYMTYPE, content
                tar.addfile(info)
            else:
                info.size, info.mode = len(content), 0o644
                tar.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


class NodeRootfsTest(unittest.TestCase):
    def test_npm_unpacks_where_the_official_image_has_it(self):
        package = _tar_bytes({
            "package/package.json": b"{}",
            "package/bin/npm-cli.js": b"#!/usr/bin/env node",
            "package/lib/cli.js": b"",
        }, gzip=True)
        buffer = io.BytesIO(_tar_bytes({"usr/local/lib": None}))
        with tarfile.open(fileobj=buffer, mode="a") as out:
            node._add_npm(out, package)
        buffer.seek(0)
        with tarfile.open(fileobj=buffer) as tar:
            members = {m.name: m for m in tar.getmembers()}
            npmrc = tar.extractfile(members[f"{node.NPM_DIR}/npmrc"]).read()
        self.assertEqual(members[f"{node.NPM_DIR}/bin/npm-cli.js"].mode, 0o755)
        self.assertEqual(members[f"{node.NPM_DIR}/lib/cli.js"].mode, 0o644)
        self.assertTrue(members["usr/local/lib/node_modules"].isdir())
        self.assertEqual(members["usr/local/bin/npm"].linkname, "../lib/node_modules/npm/bin/npm-cli.js")
        self.assertEqual(npmrc, b"prefix=/usr/local\n")

    def test_a_tarball_that_does_not_match_its_integrity_is_refused(self):
        with tempfile.TemporaryDirectory() as cache:
            path = Path(cache) / "npm" / "npm-1.0.0.tgz"
            path.parent.mkdir()
            path.write_bytes(b"tampered")
            digest = "sha512-" + base64.b64encode(hashlib.sha512(b"tampered").digest()).decode()
            self.assertEqual(node.NpmPackage("npm", "1.0.0", digest).fetch(Path(cache)), b"tampered")
            with self.assertRaises(ValueError):
                node.NpmPackage("npm", "1.0.0", "sha512-other").fetch(Path(cache))
            self.assertFalse(path.exists())


class DistrolessTest(unittest.TestCase):
    def test_nodejs_holds_the_node_binary_at_nodejs_bin_and_not_its_package(self):
        source = _tar_bytes({
            "./var/lib/dpkg/info/libnode115:amd64.list": b"/.\n/usr/lib/libnode.so.115\n",
            "./var/lib/dpkg/info/nodejs.list": b"/.\n/usr/bin/node\n",
            "./usr/bin/node": b"ELF node",
            "./usr/lib/libnode.so.115": b"ELF libnode",
            "./usr/bin/npm": b"npm",
            "./etc/ssl/certs/ca-certificates.crt": b"certs",
            "./lib64": "usr/lib64",
        })
        with tempfile.TemporaryDirectory() as tmp, \
                mock.patch.dict(distroless.PACKAGES, {"nodejs": ("libnode115",)}):
            (Path(tmp) / "source.tar").write_bytes(source)
            distroless._write(Path(tmp) / "source.tar", "nodejs", Path(tmp) / "out.tar")
            with tarfile.open(Path(tmp) / "out.tar") as tar:
                names = set(tar.getnames())
                binary = tar.extractfile("nodejs/bin/node").read()
        self.assertEqual(binary, b"ELF node")
        self.assertIn("usr/lib/libnode.so.115", names)
        self.assertNotIn("usr/bin/node", names)
        self.assertNotIn("usr/bin/npm", names)
        self.assertIn("etc/passwd", names)


class DiskTest(unittest.TestCase):
    def test_too_little_free_space_is_refused_naming_the_path_and_figures(self):
        with self.assertRaises(disk.NotEnoughSpace) as raised:
            disk.require_free(Path("/var/lib/docker"), disk.needed(engine_has_images=False), free=int(2.7e9))
        message = str(raised.exception)
        self.assertIn("/var/lib/docker has 2.7 GB free", message)
        self.assertIn("needs 8 GB (the stand-in images and one variant's build)", message)
        self.assertIn("MSB_E2E_DATA_ROOT", message)

    def test_an_engine_that_has_its_stand_ins_needs_room_for_one_variant(self):
        disk.require_free(Path("/d"), disk.needed(engine_has_images=True), free=int(2.7e9))
        with self.assertRaisesRegex(disk.NotEnoughSpace, r"needs 1 GB \(one variant's build\)"):
            disk.require_free(Path("/d"), disk.needed(engine_has_images=True), free=int(0.5e9))

    def test_enough_free_space_passes(self):
        disk.require_free(Path("/var/lib/docker"), disk.needed(engine_has_images=False), free=int(8e9))

    def test_low_water_reports_the_lowest_sample_and_what_the_run_took(self):
        watch = disk.LowWater(Path("/d"))
        for free in (50e9, 47.5e9, 44e9, 49e9):
            watch.sample(int(free))
        self.assertEqual(watch.lowest, int(44e9))
        self.assertEqual(watch.summary(),
                         "disk: /d: 50.0 GB free at the start, lowest 44.0 GB (the run took up to 6.0 GB)")


if __name__ == "__main__":
    unittest.main()


WORKSPACE_CASE = """\
[[case]]
fixture = "node-pnpm-workspace"
path = "apps/web"
runtimes = ["slim"]
[case.e2e]
probe = "http"
expect = "hello"
source = "apps/web/server.js"
"""


class CasesTest(unittest.TestCase):
    def _load(self, text: str) -> list:
        with tempfile.TemporaryDirectory() as tmp:
            cases_dir = Path(tmp) / "tests" / "cases"
            cases_dir.mkdir(parents=True)
            (cases_dir / "node.toml").write_text(text)
            return cases.load(cases_dir)

    def test_a_workspace_member_case_keeps_its_project_apart_from_the_http_path(self):
        [case] = self._load(WORKSPACE_CASE)
        self.assertEqual(case.project, "apps/web")
        self.assertEqual(case.e2e.path, "/")
        self.assertEqual(case.e2e.source, "apps/web/server.js")

    def test_a_case_without_path_builds_the_fixture_root(self):
        [case] = self._load(WORKSPACE_CASE.replace('path = "apps/web"\n', ""))
        self.assertEqual(case.project, "")

    def test_a_path_outside_the_fixture_is_refused(self):
        for path in ("/etc", "../node-express", "apps/../../x"):
            with self.subTest(path=path), self.assertRaisesRegex(cases.CaseFileError, "path must be"):
                self._load(WORKSPACE_CASE.replace('"apps/web"', f'"{path}"'))


class NotFoundTest(unittest.TestCase):
    def _serve(self, status_for_unknown: int):
        import http.server
        import threading

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200 if self.path == "/" else status_for_unknown)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        return server.server_address[1]

    def test_a_site_of_pages_answers_404(self):
        self.assertIsNone(checks.not_found_problem(self._serve(404), "/no/such/page"))

    def test_a_fallback_to_the_home_page_is_reported(self):
        self.assertEqual(checks.not_found_problem(self._serve(200), "/no/such/page"),
                         "GET /no/such/page answered 200, want 404 (no page has that path)")

    def test_a_case_reads_its_not_found_path(self):
        text = WORKSPACE_CASE.replace('probe = "http"', 'probe = "http"\nnot_found = "/nope"')
        with tempfile.TemporaryDirectory() as tmp:
            cases_dir = Path(tmp) / "tests" / "cases"
            cases_dir.mkdir(parents=True)
            (cases_dir / "node.toml").write_text(text)
            [case] = cases.load(cases_dir)
        self.assertEqual(case.e2e.not_found, "/nope")


class BuildCommandTest(unittest.TestCase):
    def test_the_fixture_root_is_the_context_and_a_member_dockerfile_is_named(self):
        command = docker.build_command(Path("/w/fx"), "t:slim", True, Path("/w/fx/apps/web/Dockerfile"))
        self.assertEqual(command[-3:], ["--file", "/w/fx/apps/web/Dockerfile", "/w/fx"])
        self.assertIn("--no-cache", command)

    def test_without_a_dockerfile_the_context_default_is_used(self):
        command = docker.build_command(Path("/w/fx"), "t:slim", False)
        self.assertNotIn("--file", command)
        self.assertNotIn("--no-cache", command)
        self.assertEqual(command[-1], "/w/fx")
