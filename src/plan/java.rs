//! Java: dependencies resolved from the build files alone in a cached `deps` stage, the
//! module packaged with tests skipped (an optional `test` stage runs them), Spring Boot layers
//! extracted, and a JRE runtime: Temurin's, distroless, a jlink-trimmed one on Debian slim,
//! or Temurin's Alpine JRE.

use std::collections::BTreeMap;

use serde::Serialize;

use super::java_layout::layout;
use super::runtime::{CopyFrom, EnvVar, RuntimeStage};
use super::rust::ManifestCopy;
use super::secrets::BuildSecret;
use super::{
    AppPlan, Plan, PlanError, entrypoint, ignore, images, major, runtime_note, version_arg,
};
use crate::detect::{BuildTool, JavaFacts, Launch};
use crate::language::{Language, Runtime};
use crate::quote::{self, Fragment};
use crate::settings::Settings;

/// The jlink stage: modules found by jdeps plus those it commonly misses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JlinkPlan {
    /// The complete jdeps command, writing the module list to `/out/jre-modules`.
    pub jdeps: Fragment,
    /// Modules added to what jdeps finds, comma-separated.
    pub extra_modules: Fragment,
    /// `--compress=zip-6` (JDK 21+) or `--compress=2`.
    pub compress: Fragment,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JavaPlan {
    /// Builder image, with `JAVA_VERSION` in its tag.
    pub builder: String,
    /// The build stages' working directory.
    pub workdir: &'static str,
    /// The wrapper script copied with mode 0755, when the project has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wrapper: Option<Fragment>,
    /// Directories copied whole into the dependency stage.
    pub dirs: Vec<Fragment>,
    pub manifests: Vec<ManifestCopy>,
    /// The cache mount flag for `/root/.m2` or `/root/.gradle`.
    pub cache: Fragment,
    /// The dependency-resolution command.
    pub deps: Fragment,
    /// Build commands, joined with `&&`.
    pub build: Vec<Fragment>,
    /// The test command of the optional `test` stage.
    pub test: Fragment,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jlink: Option<JlinkPlan>,
    /// Stage names in order, for reports.
    pub stages: Vec<&'static str>,
}

fn word(value: &str) -> Result<Fragment, PlanError> {
    quote::shell_word(value).map_err(|reason| PlanError {
        what: format!("build argument {}", crate::values::shown(value)),
        reason,
    })
}

fn command(words: &[String]) -> Result<Fragment, PlanError> {
    let quoted: Vec<String> = words
        .iter()
        .map(|w| word(w).map(|f| f.as_str().to_string()))
        .collect::<Result<_, _>>()?;
    Ok(Fragment::validated(&quoted.join(" ")))
}

fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

fn manifest_copies(facts: &JavaFacts) -> Vec<ManifestCopy> {
    let mut by_dir: BTreeMap<&str, Vec<Fragment>> = BTreeMap::new();
    for file in &facts.manifests {
        by_dir
            .entry(parent(file))
            .or_default()
            .push(Fragment::validated(file));
    }
    by_dir
        .into_iter()
        .map(|(dir, sources)| ManifestCopy {
            sources,
            dest: if dir.is_empty() {
                Fragment::fixed("./")
            } else {
                Fragment::validated(&format!("{dir}/"))
            },
        })
        .collect()
}

/// Refuses runtime and builder combinations that cannot exist for this Java release.
fn check_release(settings: &Settings, facts: &JavaFacts) -> Result<u32, PlanError> {
    let version = major(&settings.version);
    let refuse = |reason: String| PlanError {
        what: format!("--runtime {}", settings.runtime),
        reason,
    };
    match settings.runtime {
        Runtime::Distroless if !images::DISTROLESS_JAVA.contains(&settings.version.as_str()) => {
            return Err(refuse(format!(
                "distroless ships Java {} only (gcr.io/distroless/javaN-{}), and this build uses Java {}; use --runtime jre or slim, or --lang-version with a shipped release",
                images::DISTROLESS_JAVA.join(", "),
                images::DISTROLESS_DEBIAN,
                settings.version
            )));
        }
        Runtime::Slim if version < 11 => {
            return Err(refuse(format!(
                "a jlink runtime needs Java 11 or newer (jlink arrived in Java 9, Temurin ships 8, 11 and later); this build uses Java {}; use --runtime jre",
                settings.version
            )));
        }
        _ => {}
    }
    if facts.tool == BuildTool::Gradle && !facts.wrapper && version < 17 {
        return Err(PlanError {
            what: "the build".into(),
            reason: format!(
                "without a Gradle wrapper msb builds with the gradle:{} image, which runs on Java 17 or newer, and this build uses Java {}; add the wrapper (gradle wrapper) or pass --lang-version 17",
                images::GRADLE_MAJOR,
                settings.version
            ),
        });
    }
    Ok(version)
}

