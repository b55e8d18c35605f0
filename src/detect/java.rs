//! Java: Maven or Gradle builds, with or without their wrapper, single- or multi-module.
//! Detection names every application module, how it is packaged and started, the jar the build
//! produces (computed from the build, never globbed), the Java release and the port.

use serde::Serialize;

use super::secrets::FoundSecret;
use super::spring_port;
use super::{App, DetectError, Evidence, Facts, Project, VersionReq, java_gradle, java_maven};
use crate::language::Language;
use crate::repo::Tree;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BuildTool {
    Maven,
    Gradle,
}

/// How the image starts a module.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Launch {
    /// Spring Boot ≥ 3.3: `-Djarmode=tools extract --layers`, then `java -jar application.jar`.
    BootTools,
    /// Spring Boot 2.3–3.2: `-Djarmode=layertools extract`, then the version's `JarLauncher`.
    BootLayertools { launcher: String },
    /// A Spring Boot jar run as it is, when its layers cannot be extracted.
    BootJar { reason: String },
    /// A jar holding its dependencies (shade, assembly, shadow): `java -jar`.
    FatJar,
    /// The Gradle `application` plugin's `installDist`: `lib/*.jar`, run with its main class.
    Distribution { main_class: String },
    /// A plain jar whose dependencies the build copies beside it: `java -cp lib/*` + main class.
    ClassPath { main_class: String },
    /// A Quarkus fast-jar: the `quarkus-app` directory, started with `java -jar quarkus-run.jar`.
    Quarkus,
}

/// A module the image can run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JavaModule {
    /// What `--module` takes: the module directory, `.` for the root.
    pub id: String,
    /// artifactId or Gradle project name.
    pub name: String,
    /// The module directory, empty for the root.
    pub dir: String,
    /// The Gradle task that packages the module (`bootJar`, `:api:installDist`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task: Option<String>,
    pub launch: Launch,
    /// The file the build produces, relative to the project: a jar, or the `installDist`
    /// directory.
    pub artifact: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub boot_version: Option<String>,
    /// `-D` switches the package command adds: plugins bound to `package` that build or push
    /// container images need a Docker daemon the image build does not have.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub skip_flags: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JavaFacts {
    pub tool: BuildTool,
    /// `mvnw` + `.mvn/wrapper`, or `gradlew` + `gradle/wrapper`.
    pub wrapper: bool,
    /// Gradle Kotlin DSL (`*.gradle.kts`).
    pub kotlin_dsl: bool,
    /// More than one project in the build: module selection flags are needed.
    pub multi_module: bool,
    pub modules: Vec<JavaModule>,
    /// Build files the dependency stage copies before the source, grouped later by directory.
    pub manifests: Vec<String>,
    /// Directories the dependency stage copies whole (`.mvn`, `gradle`, `buildSrc`).
    pub dirs: Vec<String>,
    /// Repository credentials (`settings.xml`, `gradle.properties`): never copied, passed
    /// as a build secret.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<FoundSecret>,
}

/// What one build tool's reader found.
pub struct Found {
    pub facts: JavaFacts,
    /// The Java release each application module asks for, with its evidence.
    pub versions: Vec<(String, Evidence)>,
    pub evidence: Vec<Evidence>,
    pub warnings: Vec<String>,
    pub preference_rule: &'static str,
}

fn wrapper_line_endings(
    tree: &dyn Tree,
    script: &str,
    warnings: &mut Vec<String>,
) -> Result<(), DetectError> {
    if let Some(text) = tree.read(script)? {
        if text.contains("\r\n") {
            warnings.push(format!(
                "{script} has Windows (CRLF) line endings; /bin/sh cannot run it in the image. Convert it to LF (and add `{script} text eol=lf` to .gitattributes)"
            ));
        }
    }
    Ok(())
}

fn version_key(v: &str) -> u32 {
    v.parse().unwrap_or(0)
}

/// Detects a Maven or Gradle build at the root of the tree.
///
/// # Errors
/// A POM or build file that cannot be read or parsed, and values that cannot be used safely.
pub fn detect(tree: &dyn Tree) -> Result<Option<Project>, DetectError> {
    // Read, not only looked up: a build file that is a directory, a FIFO or a link leaving
    // the repository is an error, not an absent project.
    let maven = tree.read("pom.xml")?.is_some();
    let mut gradle = false;
    for file in [
        "build.gradle.kts",
        "build.gradle",
        "settings.gradle.kts",
        "settings.gradle",
    ] {
        gradle |= tree.read(file)?.is_some();
    }
    if !maven && !gradle {
        return Ok(None);
    }
    let prefer_gradle =
        gradle && (!maven || (tree.is_file("gradlew")? && !tree.is_file("mvnw")?));
    let mut found = if prefer_gradle {
        java_gradle::detect(tree)?
    } else {
        java_maven::detect(tree)?
    };
    if maven && gradle {
        found.warnings.push(format!(
            "both pom.xml and Gradle build files are present; msb uses {} ({})",
            if prefer_gradle { "Gradle" } else { "Maven" },
            if prefer_gradle {
                "only Gradle has a wrapper"
            } else {
                "Maven is taken unless only Gradle has a wrapper"
            }
        ));
    }
    let script = match found.facts.tool {
        BuildTool::Maven => "mvnw",
        BuildTool::Gradle => "gradlew",
    };
    if found.facts.wrapper {
        wrapper_line_endings(tree, script, &mut found.warnings)?;
    }
    if let Some(secret) = &found.facts.secret {
        found.evidence.push(secret.evidence.clone());
        found.warnings.extend(secret.warning());
    }
    let mut apps = Vec::new();
    for module in &found.facts.modules {
        let port = spring_port::scan(tree, &module.dir)?;
        apps.push(App {
            id: module.id.clone(),
            name: module.name.clone(),
            port,
        });
    }
    if apps.is_empty() {
        let build_file = found
            .facts
            .manifests
            .first()
            .map_or("pom.xml", String::as_str);
        found.warnings.push(format!(
            "{build_file}: no application module found: msb looks for Spring Boot, Quarkus, the application or shadow plugin (Gradle), the shade or assembly plugin, or a main class in the jar manifest (Maven)"
        ));
    }
    let version = found
        .versions
        .iter()
        .max_by_key(|(v, _)| version_key(v))
        .map(|(v, e)| VersionReq {
            version: v.clone(),
            exact: true,
            evidence: e.clone(),
        });
    if let Some(v) = &version {
        found.evidence.push(v.evidence.clone());
    }
    Ok(Some(Project {
        language: Language::Java,
        manifests: super::manifests_in(tree, "", Language::Java)?,
        facts: Facts::Java(found.facts),
        apps,
        preferred_app: 0,
        preference_rule: found.preference_rule.into(),
        version,
        evidence: found.evidence,
        warnings: found.warnings,
    }))
}

