//! Gradle builds, read (never run) through the bounded script scanner: projects from the
//! settings script, plugins, versions, main classes and archive names from each build script.

use std::collections::BTreeMap;

use super::gradle::{self, Script};
use super::gradle_settings::{self, Settings};
use super::java::{BuildTool, Found, JavaFacts, JavaModule, Launch, Layering, boot_launch};
use super::java_maven::describe;
use super::secrets;
use super::{DetectError, Evidence};
use super::{gradle_catalog, gradle_conventions};
use crate::repo::{self, EntryKind, Tree};
use crate::values::{self, UnsafeValue};

const PREFERENCE_RULE: &str =
    "the root project comes first, then the projects in settings-script include order";

const BOOT: &str = "org.springframework.boot";
/// The `application` plugin, and plugins that apply it (Ktor, Micronaut).
const APPLICATION: &[&str] = &["application", "io.ktor.plugin", "io.micronaut.application"];

const SHADOW: &[&str] = &[
    "com.gradleup.shadow",
    "com.github.johnrengelman.shadow",
    "io.github.goooler.shadow",
];

fn checked(
    file: &str,
    field: &str,
    value: &str,
    check: fn(&str) -> Result<(), String>,
) -> Result<(), DetectError> {
    check(value).map_err(|reason| UnsafeValue::new(file, field, value, reason).into())
}

/// The first of `names` in `dir` that exists.
fn first_file(tree: &dyn Tree, dir: &str, names: &[&str]) -> Result<Option<String>, DetectError> {
    for name in names {
        let path = repo::join(dir, name);
        if tree.is_file(&path)? {
            return Ok(Some(path));
        }
    }
    Ok(None)
}

struct Project {
    path: String,
    dir: String,
    name: String,
    file: Option<String>,
    script: Script,
    /// The convention plugin that declared the Java release, if one did.
    java_file: Option<String>,
}

/// Plugin ids a project applies, with catalog aliases resolved.
fn applied(
    p: &Project,
    catalog: &BTreeMap<String, (String, Option<String>)>,
) -> Vec<(String, Option<String>)> {
    p.script
        .plugins
        .iter()
        .filter(|u| u.applied)
        .map(|u| {
            if u.alias {
                let key = u.id.replace(['-', '_'], ".");
                catalog.get(&key).cloned().unwrap_or((u.id.clone(), None))
            } else {
                (u.id.clone(), u.version.clone())
            }
        })
        .collect()
}

fn property(text: &str, key: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let (k, v) = line.split_once('=')?;
        (k.trim() == key).then(|| v.trim().to_string())
    })
}

