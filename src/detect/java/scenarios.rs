//! Java detection end to end over in-memory trees: found, absent, broken, hostile.

use crate::detect::{DetectError, Facts, JavaFacts, Launch, Project, detect};
use crate::language::Language;
use crate::repo::MemTree;

fn boot_pom(version: &str, artifact: &str) -> String {
    format!(
        "<project>\n  <parent>\n    <groupId>org.springframework.boot</groupId>\n    <artifactId>spring-boot-starter-parent</artifactId>\n    <version>{version}</version>\n  </parent>\n  <artifactId>{artifact}</artifactId>\n  <version>1.0.0</version>\n  <properties><java.version>17</java.version></properties>\n  <build><plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId></plugin></plugins></build>\n</project>\n"
    )
}

fn java(tree: &MemTree) -> Result<Option<Project>, DetectError> {
    detect(tree, Some(Language::Java)).map(|d| d.projects.into_iter().next())
}

fn facts(project: &Project) -> &JavaFacts {
    match &project.facts {
        Facts::Java(j) => j,
        _ => panic!("not java"),
    }
}

#[test]
fn absent_when_no_build_file() {
    let tree = MemTree::new().with("src/Main.java", "class Main {}");
    assert!(java(&tree).unwrap().is_none());
}

#[test]
fn spring_boot_maven_versions_pick_their_launch() {
    let p = java(&MemTree::new().with("pom.xml", boot_pom("3.4.1", "demo")))
        .unwrap()
        .unwrap();
    let f = facts(&p);
    assert_eq!(f.modules[0].launch, Launch::BootTools);
    assert_eq!(f.modules[0].artifact, "target/demo-1.0.0.jar");
    assert_eq!(p.version.as_ref().unwrap().version, "17");
    assert!(p.version.as_ref().unwrap().exact);
    let p = java(&MemTree::new().with("pom.xml", boot_pom("3.2.4", "demo")))
        .unwrap()
        .unwrap();
    assert_eq!(
        facts(&p).modules[0].launch,
        Launch::BootLayertools {
            launcher: "org.springframework.boot.loader.launch.JarLauncher".into()
        }
    );
}

#[test]
fn broken_poms_name_file_and_line() {
    let e = java(&MemTree::new().with(
        "pom.xml",
        "<project>\n  <artifactId>x</artifactId>\n  <build>\n</project>\n",
    ))
    .unwrap_err();
    assert!(e.to_string().starts_with("pom.xml:4:"), "{e}");
    let tree = MemTree::new()
        .with("pom.xml", "<project><artifactId>p</artifactId><packaging>pom</packaging><modules><module>api</module></modules></project>")
        .with("api/pom.xml", "<project>\n<artifactId>api</artifactId>\n<version>1</version\n</project>");
    let e = java(&tree).unwrap_err();
    assert!(e.to_string().starts_with("api/pom.xml:3"), "{e}");
}

#[test]
fn hostile_maven_values_are_refused() {
    let e = java(&MemTree::new().with("pom.xml", boot_pom("3.4.1", "demo$(id)"))).unwrap_err();
    assert!(matches!(e, DetectError::Unsafe(_)), "{e}");
    assert!(e.to_string().contains("artifactId"), "{e}");
    let main = "<project><artifactId>tool</artifactId><version>1</version><build><plugins><plugin><artifactId>maven-jar-plugin</artifactId><configuration><archive><manifest><mainClass>com.x.Main&#10;RUN id</mainClass></manifest></archive></configuration></plugin></plugins></build></project>";
    let e = java(&MemTree::new().with("pom.xml", main)).unwrap_err();
    assert!(e.to_string().contains("main class"), "{e}");
    let name = "<project><artifactId>tool</artifactId><version>1</version><build><finalName>a\"b</finalName><plugins><plugin><artifactId>maven-shade-plugin</artifactId><configuration><mainClass>a.B</mainClass></configuration></plugin></plugins></build></project>";
    let e = java(&MemTree::new().with("pom.xml", name)).unwrap_err();
    assert!(e.to_string().contains("jar name"), "{e}");
}

