//! Java through the binary: values from a POM reach the Dockerfile only as the instructions
//! msb means, and hostile ones are refused before anything is written.

mod support;

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use support::dockerfile;
use support::project::init_stdout;

fn write(root: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let path = root.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
}

const ROOT_POM: &str = "<project><groupId>g</groupId><artifactId>root</artifactId><version>1.0</version><packaging>pom</packaging><modules><module>apps/api+v2</module></modules></project>";

fn module_pom(artifact: &str, main: &str) -> String {
    format!(
        "<project><parent><groupId>g</groupId><artifactId>root</artifactId><version>1.0</version><relativePath>../../pom.xml</relativePath></parent><artifactId>{artifact}</artifactId><build><plugins><plugin><artifactId>maven-jar-plugin</artifactId><configuration><archive><manifest><mainClass>{main}</mainClass></manifest></archive></configuration></plugin></plugins></build></project>"
    )
}

#[test]
fn unusual_but_valid_names_produce_exactly_the_intended_instructions() {
    let dir = tempfile::tempdir().unwrap();
    let pom = module_pom("api_v2.svc", "com.example.Main$Runner");
    write(
        dir.path(),
        &[("pom.xml", ROOT_POM), ("apps/api+v2/pom.xml", &pom)],
    );
    let text = init_stdout(&["--module", "api_v2.svc"], dir.path());
    let parsed = dockerfile::parse(&text);
    let keywords: Vec<&str> = parsed.iter().map(|i| i.keyword.as_str()).collect();
    assert_eq!(
        keywords,
        [
            "ARG",
            "FROM",
            "WORKDIR",
            "COPY",
            "COPY",
            "RUN", // deps
            "FROM",
            "COPY",
            "RUN", // build
            "FROM",
            "RUN", // test
            "FROM",
            "RUN",
            "COPY",
            "ENV",
            "USER",
            "EXPOSE",
            "ENTRYPOINT", // runtime
        ],
        "{text}"
    );
    let stages = dockerfile::stages(&parsed);
    let stage_names: Vec<&str> = stages
        .iter()
        .filter_map(|s| dockerfile::stage_name(&s[0]))
        .collect();
    assert_eq!(stage_names, ["deps", "build", "test", "runtime"]);
    assert_eq!(parsed[4].args, "apps/api+v2/pom.xml apps/api+v2/");
    let build = &parsed[8].args;
    assert!(
        build.contains("package -DskipTests --projects apps/api+v2 --also-make"),
        "{build}"
    );
    assert!(
        build.ends_with("&& cp /build/apps/api+v2/target/api_v2.svc-1.0.jar /out/lib/"),
        "{build}"
    );
    let entry: Vec<String> = serde_json::from_str(&parsed.last().unwrap().args).unwrap();
    assert_eq!(
        entry,
        ["java", "-cp", "/app/lib/*", "com.example.Main$Runner"]
    );
}

#[test]
fn hostile_pom_values_are_refused_and_nothing_is_written() {
    let cases = [
        module_pom("api$(touch pwned)", "a.Main"),
        module_pom("api", "a.Main&#10;RUN touch /pwned"),
        module_pom("api", "a.Main\" ; id ; \""),
        module_pom("api\"x", "a.Main"),
    ];
    for pom in cases {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            &[("pom.xml", ROOT_POM), ("apps/api+v2/pom.xml", &pom)],
        );
        Command::cargo_bin("msb")
            .unwrap()
            .args(["init", "--yes"])
            .arg(dir.path())
            .assert()
            .code(1)
            .stderr(predicate::str::contains("cannot be used"));
        assert!(!dir.path().join("Dockerfile").exists(), "{pom}");
    }
}

#[test]
fn a_module_that_is_not_there_is_a_usage_error_listing_the_modules() {
    let dir = tempfile::tempdir().unwrap();
    let pom = module_pom("api", "a.Main");
    write(
        dir.path(),
        &[("pom.xml", ROOT_POM), ("apps/api+v2/pom.xml", &pom)],
    );
    Command::cargo_bin("msb")
        .unwrap()
        .args(["plan", "--module", "nope"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("apps/api+v2"));
}
