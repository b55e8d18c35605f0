//! Maven builds: application modules, their packaging and jar names, the Java release, and
//! settings files with credentials.

use super::java::{self, BuildTool, Found, JavaFacts, JavaModule, Launch, Layering, boot_launch};
use super::maven::{Reactor, descendant};
use super::{DetectError, Evidence};
use super::{java_quarkus, secrets};
use crate::repo::{self, Tree};
use crate::values::{self, UnsafeValue};

const PREFERENCE_RULE: &str =
    "the first application module in the build's own order (pom.xml <modules>) comes first";

fn checked(
    file: &str,
    field: &str,
    value: &str,
    check: fn(&str) -> Result<(), String>,
) -> Result<(), DetectError> {
    check(value).map_err(|reason| UnsafeValue::new(file, field, value, reason).into())
}

/// The Java release a module compiles for, and where it is declared.
fn java_version(r: &Reactor, i: usize) -> Option<(String, Evidence)> {
    let compiler = r.plugin(i, "maven-compiler-plugin");
    let from_plugin = |name: &str| {
        compiler
            .as_ref()
            .and_then(|p| p.find(name))
            .map(|e| (e.text.clone(), p_file(compiler.as_ref()), e.line))
    };
    let from_property = |key: &str| {
        r.lineage(i).into_iter().find_map(|p| {
            p.properties
                .get(key)
                .map(|v| (v.clone(), p.file.clone(), 0usize))
        })
    };
    let candidates = [
        (
            "maven.compiler.release",
            from_property("maven.compiler.release"),
        ),
        ("compiler <release>", from_plugin("release")),
        (
            "maven.compiler.source",
            from_property("maven.compiler.source"),
        ),
        ("compiler <source>", from_plugin("source")),
        ("java.version", from_property("java.version")),
        // Micronaut's parent compiles for these.
        ("release.version", from_property("release.version")),
        ("jdk.version", from_property("jdk.version")),
    ];
    candidates.into_iter().find_map(|(what, found)| {
        let (raw, file, line) = found?;
        let value = java::release(&r.interpolate(i, &raw)?)?;
        Some((
            value.clone(),
            Evidence::new(
                &file,
                (line > 0).then_some(line),
                format!("Java {value} ({what}); builder and runtime use exactly this release"),
            ),
        ))
    })
}

fn p_file(p: Option<&super::maven::PluginView<'_>>) -> String {
    p.map(|p| p.file.clone()).unwrap_or_default()
}

fn boot_version(r: &Reactor, i: usize) -> Option<String> {
    if let Some((_, parent)) = r.external_parent(i) {
        if parent.group_id == "org.springframework.boot" {
            return Some(parent.version.clone());
        }
    }
    let bom = r
        .lineage(i)
        .into_iter()
        .find_map(|p| p.boot_bom.as_ref().map(|(v, _)| v.clone()));
    let plugin = r
        .plugin(i, "spring-boot-maven-plugin")
        .and_then(|p| p.version().map(|v| v.text.clone()));
    bom.or(plugin).and_then(|v| r.interpolate(i, &v))
}

/// `<packaging>`, interpolated: Micronaut projects declare `${packaging}`.
fn packaging(r: &Reactor, i: usize) -> String {
    let raw = &r.poms[i].packaging;
    r.interpolate(i, raw).unwrap_or_else(|| raw.clone())
}

/// Micronaut's parent shades every `jar` module into a runnable jar with `exec.mainClass`.
fn is_micronaut_parent(r: &Reactor, i: usize) -> bool {
    r.external_parent(i).is_some_and(|(_, p)| {
        p.artifact_id == "micronaut-parent"
            && (p.group_id == "io.micronaut" || p.group_id == "io.micronaut.platform")
    })
}

fn is_starter_parent(r: &Reactor, i: usize) -> bool {
    r.external_parent(i)
        .is_some_and(|(_, p)| p.artifact_id == "spring-boot-starter-parent")
}

fn text_of(e: Option<&super::xml::Element>) -> Option<&str> {
    e.map(|e| e.text.as_str()).filter(|t| !t.is_empty())
}

struct Module {
    launch: Launch,
    jar: String,
    /// A Quarkus uber-jar's name, used when the packaging asks for one.
    runner: Option<String>,
    boot_version: Option<String>,
    main_class: Option<(String, String)>,
}