#[test]
fn maven_multi_module_lists_applications_in_module_order() {
    let tree = MemTree::new()
        .with("pom.xml", "<project><groupId>g</groupId><artifactId>root</artifactId><version>2.0</version><packaging>pom</packaging><modules><module>web</module><module>lib</module><module>cli</module></modules></project>")
        .with("web/pom.xml", "<project><parent><groupId>g</groupId><artifactId>root</artifactId><version>2.0</version></parent><artifactId>web</artifactId><build><plugins><plugin><artifactId>maven-shade-plugin</artifactId><configuration><shadedArtifactAttached>true</shadedArtifactAttached><transformers><transformer><mainClass>g.Web</mainClass></transformer></transformers></configuration></plugin></plugins></build></project>")
        .with("lib/pom.xml", "<project><parent><groupId>g</groupId><artifactId>root</artifactId><version>2.0</version></parent><artifactId>lib</artifactId></project>")
        .with("cli/pom.xml", "<project><parent><groupId>g</groupId><artifactId>root</artifactId><version>2.0</version></parent><artifactId>cli</artifactId><properties><exec.mainClass>g.Cli</exec.mainClass></properties></project>");
    let p = java(&tree).unwrap().unwrap();
    let ids: Vec<&str> = p.apps.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["web", "cli"]);
    assert_eq!(p.preferred_app, 0);
    let f = facts(&p);
    assert_eq!(f.modules[0].artifact, "web/target/web-2.0-shaded.jar");
    assert_eq!(
        f.modules[1].launch,
        Launch::ClassPath {
            main_class: "g.Cli".into()
        }
    );
    assert_eq!(
        f.manifests,
        ["pom.xml", "web/pom.xml", "lib/pom.xml", "cli/pom.xml"]
    );
    assert!(f.multi_module);
}

#[test]
fn maven_credentials_become_a_secret() {
    let tree = MemTree::new()
        .with("pom.xml", boot_pom("3.4.1", "demo"))
        .with(
            ".mvn/settings.xml",
            "<settings><servers><server><password>x</password></server></servers></settings>",
        );
    let p = java(&tree).unwrap().unwrap();
    let secret = facts(&p).secret.clone().unwrap();
    assert_eq!(
        (secret.rule.file, secret.rule.id),
        (".mvn/settings.xml", "maven-settings")
    );
    // A literal password is committed: msb says so.
    assert!(p.warnings.iter().any(|w| w.contains("rotate it")));
}

const KTS_BOOT: &str = "plugins {\n  java\n  id(\"org.springframework.boot\") version \"3.3.4\"\n}\nversion = \"0.1.0\"\n";

#[test]
fn gradle_boot_jar_name_comes_from_the_build_never_plain() {
    let tree = MemTree::new()
        .with("settings.gradle.kts", "rootProject.name = \"svc\"\n")
        .with("build.gradle.kts", KTS_BOOT);
    let p = java(&tree).unwrap().unwrap();
    let m = &facts(&p).modules[0];
    assert_eq!(m.artifact, "build/libs/svc-0.1.0.jar");
    assert_eq!(m.task.as_deref(), Some("bootJar"));
    assert!(facts(&p).kotlin_dsl);
    assert!(!m.artifact.ends_with("-plain.jar") && !m.artifact.ends_with("-sources.jar"));
}

#[test]
fn an_unnamed_gradle_root_takes_the_build_directory_name() {
    let tree = MemTree::new()
        .with("settings.gradle.kts", "")
        .with("build.gradle.kts", KTS_BOOT);
    let p = java(&tree).unwrap().unwrap();
    let dir = crate::plan::images::JAVA_BUILD_DIR.trim_start_matches('/');
    assert_eq!(
        facts(&p).modules[0].artifact,
        format!("build/libs/{dir}-0.1.0.jar")
    );
}

#[test]
fn gradle_computed_names_are_reported_not_guessed() {
    let tree = MemTree::new()
        .with("settings.gradle", "rootProject.name = 'svc'\n")
        .with("build.gradle", "plugins {\n  id 'org.springframework.boot' version '3.3.4'\n}\nversion = gitDescribe()\n");
    let p = java(&tree).unwrap().unwrap();
    assert!(p.apps.is_empty());
    assert!(
        p.warnings.iter().any(|w| w.contains("computed")),
        "{:?}",
        p.warnings
    );
}