/// Reads the Gradle build at the root of the tree.
///
/// # Errors
/// Build files that cannot be read, a broken version catalog, and unsafe names.
#[allow(clippy::too_many_lines)]
pub fn detect(tree: &dyn Tree) -> Result<Found, DetectError> {
    let mut evidence = Vec::new();
    let mut warnings = Vec::new();
    let settings_file = first_file(tree, "", &["settings.gradle.kts", "settings.gradle"])?;
    let settings = match &settings_file {
        Some(f) => gradle_settings::read_settings(&tree.read(f)?.unwrap_or_default()),
        None => Settings::default(),
    };
    for (text, line) in &settings.not_understood {
        warnings.push(format!(
            "{}:{line}: `{}` is not followed by msb (custom project directories and computed included builds are not read)",
            settings_file.as_deref().unwrap_or("settings.gradle"),
            values::shown(text).trim_matches('"')
        ));
    }
    let root_file = first_file(tree, "", &["build.gradle.kts", "build.gradle"])?;
    let kotlin_dsl = root_file
        .as_deref()
        .or(settings_file.as_deref())
        .is_some_and(|f| f.ends_with(".kts"));
    let properties = tree.read("gradle.properties")?;
    // Without rootProject.name, Gradle names the root project after its directory: the
    // build stage's working directory.
    let root_name = settings.root_name.clone().unwrap_or_else(|| {
        crate::plan::images::JAVA_BUILD_DIR
            .trim_start_matches('/')
            .to_string()
    });
    let mut projects = vec![Project {
        path: ":".into(),
        dir: String::new(),
        name: root_name,
        file: root_file.clone(),
        script: Script::default(),
        java_file: None,
    }];
    for (path, _) in &settings.includes {
        let dir = path.trim_start_matches(':').replace(':', "/");
        if projects.iter().any(|p| p.dir == dir) {
            continue;
        }
        let name = dir.rsplit('/').next().unwrap_or_default().to_string();
        let file = first_file(tree, &dir, &["build.gradle.kts", "build.gradle"])?;
        projects.push(Project {
            path: path.clone(),
            dir,
            name,
            file,
            script: Script::default(),
            java_file: None,
        });
    }
    let file_shown = settings_file.as_deref().unwrap_or("settings.gradle");
    let convention_dirs: Vec<String> = std::iter::once("buildSrc".to_string())
        .chain(
            settings
                .included_builds
                .iter()
                .filter_map(|(dir, _)| repo::resolve("", dir)),
        )
        .filter(|d| !d.is_empty() && values::check_rel_path(d).is_ok())
        .collect();
    for p in &mut projects {
        if !p.dir.is_empty() {
            checked(file_shown, "project path", &p.dir, values::check_rel_path)?;
        }
        checked(file_shown, "project name", &p.name, values::check_name)?;
        if let Some(f) = &p.file {
            p.script = gradle::read_script(&tree.read(f)?.unwrap_or_default());
            let found = gradle_conventions::expand(tree, &convention_dirs, &mut p.script)?;
            if !found.used.is_empty() {
                evidence.push(Evidence::new(
                    f,
                    None,
                    format!(
                        "{}: convention plugins read: {}",
                        p.name,
                        found.used.join(", ")
                    ),
                ));
            }
            p.java_file = found.java_file;
        }
    }
    let catalog = gradle_catalog::plugins(tree)?;
    let root = &projects[0].script;
    let version = root
        .version
        .as_ref()
        .map(|(v, _)| v.clone())
        .or_else(|| properties.as_deref().and_then(|t| property(t, "version")));
    evidence.push(Evidence::new(
        settings_file.as_deref().or(root_file.as_deref()).unwrap_or("build.gradle"),
        None,
        format!(
            "Gradle build ({} DSL) with {} project(s); build scripts are read, not run: msb understands plugins, the Java toolchain or sourceCompatibility, version, application mainClass and archive names, and nothing computed",
            if kotlin_dsl { "Kotlin" } else { "Groovy" },
            projects.len()
        ),
    ));

    let boot_version_default = projects[0]
        .script
        .plugins
        .iter()
        .find(|u| u.id == BOOT)
        .and_then(|u| u.version.clone())
        .or_else(|| settings.plugin_versions.get(BOOT).cloned())
        .or_else(|| root.buildscript_boot.clone());

    let mut modules = Vec::new();
    let mut versions = Vec::new();
    let single = projects.len() == 1;
    for p in &projects {
        let Some(file) = &p.file else { continue };
        let plugins = applied(p, &catalog);
        let has = |id: &str| plugins.iter().any(|(i, _)| i == id);
        let boot = plugins.iter().find(|(i, _)| i == BOOT);
        let shadow = SHADOW.iter().any(|s| has(s));
        let application = APPLICATION.iter().any(|a| has(a));
        let quarkus = has("io.quarkus");
        if boot.is_none() && !shadow && !application && !quarkus {
            if !p.script.plugins.is_empty() {
                evidence.push(Evidence::new(
                    file,
                    None,
                    format!(
                        "{}: a library (no Spring Boot, application or shadow plugin)",
                        p.name
                    ),
                ));
            }
            continue;
        }
        let version = p
            .script
            .version
            .as_ref()
            .map(|(v, _)| v.clone())
            .or_else(|| version.clone());
        if p.script.version_computed.is_some() && p.script.version.is_none() {
            warnings.push(format!("{file}: the project version is computed, so msb cannot name the jar; set archiveFileName to a literal"));
            continue;
        }
        let task_name = |t: &str| {
            if single {
                t.to_string()
            } else if p.path == ":" {
                format!(":{t}")
            } else {
                format!("{}:{t}", p.path)
            }
        };
        let jar_name = |task: &'static str, classifier: Option<&str>| -> Option<String> {
            let a = p.script.archives.get(task).cloned().unwrap_or_default();
            if let Some(f) = a.file_name {
                return Some(f);
            }
            if a.computed.is_some() {
                return None;
            }
            let base = a.base_name.unwrap_or_else(|| p.name.clone());
            let v = a
                .version
                .or_else(|| version.clone())
                .filter(|v| !v.is_empty());
            let c = a
                .classifier
                .or_else(|| classifier.map(str::to_string))
                .filter(|c| !c.is_empty());
            let mut name = base;
            for part in [v, c].into_iter().flatten() {
                name.push('-');
                name.push_str(&part);
            }
            Some(format!("{name}.jar"))
        };
        let libs = |jar: &str| repo::join(&repo::join(&p.dir, "build/libs"), jar);
        let (launch, artifact, task, boot_version, main) = if let Some((_, v)) = boot {
            let v = v.clone().or_else(|| boot_version_default.clone());
            let layers = if p.script.layers_off {
                Layering::Off
            } else if p.script.custom_layers {
                Layering::Custom
            } else {
                Layering::Default
            };
            let Some(jar) = jar_name("bootJar", None) else {
                warnings.push(format!(
                    "{file}: the bootJar archive name is computed; set archiveFileName to a literal"
                ));
                continue;
            };
            // Spring Boot 1.x has no bootJar: bootRepackage rewrites the jar during assemble.
            let task = if v.as_deref().is_some_and(|v| v.starts_with("1.")) {
                "assemble"
            } else {
                "bootJar"
            };
            (
                boot_launch(v.as_deref(), layers, false),
                libs(&jar),
                task_name(task),
                v,
                None,
            )
        } else if quarkus {
            let (packaging, source) = super::java_quarkus::packaging(tree, &p.dir, None)?;
            match packaging {
                super::java_quarkus::Packaging::FastJar => (
                    Launch::Quarkus,
                    repo::join(&p.dir, "build/quarkus-app"),
                    task_name("quarkusBuild"),
                    None,
                    None,
                ),
                super::java_quarkus::Packaging::UberJar => {
                    let Some(jar) = jar_name("jar", Some("runner")) else {
                        warnings.push(format!("{file}: the jar's archive name is computed; set archiveFileName to a literal"));
                        continue;
                    };
                    (
                        Launch::FatJar,
                        repo::join(&repo::join(&p.dir, "build"), &jar),
                        task_name("quarkusBuild"),
                        None,
                        None,
                    )
                }
                super::java_quarkus::Packaging::Other(kind) => {
                    warnings.push(format!(
                        "{}: Quarkus packaging {} is not one msb builds (fast-jar, uber-jar); the project is skipped",
                        source.as_deref().unwrap_or(file),
                        values::shown(&kind)
                    ));
                    continue;
                }
            }
        } else if shadow {
            let Some((main, _)) = p.script.main_class.clone() else {
                warnings.push(format!("{file}: the shadow jar has no main class msb can read (application {{ mainClass = … }}), so it cannot be started with java -jar"));
                continue;
            };
            let Some(jar) = jar_name("shadowJar", Some("all")) else {
                warnings.push(format!("{file}: the shadowJar archive name is computed; set archiveFileName to a literal"));
                continue;
            };
            (
                Launch::FatJar,
                libs(&jar),
                task_name("shadowJar"),
                None,
                Some(main),
            )
        } else {
            let Some((main, _)) = p.script.main_class.clone() else {
                warnings.push(format!("{file}: the application plugin has no main class msb can read; set application {{ mainClass = \"…\" }} to a literal"));
                continue;
            };
            let dist = repo::join(&repo::join(&p.dir, "build/install"), &p.name);
            (
                Launch::Distribution {
                    main_class: main.clone(),
                },
                dist,
                task_name("installDist"),
                None,
                Some(main),
            )
        };
        let leaf = artifact.rsplit('/').next().unwrap_or_default();
        checked(file, "archive name", leaf, values::check_name)?;
        checked(file, "artifact path", &artifact, values::check_rel_path)?;
        if let Some(main) = &main {
            checked(file, "main class", main, values::check_java_class)?;
        }
        evidence.push(Evidence::new(
            file,
            None,
            format!(
                "{}: {} → {artifact}",
                p.name,
                describe(&launch, boot_version.as_deref())
            ),
        ));
        let java = p.script.java.clone().or_else(|| root.java.clone());
        if let Some((v, line, what)) = java {
            if let Some(v) = super::java::release(&v) {
                let src = if p.script.java.is_some() {
                    p.java_file.clone().unwrap_or_else(|| file.clone())
                } else {
                    projects[0]
                        .java_file
                        .clone()
                        .or_else(|| root_file.clone())
                        .unwrap_or_default()
                };
                versions.push((
                    v.clone(),
                    Evidence::new(
                        &src,
                        Some(line),
                        format!("Java {v} ({what}); builder and runtime use exactly this release"),
                    ),
                ));
            }
        }
        modules.push(JavaModule {
            id: if p.dir.is_empty() {
                ".".into()
            } else {
                p.dir.clone()
            },
            name: p.name.clone(),
            dir: p.dir.clone(),
            task: Some(task),
            launch,
            artifact,
            boot_version,
            skip_flags: Vec::new(),
        });
    }

    let gradlew = tree.is_file("gradlew")?;
    let properties_file = tree.is_file("gradle/wrapper/gradle-wrapper.properties")?;
    // gradlew runs the wrapper jar; a `*.jar` rule in .gitignore often leaves it out.
    let wrapper_jar = tree.is_file("gradle/wrapper/gradle-wrapper.jar")?;
    let wrapper = gradlew && properties_file && wrapper_jar;
    evidence.push(Evidence::new(
        "gradlew",
        None,
        if wrapper {
            "Gradle wrapper: the build runs ./gradlew on a JDK image"
        } else {
            "no Gradle wrapper: the build runs gradle from the gradle image"
        },
    ));
    if gradlew && !properties_file {
        warnings.push("gradlew exists but gradle/wrapper/gradle-wrapper.properties does not; msb builds with the gradle image instead".into());
    } else if gradlew && !wrapper_jar {
        warnings.push("gradlew exists but gradle/wrapper/gradle-wrapper.jar does not (a *.jar rule in .gitignore often drops it), so ./gradlew cannot start; msb builds with the gradle image instead. Commit the jar to use the wrapper".into());
    }
    let secret = secrets::find(tree, "", &secrets::GRADLE_PROPERTIES)?;
    let mut manifests: Vec<String> = Vec::new();
    manifests.extend(settings_file.clone());
    for entry in tree.list("")?.unwrap_or_default() {
        let script = entry.name.ends_with(".gradle") || entry.name.ends_with(".gradle.kts");
        if entry.kind == EntryKind::File && script && !manifests.contains(&entry.name) {
            checked(
                "build.gradle",
                "script file name",
                &entry.name,
                values::check_name,
            )?;
            manifests.push(entry.name.clone());
        }
    }
    if properties.is_some() && secret.is_none() {
        manifests.push("gradle.properties".into());
    }
    for p in projects.iter().skip(1) {
        manifests.extend(p.file.clone());
    }
    let mut dirs = Vec::new();
    for dir in ["gradle", "buildSrc"] {
        if tree.is_dir(dir)? {
            dirs.push(dir.to_string());
        }
    }
    for (dir, line) in &settings.included_builds {
        let shown = settings_file.as_deref().unwrap_or("settings.gradle");
        let Some(dir) = crate::repo::resolve("", dir).filter(|d| !d.is_empty()) else {
            warnings.push(format!(
                "{shown}:{line}: the included build {} lies outside the project directory, which is the build context",
                values::shown(dir)
            ));
            continue;
        };
        if !tree.is_dir(&dir)? {
            warnings.push(format!(
                "{shown}:{line}: the included build {dir} does not exist"
            ));
            continue;
        }
        checked(shown, "included build", &dir, values::check_rel_path)?;
        if !dirs.contains(&dir) {
            evidence.push(Evidence::new(
                shown,
                Some(*line),
                format!("included build {dir}: copied whole into the dependency stage"),
            ));
            dirs.push(dir);
        }
    }
    if dirs.iter().any(|d| d == "buildSrc") {
        evidence.push(Evidence::new(
            "buildSrc",
            None,
            "convention plugins: copied into the dependency stage; their plugins blocks, toolchain and mainClass are read",
        ));
    }
    Ok(Found {
        facts: JavaFacts {
            tool: BuildTool::Gradle,
            wrapper,
            kotlin_dsl,
            multi_module: !single,
            modules,
            manifests,
            dirs,
            secret,
        },
        versions,
        evidence,
        warnings,
        preference_rule: PREFERENCE_RULE,
    })
}