/// Works out how module `i` is packaged and started; `None` for libraries.
fn analyse(r: &Reactor, i: usize, warnings: &mut Vec<String>) -> Option<Module> {
    let pom = &r.poms[i];
    let boot_war = r
        .plugin(i, "spring-boot-maven-plugin")
        .is_some_and(|b| is_starter_parent(r, i) || b.has_goal("repackage"));
    match packaging(r, i).as_str() {
        "jar" => {}
        // Spring Boot repackages a war into one `java -jar` runs, servlet container inside.
        "war" if boot_war => {}
        "war" => {
            warnings.push(format!(
                "{}: packaging war needs a servlet container; msb builds runnable jars",
                pom.file
            ));
            return None;
        }
        other if other.starts_with("docker") || other == "native-image" => {
            warnings.push(format!(
                "{}: packaging {} builds an image or a native executable with Micronaut's plugin; msb builds runnable jars (packaging jar)",
                pom.file,
                values::shown(other)
            ));
            return None;
        }
        _ => return None,
    }
    let Some(final_name) = r.interpolate(
        i,
        pom.final_name
            .as_deref()
            .unwrap_or("${project.artifactId}-${project.version}"),
    ) else {
        warnings.push(format!(
            "{}: the jar name (finalName, artifactId-version) uses a property msb cannot resolve; set <finalName> to a literal",
            pom.file
        ));
        return None;
    };
    let jar_plugin_main = r
        .plugin(i, "maven-jar-plugin")
        .and_then(|p| text_of(p.find("mainClass")).map(str::to_string));
    let target = |name: &str| repo::join(&repo::join(&pom.dir, "target"), name);

    if let Some(boot) = r.plugin(i, "spring-boot-maven-plugin") {
        if is_starter_parent(r, i) || boot.has_goal("repackage") {
            let version = boot_version(r, i);
            let classifier = text_of(boot.find("classifier"));
            let layers = match boot.find("layers") {
                Some(l) if descendant(l, "configuration").is_some() => Layering::Custom,
                Some(l) if text_of(l.child("enabled")) == Some("false") => Layering::Off,
                Some(l) if text_of(l.child("enabled")) == Some("true") => Layering::On,
                _ => Layering::Default,
            };
            let executable = text_of(boot.find("executable")) == Some("true");
            let war = packaging(r, i) == "war";
            let ext = if war { "war" } else { "jar" };
            let jar = match classifier {
                Some(c) => format!("{final_name}-{c}.{ext}"),
                None => format!("{final_name}.{ext}"),
            };
            let launch = if war {
                Launch::BootJar {
                    reason: "an executable war".into(),
                }
            } else {
                boot_launch(version.as_deref(), layers, executable)
            };
            return Some(Module {
                launch,
                jar: target(&jar),
                runner: None,
                boot_version: version,
                main_class: None,
            });
        }
        warnings.push(format!(
            "{}: spring-boot-maven-plugin has no repackage execution (and no spring-boot-starter-parent), so the jar is not a Spring Boot jar",
            boot.file
        ));
    }
    if let Some(quarkus) = r.plugin(i, "quarkus-maven-plugin") {
        if quarkus.has_goal("build") {
            return Some(Module {
                launch: Launch::Quarkus,
                jar: target("quarkus-app"),
                runner: Some(target(&format!("{final_name}-runner.jar"))),
                boot_version: None,
                main_class: None,
            });
        }
        warnings.push(format!(
            "{}: quarkus-maven-plugin has no build goal, so the build packages no Quarkus application",
            quarkus.file
        ));
    }
    if let Some(shade) = r.plugin(i, "maven-shade-plugin") {
        let main = text_of(shade.find("mainClass"))
            .map(str::to_string)
            .or(jar_plugin_main.clone());
        let Some(main) = main else {
            warnings.push(format!(
                "{}: the shaded jar has no Main-Class (ManifestResourceTransformer <mainClass>), so it cannot be started with java -jar",
                shade.file
            ));
            return None;
        };
        let attached = text_of(shade.find("shadedArtifactAttached")) == Some("true");
        let shade_name = match text_of(shade.find("finalName")) {
            Some(f) => match r.interpolate(i, f) {
                Some(name) => Some(name),
                None => {
                    warnings.push(unresolved(&shade.file, "the shade plugin's <finalName>", f));
                    return None;
                }
            },
            None => None,
        };
        let jar = match shade_name {
            Some(name) => format!("{name}.jar"),
            None if attached => format!(
                "{final_name}-{}.jar",
                text_of(shade.find("shadedClassifierName")).unwrap_or("shaded")
            ),
            None => format!("{final_name}.jar"),
        };
        return Some(Module {
            launch: Launch::FatJar,
            jar: target(&jar),
            runner: None,
            boot_version: None,
            main_class: Some((main, shade.file.clone())),
        });
    }
    if let Some(assembly) = r.plugin(i, "maven-assembly-plugin") {
        let with_deps = assembly.find("descriptorRefs").is_some_and(|d| {
            d.children("descriptorRef")
                .any(|e| e.text == "jar-with-dependencies")
        });
        if let (true, Some(main)) = (with_deps, text_of(assembly.find("mainClass"))) {
            let append = text_of(assembly.find("appendAssemblyId")) != Some("false");
            let base = match text_of(assembly.find("finalName")) {
                Some(f) => match r.interpolate(i, f) {
                    Some(name) => name,
                    None => {
                        warnings.push(unresolved(
                            &assembly.file,
                            "the assembly plugin's <finalName>",
                            f,
                        ));
                        return None;
                    }
                },
                None => final_name.clone(),
            };
            let jar = if append {
                format!("{base}-jar-with-dependencies.jar")
            } else {
                format!("{base}.jar")
            };
            return Some(Module {
                launch: Launch::FatJar,
                jar: target(&jar),
                runner: None,
                boot_version: None,
                main_class: Some((main.to_string(), assembly.file.clone())),
            });
        }
    }
    let exec_main = r
        .plugin(i, "exec-maven-plugin")
        .and_then(|p| text_of(p.find("mainClass")).map(str::to_string))
        .or_else(|| r.property(i, "exec.mainClass"));
    let main = jar_plugin_main.or(exec_main)?;
    let Some(main) = r.interpolate(i, &main) else {
        warnings.push(unresolved(&pom.file, "the main class", &main));
        return None;
    };
    if is_micronaut_parent(r, i) {
        return Some(Module {
            launch: Launch::FatJar,
            jar: target(&format!("{final_name}.jar")),
            runner: None,
            boot_version: None,
            main_class: Some((main, pom.file.clone())),
        });
    }
    Some(Module {
        launch: Launch::ClassPath {
            main_class: main.clone(),
        },
        jar: target(&format!("{final_name}.jar")),
        runner: None,
        boot_version: None,
        main_class: Some((main, pom.file.clone())),
    })
}