#[test]
fn gradle_hostile_values_are_refused() {
    let tree = MemTree::new()
        .with("settings.gradle", "include ':api$(id)'\n")
        .with("build.gradle", "");
    let e = java(&tree).unwrap_err();
    assert!(matches!(e, DetectError::Unsafe(_)), "{e}");
    let tree = MemTree::new()
        .with("settings.gradle", "rootProject.name = 'svc'\n")
        .with("build.gradle", "plugins { id 'org.springframework.boot' version '3.4.0' }\nbootJar {\n  archiveFileName = 'a;touch x.jar'\n}\n");
    let e = java(&tree).unwrap_err();
    assert!(e.to_string().contains("archive name"), "{e}");
    let tree = MemTree::new().with(
        "build.gradle",
        "plugins { id 'application' }\napplication { mainClass = 'a.B\"; id; \"' }\n",
    );
    assert!(java(&tree).is_err());
}

#[test]
fn gradle_application_and_wrapper() {
    let tree = MemTree::new()
        .with("settings.gradle", "rootProject.name = 'tools'\ninclude 'cli'\n")
        .with("cli/build.gradle", "plugins { id 'application' }\napplication { mainClass = 'com.x.Cli' }\njava { toolchain { languageVersion = JavaLanguageVersion.of(17) } }\n")
        .with("gradlew", "#!/bin/sh\r\n")
        .with("gradle/wrapper/gradle-wrapper.properties", "distributionUrl=x\n");
    let p = java(&tree).unwrap().unwrap();
    assert!(!facts(&p).wrapper, "no wrapper jar, no wrapper");
    assert!(p.warnings.iter().any(|w| w.contains("gradle-wrapper.jar")));
    let tree = tree.with("gradle/wrapper/gradle-wrapper.jar", "PK");
    let p = java(&tree).unwrap().unwrap();
    let f = facts(&p);
    assert!(f.wrapper);
    assert_eq!(f.modules[0].task.as_deref(), Some(":cli:installDist"));
    assert_eq!(f.modules[0].artifact, "cli/build/install/cli");
    assert_eq!(p.version.as_ref().unwrap().version, "17");
    assert!(
        p.warnings.iter().any(|w| w.contains("CRLF")),
        "{:?}",
        p.warnings
    );
}

#[test]
fn included_builds_are_copied_into_the_dependency_stage() {
    let tree = MemTree::new()
        .with("settings.gradle.kts", "pluginManagement {\n  includeBuild(\"build-logic\")\n}\nincludeBuild(\"../elsewhere\")\nrootProject.name = \"svc\"\n")
        .with("build-logic/settings.gradle.kts", "")
        .with("build.gradle.kts", KTS_BOOT);
    let p = java(&tree).unwrap().unwrap();
    assert_eq!(facts(&p).dirs, ["build-logic"]);
    assert!(
        p.warnings
            .iter()
            .any(|w| w.contains("outside the project directory")),
        "{:?}",
        p.warnings
    );
}

const JAR_MAIN: &str = "<plugin><artifactId>maven-jar-plugin</artifactId><configuration><archive><manifest><mainClass>com.example.Main</mainClass></manifest></archive></configuration></plugin>";

fn error(tree: &MemTree) -> String {
    crate::settings::resolve(
        &detect(tree, None).unwrap(),
        &crate::settings::Overrides::default(),
        &mut crate::settings::prompt::NoPrompt,
    )
    .unwrap_err()
    .to_string()
}

#[test]
fn names_built_from_unresolvable_properties_are_warnings_naming_the_pom() {
    let main = MemTree::new().with(
        "pom.xml",
        "<project><artifactId>app</artifactId><version>1</version><properties><exec.mainClass>x${HOME}</exec.mainClass></properties></project>",
    );
    let e = error(&main);
    assert!(
        e.contains("pom.xml: the main class \"x${HOME}\" uses a property"),
        "{e}"
    );
    let shade = MemTree::new().with(
        "pom.xml",
        "<project><artifactId>app</artifactId><version>1</version><build><plugins><plugin><artifactId>maven-shade-plugin</artifactId><configuration><finalName>${nope}</finalName><transformers><transformer><mainClass>a.B</mainClass></transformer></transformers></configuration></plugin></plugins></build></project>",
    );
    assert!(error(&shade).contains("<finalName> \"${nope}\" uses a property"));
    let nothing = MemTree::new().with("pom.xml", "<project><artifactId>lib</artifactId></project>");
    assert!(error(&nothing).contains("pom.xml: no application module found"));
}