struct Tool {
    builder: String,
    program: &'static str,
    wrapper: Option<&'static str>,
    cache: &'static str,
    base: Vec<String>,
}

fn tool(facts: &JavaFacts) -> Tool {
    match (facts.tool, facts.wrapper) {
        (BuildTool::Maven, wrapper) => Tool {
            builder: if wrapper {
                images::temurin_jdk()
            } else {
                images::maven_builder()
            },
            program: if wrapper { "./mvnw" } else { "mvn" },
            wrapper: wrapper.then_some("mvnw"),
            cache: "--mount=type=cache,target=/root/.m2,sharing=locked",
            base: vec!["--batch-mode".into(), "--no-transfer-progress".into()],
        },
        (BuildTool::Gradle, wrapper) => Tool {
            builder: if wrapper {
                images::temurin_jdk()
            } else {
                images::gradle_builder()
            },
            program: if wrapper { "./gradlew" } else { "gradle" },
            wrapper: wrapper.then_some("gradlew"),
            cache: "--mount=type=cache,target=/root/.gradle",
            base: vec!["--no-daemon".into()],
        },
    }
}

/// Plans a Java image.
///
/// # Errors
/// A runtime this Java release does not exist for, or a value that cannot be quoted.
#[allow(clippy::too_many_lines)]
pub fn plan(settings: &Settings, facts: &JavaFacts) -> Result<Plan, PlanError> {
    let version = check_release(settings, facts)?;
    let module = facts
        .modules
        .iter()
        .find(|m| m.id == settings.app.id)
        .ok_or_else(|| PlanError {
            what: format!("module {}", settings.app.id),
            reason: "not found among the application modules".into(),
        })?;
    let t = tool(facts);
    let secret = facts.secret.as_ref().map(BuildSecret::found);
    let tool_words = |args: &[String]| -> Result<Fragment, PlanError> {
        let mut words = vec![t.program.to_string()];
        words.extend(t.base.iter().cloned());
        if let Some(s) = secret.as_ref().filter(|_| facts.tool == BuildTool::Maven) {
            words.extend(["--settings".into(), s.path.clone()]);
        }
        words.extend(args.iter().cloned());
        command(&words)
    };
    let select: Vec<String> = match (facts.tool, facts.multi_module && !module.dir.is_empty()) {
        (BuildTool::Maven, true) => vec![
            "--projects".into(),
            module.dir.clone(),
            "--also-make".into(),
        ],
        _ => Vec::new(),
    };
    let gradle_task = |task: &str| -> String {
        match module.task.as_deref() {
            Some(own) => match own.rsplit_once(':') {
                Some((path, _)) => format!("{path}:{task}"),
                None => task.to_string(),
            },
            None => task.to_string(),
        }
    };
    let lay = layout(module);
    let (deps_args, mut package_args, test_args) = match facts.tool {
        BuildTool::Maven => (
            vec![format!("{}:go-offline", images::MAVEN_DEPENDENCY_PLUGIN)],
            [vec!["package".into(), "-DskipTests".into()], select.clone()].concat(),
            [vec!["test".into()], select].concat(),
        ),
        BuildTool::Gradle => (
            vec![gradle_task("dependencies")],
            vec![module.task.clone().unwrap_or_else(|| "build".into())],
            vec![gradle_task("test")],
        ),
    };
    if matches!(module.launch, Launch::ClassPath { .. }) {
        package_args.extend([
            format!("{}:copy-dependencies", images::MAVEN_DEPENDENCY_PLUGIN),
            "-DincludeScope=runtime".into(),
            "-DoutputDirectory=/out/lib".into(),
        ]);
    }
    package_args.extend(module.skip_flags.iter().cloned());
    let mut build = vec![tool_words(&package_args)?, Fragment::fixed("mkdir -p /out")];
    build.extend(lay.post.iter().map(|c| Fragment::validated(c)));

    let runtime = settings.runtime;
    let jlink = (runtime == Runtime::Slim).then(|| {
        let (target, class_path) = &lay.analyse;
        let mut jdeps = format!(
            "jdeps --ignore-missing-deps -q --recursive --multi-release {version} --print-module-deps"
        );
        if let Some(cp) = class_path {
            jdeps.push_str(&format!(" --class-path '{cp}'"));
        }
        let targets = if target == "/out/lib" { "/out/lib/*.jar".to_string() } else { target.clone() };
        jdeps.push_str(&format!(" {targets}"));
        let mut extra = vec!["java.management", "java.naming", "jdk.localedata", "jdk.unsupported"];
        if version < 22 {
            extra.insert(0, "jdk.crypto.ec");
        }
        JlinkPlan {
            jdeps: Fragment::validated(&jdeps),
            extra_modules: Fragment::validated(&extra.join(",")),
            compress: Fragment::fixed(if version >= 21 { "--compress=zip-6" } else { "--compress=2" }),
        }
    });

    let image = match runtime {
        Runtime::Jre => images::temurin_jre(),
        Runtime::Distroless => images::distroless_java(),
        Runtime::Alpine => images::temurin_jre_alpine(),
        Runtime::Slim | Runtime::Scratch => images::DEBIAN_SLIM.to_string(),
    };
    let entry = entrypoint(settings, lay.start.clone(), false)?;
    let mut stage = RuntimeStage::new(runtime, &image, settings.port, entry);
    if runtime == Runtime::Slim {
        stage
            .copies
            .push(CopyFrom::fixed("jre", "/opt/jre", "/opt/java/openjdk"));
        stage.env.push(EnvVar {
            name: "JAVA_HOME",
            value: Fragment::fixed("/opt/java/openjdk"),
        });
        stage.env.push(EnvVar {
            name: "PATH",
            value: Fragment::fixed("/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
        });
    }
    for (src, dest) in &lay.copies {
        stage.copies.push(CopyFrom::new(
            "build",
            Fragment::validated(src),
            Fragment::fixed(dest),
        ));
    }
    stage.env.push(EnvVar {
        name: "JAVA_TOOL_OPTIONS",
        value: Fragment::fixed("-XX:MaxRAMPercentage=75"),
    });

    let tool_name = match facts.tool {
        BuildTool::Maven => "Maven",
        BuildTool::Gradle => "Gradle",
    };
    let mut notes = vec![
        format!(
            "build: {tool_name} {} on Eclipse Temurin JDK {} (Ubuntu {}); tests are skipped in the image build",
            if facts.wrapper { "wrapper" } else { "from the official image" },
            settings.version,
            images::TEMURIN_UBUNTU
        ),
        format!(
            "dependencies: resolved in the deps stage from the build files alone ({} file(s)), cached in {}",
            facts.manifests.len(),
            if facts.tool == BuildTool::Maven { "/root/.m2" } else { "/root/.gradle" }
        ),
        format!("start: {}", crate::detect::java_launch_note(&module.launch, module.boot_version.as_deref())),
        match runtime {
            Runtime::Slim => "runtime: Debian slim with a jlink runtime (jdeps modules plus the ones it commonly misses), uid 10001".to_string(),
            Runtime::Distroless => "runtime: distroless Java, no shell or package manager, uid 65532".to_string(),
            Runtime::Alpine => "runtime: Eclipse Temurin JRE on Alpine (musl); libraries with native glibc code will not load, uid 10001".to_string(),
            _ => runtime_note(runtime).to_string(),
        },
        "memory: JAVA_TOOL_OPTIONS=-XX:MaxRAMPercentage=75 sizes the heap from the container's memory limit".into(),
        "init: none; the JVM exits on SIGTERM by itself".into(),
        "tests: docker build --target test . runs them in a stage the default build skips".into(),
    ];
    if runtime == Runtime::Slim {
        notes.push(
            "jlink: when jdeps cannot analyse the jars the runtime gets all of java.se".into(),
        );
    }
    if let Some(s) = &secret {
        notes.push(format!(
            "credentials: {} is never copied; build with {}",
            s.source,
            super::secrets::build_command(std::slice::from_ref(s), None)
        ));
    }
    let mut stages = vec!["deps", "build", "test"];
    if jlink.is_some() {
        stages.push("jre");
    }
    stages.push("runtime");

    Ok(Plan {
        language: Language::Java,
        template: "java.Dockerfile",
        syntax: settings.syntax,
        args: vec![version_arg(Language::Java, &settings.version)],
        app: AppPlan {
            name: Fragment::validated(&settings.app.name),
            path: Fragment::fixed("/app"),
        },
        go: None,
        rust: None,
        node: None,
        python: None,
        java: Some(JavaPlan {
            builder: t.builder,
            workdir: images::JAVA_BUILD_DIR,
            wrapper: t.wrapper.map(Fragment::fixed),
            dirs: facts.dirs.iter().map(|d| Fragment::validated(d)).collect(),
            manifests: manifest_copies(facts),
            cache: Fragment::fixed(t.cache),
            deps: tool_words(&deps_args)?,
            build,
            test: tool_words(&test_args)?,
            jlink,
            stages,
        }),
        tini: None,
        runtime: stage,
        secrets: secret.into_iter().collect(),
        secret_build_command: None,
        secret_comment: Vec::new(),
        files: Vec::new(),
        build_context: None,
        dockerignore: ignore::for_java(facts.tool == BuildTool::Maven),
        notes,
        warnings: Vec::new(),
        decisions: Vec::new(),
    })
}

#[cfg(test)]
#[path = "java_tests.rs"]
mod tests;
