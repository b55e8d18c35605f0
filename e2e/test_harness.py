"""Unit tests of the harness's pure parts: python3 -m unittest discover -s e2e"""

import io
import tarfile
import unittest

from harness import checks, dockerfile, standins

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

    def test_unprovisionable(self):
        for image in ("alpine:3.22", "golang:1.25-alpine", "rust:1.90-alpine3.22",
                      "python:3.13-alpine3.24", "ghcr.io/astral-sh/uv:latest",
                      "eclipse-temurin:21-jre-noble", "nginx:1.27"):
            with self.subTest(image=image), self.assertRaises(standins.NotProvisionable):
                standins.plan([image])


if __name__ == "__main__":
    unittest.main()