#[test]
fn unusable_module_paths_and_parent_paths() {
    let module = MemTree::new().with(
        "pom.xml",
        "<project><artifactId>root</artifactId><packaging>pom</packaging><modules><module>a b</module></modules></project>",
    );
    let e = java(&module).unwrap_err().to_string();
    assert!(
        e.starts_with("pom.xml: module \"a b\" cannot be used"),
        "{e}"
    );
    let parent = MemTree::new()
        .with(
            "pom.xml",
            "<project><artifactId>root</artifactId><version>1</version><packaging>pom</packaging><modules><module>api</module></modules></project>",
        )
        .with(
            "api/pom.xml",
            format!("<project><parent><artifactId>root</artifactId><version>1</version><relativePath>x\u{0}y</relativePath></parent><artifactId>api</artifactId><build><plugins>{JAR_MAIN}</plugins></build></project>"),
        );
    let p = java(&parent).unwrap().unwrap();
    assert!(
        p.warnings.iter().any(|w| w.contains("taken as external")),
        "{:?}",
        p.warnings
    );
}

fn quarkus_pom(extra: &str) -> String {
    format!(
        "<project>\n  <artifactId>greeter</artifactId>\n  <version>1.0.0</version>\n  <properties><quarkus.platform.version>3.24.4</quarkus.platform.version>{extra}</properties>\n  <build><plugins><plugin><groupId>io.quarkus.platform</groupId><artifactId>quarkus-maven-plugin</artifactId><version>${{quarkus.platform.version}}</version>\n    <executions><execution><goals><goal>build</goal><goal>generate-code</goal></goals></execution></executions>\n  </plugin></plugins></build>\n</project>\n"
    )
}

#[test]
fn quarkus_maven_builds_a_fast_jar_or_the_uber_jar_it_asks_for() {
    let p = java(&MemTree::new().with("pom.xml", quarkus_pom("")))
        .unwrap()
        .unwrap();
    let m = &facts(&p).modules[0];
    assert_eq!(m.launch, Launch::Quarkus);
    assert_eq!(m.artifact, "target/quarkus-app");

    let uber = MemTree::new().with("pom.xml", quarkus_pom("")).with(
        "src/main/resources/application.properties",
        "quarkus.package.jar.type=uber-jar\n",
    );
    let p = java(&uber).unwrap().unwrap();
    let m = &facts(&p).modules[0];
    assert_eq!(m.launch, Launch::FatJar);
    assert_eq!(m.artifact, "target/greeter-1.0.0-runner.jar");

    let legacy = quarkus_pom("<quarkus.package.jar.type>legacy-jar</quarkus.package.jar.type>");
    let p = java(&MemTree::new().with("pom.xml", legacy))
        .unwrap()
        .unwrap();
    assert!(facts(&p).modules.is_empty());
    assert!(
        p.warnings.iter().any(|w| w.contains("legacy-jar")),
        "{:?}",
        p.warnings
    );
}

#[test]
fn quarkus_gradle_plugin_builds_the_fast_jar_with_quarkus_build() {
    let tree = MemTree::new()
        .with("settings.gradle", "rootProject.name = 'greeter'\n")
        .with(
            "build.gradle",
            "plugins {\n    id 'java'\n    id 'io.quarkus'\n}\nversion = '1.0.0'\n",
        );
    let p = java(&tree).unwrap().unwrap();
    let m = &facts(&p).modules[0];
    assert_eq!(m.launch, Launch::Quarkus);
    assert_eq!(m.artifact, "build/quarkus-app");
    assert_eq!(m.task.as_deref(), Some("quarkusBuild"));

    let uber = tree.with(
        "src/main/resources/application.properties",
        "quarkus.package.type=uber-jar\n",
    );
    let p = java(&uber).unwrap().unwrap();
    let m = &facts(&p).modules[0];
    assert_eq!(m.launch, Launch::FatJar);
    assert_eq!(m.artifact, "build/greeter-1.0.0-runner.jar");
}

