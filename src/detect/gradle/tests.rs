use super::*;
use crate::detect::gradle_settings::read_settings;

const KTS: &str = r#"
import org.springframework.boot.gradle.tasks.bundling.BootJar

plugins {
java
id("org.springframework.boot") version "3.4.1" // a comment { with a brace
id("io.spring.dependency-management") version "1.1.7"
kotlin("jvm") version "2.1.0"
}

/* block { comment */
version = "0.0.1-SNAPSHOT"

java {
toolchain {
    languageVersion = JavaLanguageVersion.of(21)
}
}

tasks.named<BootJar>("bootJar") {
archiveFileName.set("service.jar")
}
"#;

#[test]
fn reads_the_kotlin_dsl() {
    let s = read_script(KTS);
    let ids: Vec<&str> = s.plugins.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "java",
            "org.springframework.boot",
            "io.spring.dependency-management",
            "org.jetbrains.kotlin.jvm"
        ]
    );
    assert_eq!(s.plugins[1].version.as_deref(), Some("3.4.1"));
    assert_eq!(s.plugins[1].line, 6);
    assert_eq!(
        s.java,
        Some(("21".into(), 16, "Gradle toolchain languageVersion"))
    );
    assert_eq!(s.version, Some(("0.0.1-SNAPSHOT".into(), 12)));
    assert_eq!(
        s.archives["bootJar"].file_name.as_deref(),
        Some("service.jar")
    );
}

#[test]
fn reads_the_groovy_dsl() {
    let s = read_script(
        "plugins {\n  id 'application'\n  id 'org.springframework.boot' version '2.7.18' apply false\n}\napply plugin: 'java'\nsourceCompatibility = JavaVersion.VERSION_1_8\nversion = gitVersion()\napplication {\n  mainClass = 'com.example.Main'\n}\njar {\n  archiveBaseName = 'tool'\n  archiveVersion = \"${project.version}\"\n}\n",
    );
    assert_eq!(s.plugins.len(), 3);
    assert!(!s.plugins[1].applied);
    assert_eq!(s.java.as_ref().unwrap().0, "8");
    assert_eq!(s.version, None);
    assert_eq!(s.version_computed, Some(7));
    assert_eq!(s.main_class, Some(("com.example.Main".into(), 9)));
    assert_eq!(s.archives["jar"].base_name.as_deref(), Some("tool"));
    assert_eq!(s.archives["jar"].computed, Some(13));
}

#[test]
fn strings_hide_comment_markers_and_braces() {
    let st = statements("val a = \"x // y { z\"\nval b = 'q'\n");
    assert_eq!(st.len(), 2);
    assert_eq!(st[0].text, "val a = \"x // y { z\"");
    assert!(st[0].blocks.is_empty());
}

#[test]
fn settings_includes_and_plugin_management() {
    let s = read_settings(
        "pluginManagement {\n  plugins {\n    id 'org.springframework.boot' version '3.3.0'\n  }\n}\nrootProject.name = 'shop'\ninclude 'api', ':tools:cli'\ninclude(\n  \":web\"\n)\nincludeBuild('../other')\n",
    );
    assert_eq!(s.root_name.as_deref(), Some("shop"));
    let paths: Vec<&str> = s.includes.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths, [":api", ":tools:cli", ":web"]);
    assert_eq!(s.plugin_versions["org.springframework.boot"], "3.3.0");
    assert_eq!(s.included_builds, [("../other".to_string(), 11)]);
    assert!(s.not_understood.is_empty());
}

#[test]
fn plugins_applied_to_subprojects_are_not_the_root_project_s() {
    let s = read_script(
        "subprojects {\n  apply plugin: 'org.springframework.boot'\n}\napply plugin: 'java'\n",
    );
    let ids: Vec<&str> = s.plugins.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["java"]);
}

#[test]
fn unbalanced_or_deep_scripts_end_quietly() {
    assert!(read_script("}}}\nversion = '1'").version.is_none());
    let deep = "a {".repeat(MAX_DEPTH + 5);
    let _ = read_script(&deep);
}

#[test]
fn a_computed_root_project_name_is_not_understood() {
    let s = read_settings("rootProject.name = \"svc-${suffix}\"\n");
    assert_eq!(s.root_name, None);
    assert_eq!(s.not_understood.len(), 1);
}