/// Container-image plugins with executions, and the property that skips each.
const IMAGE_PLUGINS: [(&str, &[&str]); 3] = [
    // fabric8's and Spotify's plugins share the artifactId.
    ("docker-maven-plugin", &["docker.skip", "skipDocker"]),
    ("dockerfile-maven-plugin", &["dockerfile.skip"]),
    ("jib-maven-plugin", &["jib.skip"]),
];

/// `-Dproperty=true` for each image-building plugin bound to a phase in module `i`.
fn image_plugin_skips(r: &Reactor, i: usize) -> Vec<String> {
    IMAGE_PLUGINS
        .iter()
        .filter(|(id, _)| {
            r.plugin(i, id)
                .is_some_and(|p| p.find("execution").is_some())
        })
        .flat_map(|(_, props)| props.iter().map(|p| format!("-D{p}=true")))
        .collect()
}

/// The warning for a value built from a property msb cannot resolve.
fn unresolved(file: &str, what: &str, value: &str) -> String {
    format!(
        "{file}: {what} {} uses a property msb cannot resolve; set it to a literal",
        values::shown(value)
    )
}

/// Reads the Maven reactor at the root of the tree.
///
/// # Errors
/// A POM that cannot be read or parsed, and names that cannot be used safely.
pub fn detect(tree: &dyn Tree) -> Result<Found, DetectError> {
    let reactor = Reactor::load(tree)?.ok_or_else(|| {
        super::ManifestError::new("pom.xml", None, "disappeared while msb was reading it")
    })?;
    let mut warnings = reactor.warnings.clone();
    let root = &reactor.poms[0];
    let mut evidence = vec![Evidence::new(
        "pom.xml",
        None,
        format!(
            "Maven project {}{}",
            root.artifact_id,
            if reactor.poms.len() > 1 {
                format!(" with {} POMs in the reactor", reactor.poms.len())
            } else {
                String::new()
            }
        ),
    )];
    let mvnw = tree.is_file("mvnw")?;
    let wrapper = mvnw && tree.is_dir(".mvn/wrapper")?;
    evidence.push(Evidence::new(
        "mvnw",
        None,
        if wrapper {
            "Maven wrapper: the build runs ./mvnw on a JDK image"
        } else {
            "no Maven wrapper: the build runs mvn from the maven image"
        },
    ));
    if mvnw && !wrapper {
        warnings.push(
            "mvnw exists but .mvn/wrapper does not; msb builds with the maven image instead".into(),
        );
    }
    let mut manifests = Vec::new();
    for pom in &reactor.poms {
        checked("pom.xml", "module path", &pom.file, values::check_rel_path)?;
        manifests.push(pom.file.clone());
    }
    let mut modules = Vec::new();
    let mut versions = Vec::new();
    for i in 0..reactor.poms.len() {
        let pom = &reactor.poms[i];
        let Some(mut m) = analyse(&reactor, i, &mut warnings) else {
            if packaging(&reactor, i) == "jar" {
                evidence.push(Evidence::new(
                    &pom.file,
                    None,
                    format!(
                        "{}: a library (no main class, no Spring Boot)",
                        values::shown(&pom.artifact_id)
                    ),
                ));
            }
            continue;
        };
        if m.launch == Launch::Quarkus {
            let from_pom = java_quarkus::pom_jar_type(|k| reactor.property(i, k));
            let (packaging, source) = java_quarkus::packaging(tree, &pom.dir, from_pom)?;
            match packaging {
                java_quarkus::Packaging::FastJar => {}
                java_quarkus::Packaging::UberJar => {
                    m.launch = Launch::FatJar;
                    m.jar = m.runner.take().unwrap_or_default();
                }
                java_quarkus::Packaging::Other(kind) => {
                    warnings.push(format!(
                        "{}: Quarkus packaging {} is not one msb builds (fast-jar, uber-jar); the module is skipped",
                        source.as_deref().unwrap_or(&pom.file),
                        values::shown(&kind)
                    ));
                    continue;
                }
            }
        }
        checked(
            &pom.file,
            "artifactId",
            &pom.artifact_id,
            values::check_name,
        )?;
        let jar_name = m.jar.rsplit('/').next().unwrap_or_default();
        checked(&pom.file, "jar name", jar_name, values::check_name)?;
        checked(&pom.file, "jar path", &m.jar, values::check_rel_path)?;
        if let Some((main, file)) = &m.main_class {
            checked(file, "main class", main, values::check_java_class)?;
        }
        evidence.push(Evidence::new(
            &pom.file,
            None,
            format!(
                "{}: {} → {}",
                pom.artifact_id,
                describe(&m.launch, m.boot_version.as_deref()),
                m.jar
            ),
        ));
        if let Some((file, id)) = reactor.inactive_production_profile(i) {
            warnings.push(format!(
                "{file}: profile {id} is not active, so the image is built with the default profiles; add -P{id} to .mvn/maven.config to build it with {id}"
            ));
        }
        if let Some(v) = java_version(&reactor, i) {
            versions.push(v);
        }
        modules.push(JavaModule {
            id: if pom.dir.is_empty() {
                ".".into()
            } else {
                pom.dir.clone()
            },
            name: pom.artifact_id.clone(),
            dir: pom.dir.clone(),
            task: None,
            launch: m.launch,
            artifact: m.jar,
            boot_version: m.boot_version,
            skip_flags: image_plugin_skips(&reactor, i),
        });
    }
    // The project-local .mvn/settings.xml wins over a settings.xml at the root.
    let secret = match secrets::find(tree, "", &secrets::MAVEN_SETTINGS_MVN)? {
        Some(found) => Some(found),
        None => secrets::find(tree, "", &secrets::MAVEN_SETTINGS)?,
    };
    if let (Some(secret), Some(config)) = (&secret, tree.read(".mvn/maven.config")?) {
        if config.contains("settings.xml") {
            warnings.push(format!(
                ".mvn/maven.config names a settings file, but {} is passed as a build secret with --settings; remove the option from maven.config",
                secret.rule.file
            ));
        }
    }
    let dirs = if tree.is_dir(".mvn")? {
        vec![".mvn".into()]
    } else {
        Vec::new()
    };
    Ok(Found {
        facts: JavaFacts {
            tool: BuildTool::Maven,
            wrapper,
            kotlin_dsl: false,
            multi_module: reactor.poms.len() > 1,
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

/// A short description of a launch, for evidence.
#[must_use]
pub fn describe(launch: &Launch, boot: Option<&str>) -> String {
    let boot = boot.unwrap_or("?");
    match launch {
        Launch::BootTools => format!("Spring Boot {boot}, layers extracted with -Djarmode=tools"),
        Launch::BootLayertools { .. } => {
            format!("Spring Boot {boot}, layers extracted with -Djarmode=layertools")
        }
        Launch::BootJar { reason } => format!("Spring Boot {boot} jar run as is: {reason}"),
        Launch::FatJar => "a jar with its dependencies inside, run with java -jar".into(),
        Launch::Distribution { main_class } => {
            format!("application distribution (installDist), main class {main_class}")
        }
        Launch::ClassPath { main_class } => {
            format!("plain jar, dependencies copied beside it, main class {main_class}")
        }
        Launch::Quarkus => "Quarkus fast-jar, run with java -jar quarkus-run.jar".into(),
    }
}