#[test]
fn micronaut_parent_shades_the_packaging_property_jar() {
    let pom = "<project>\n  <parent><groupId>io.micronaut.platform</groupId><artifactId>micronaut-parent</artifactId><version>4.7.6</version></parent>\n  <artifactId>svc</artifactId>\n  <version>0.1</version>\n  <packaging>${packaging}</packaging>\n  <properties><packaging>jar</packaging><release.version>21</release.version><exec.mainClass>example.Application</exec.mainClass></properties>\n</project>\n";
    let p = java(&MemTree::new().with("pom.xml", pom)).unwrap().unwrap();
    let m = &facts(&p).modules[0];
    assert_eq!(m.launch, Launch::FatJar);
    assert_eq!(m.artifact, "target/svc-0.1.jar");
    assert_eq!(p.version.as_ref().unwrap().version, "21");
    let docker = pom.replace(
        "<packaging>jar</packaging>",
        "<packaging>docker-native</packaging>",
    );
    let p = java(&MemTree::new().with("pom.xml", docker))
        .unwrap()
        .unwrap();
    assert!(facts(&p).modules.is_empty());
    assert!(
        p.warnings.iter().any(|w| w.contains("docker-native")),
        "{:?}",
        p.warnings
    );
}

#[test]
fn a_spring_boot_war_runs_with_java_jar_and_a_plain_war_is_refused() {
    let boot = boot_pom("3.4.1", "site").replace(
        "<version>1.0.0</version>\n  <properties>",
        "<version>1.0.0</version>\n  <packaging>war</packaging>\n  <properties>",
    );
    let p = java(&MemTree::new().with("pom.xml", boot))
        .unwrap()
        .unwrap();
    let m = &facts(&p).modules[0];
    assert!(matches!(m.launch, Launch::BootJar { .. }), "{:?}", m.launch);
    assert_eq!(m.artifact, "target/site-1.0.0.war");
    let plain = "<project><artifactId>site</artifactId><version>1</version><packaging>war</packaging></project>";
    let p = java(&MemTree::new().with("pom.xml", plain))
        .unwrap()
        .unwrap();
    assert!(facts(&p).modules.is_empty());
    assert!(p.warnings.iter().any(|w| w.contains("servlet container")));
}

#[test]
fn spring_boot_1_gradle_builds_with_assemble_and_reads_the_ext_version() {
    let tree = MemTree::new().with("settings.gradle", "rootProject.name = 'legacy'\n").with(
        "build.gradle",
        "buildscript {\n    ext {\n        springBootVersion = '1.5.6.RELEASE'\n    }\n    dependencies {\n        classpath(\"org.springframework.boot:spring-boot-gradle-plugin:${springBootVersion}\")\n    }\n}\napply plugin: 'java'\napply plugin: 'org.springframework.boot'\nversion = '0.1.0'\n",
    );
    let p = java(&tree).unwrap().unwrap();
    let m = &facts(&p).modules[0];
    assert_eq!(m.boot_version.as_deref(), Some("1.5.6.RELEASE"));
    assert_eq!(m.task.as_deref(), Some("assemble"));
    assert_eq!(m.artifact, "build/libs/legacy-0.1.0.jar");
    assert!(matches!(m.launch, Launch::BootJar { .. }));
}

#[test]
fn ktor_and_micronaut_gradle_plugins_apply_the_application_plugin() {
    for plugin in [
        "id(\"io.ktor.plugin\") version \"3.1.1\"",
        "id(\"io.micronaut.application\") version \"4.5.3\"",
    ] {
        let tree = MemTree::new()
            .with("settings.gradle.kts", "rootProject.name = \"svc\"\n")
            .with(
                "build.gradle.kts",
                format!("plugins {{\n    kotlin(\"jvm\") version \"2.1.10\"\n    {plugin}\n}}\napplication {{\n    mainClass = \"example.ApplicationKt\"\n}}\n"),
            );
        let p = java(&tree).unwrap().unwrap();
        let m = &facts(&p).modules[0];
        assert_eq!(
            m.launch,
            Launch::Distribution {
                main_class: "example.ApplicationKt".into()
            },
            "{plugin}"
        );
    }
}