/// `1.8` → `8`, `17` → `17`; `None` for anything that is not a Java release number.
#[must_use]
pub fn release(value: &str) -> Option<String> {
    let v = value.trim();
    let v = v.strip_prefix("1.").unwrap_or(v);
    (!v.is_empty() && v.len() <= 3 && v.chars().all(|c| c.is_ascii_digit()) && v != "0")
        .then(|| v.to_string())
}

/// Orders Spring Boot versions: `3.2.0` → `[3, 2, 0]`, ignoring suffixes like `-SNAPSHOT`.
#[must_use]
pub fn boot_key(version: &str) -> Vec<u32> {
    version
        .split(['.', '-'])
        .take(3)
        .map_while(|p| p.parse().ok())
        .collect()
}

/// How a Spring Boot jar is started, from its version and layering.
#[must_use]
pub fn boot_launch(version: Option<&str>, layers: Layering, executable: bool) -> Launch {
    let Some(version) = version else {
        return Launch::BootJar {
            reason: "the Spring Boot version is not stated in the build files msb reads, so the jar runs as it is".into(),
        };
    };
    let key = boot_key(version);
    let reason = if executable {
        Some("the jar is fully executable (launch script), which layer extraction cannot read")
    } else if layers == Layering::Off {
        Some("layering is switched off in the build")
    } else if layers == Layering::Custom {
        Some("the build defines custom layers, whose names msb does not know")
    } else if key < vec![2, 3] {
        Some("Spring Boot before 2.3 has no layer extraction")
    } else if key < vec![2, 4] && layers != Layering::On {
        Some("Spring Boot 2.3 writes the layer index only when layers are enabled")
    } else {
        None
    };
    if let Some(reason) = reason {
        return Launch::BootJar {
            reason: reason.into(),
        };
    }
    if key >= vec![3, 3] {
        Launch::BootTools
    } else if key >= vec![3, 2] {
        Launch::BootLayertools {
            launcher: "org.springframework.boot.loader.launch.JarLauncher".into(),
        }
    } else {
        Launch::BootLayertools {
            launcher: "org.springframework.boot.loader.JarLauncher".into(),
        }
    }
}

/// What the build says about Spring Boot's layered jar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layering {
    Default,
    On,
    Off,
    Custom,
}

/// A build's application modules, and the Java release each one asks for.
pub struct Applications {
    pub modules: Vec<JavaModule>,
    pub versions: Vec<(String, Evidence)>,
}

#[cfg(test)]
mod scenarios;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boot_versions_choose_tools_layertools_or_the_jar() {
        assert_eq!(
            boot_launch(Some("3.4.1"), Layering::Default, false),
            Launch::BootTools
        );
        assert_eq!(
            boot_launch(Some("3.3.0"), Layering::Default, false),
            Launch::BootTools
        );
        let launcher = |v| match boot_launch(Some(v), Layering::Default, false) {
            Launch::BootLayertools { launcher } => launcher,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            launcher("3.2.5"),
            "org.springframework.boot.loader.launch.JarLauncher"
        );
        assert_eq!(
            launcher("3.1.12"),
            "org.springframework.boot.loader.JarLauncher"
        );
        assert_eq!(
            launcher("2.7.18"),
            "org.springframework.boot.loader.JarLauncher"
        );
        assert!(matches!(
            boot_launch(Some("2.3.12.RELEASE"), Layering::Default, false),
            Launch::BootJar { .. }
        ));
        assert!(matches!(
            boot_launch(Some("2.3.12.RELEASE"), Layering::On, false),
            Launch::BootLayertools { .. }
        ));
        assert!(matches!(
            boot_launch(Some("2.2.0.RELEASE"), Layering::On, false),
            Launch::BootJar { .. }
        ));
        assert!(matches!(
            boot_launch(Some("3.4.0"), Layering::Custom, false),
            Launch::BootJar { .. }
        ));
        assert!(matches!(
            boot_launch(Some("3.4.0"), Layering::Default, true),
            Launch::BootJar { .. }
        ));
        assert!(matches!(
            boot_launch(None, Layering::Default, false),
            Launch::BootJar { .. }
        ));
    }

    #[test]
    fn releases() {
        assert_eq!(release("1.8").as_deref(), Some("8"));
        assert_eq!(release(" 21 ").as_deref(), Some("21"));
        assert_eq!(release("${java.version}"), None);
        assert_eq!(release("17.0.2"), None);
    }
}
