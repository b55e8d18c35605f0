//! Java facts → plan: runtimes per release, jlink modules, secrets, module choice.

use crate::detect::detect;
use crate::language::Runtime;
use crate::plan::{Plan, PlanError, plan};
use crate::render::{render, templates::TemplateSet};
use crate::repo::MemTree;
use crate::settings::prompt::NoPrompt;
use crate::settings::{Given, Overrides, SettingsError, resolve};

fn boot(java: &str) -> MemTree {
    MemTree::new().with(
        "pom.xml",
        format!("<project><parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>3.4.1</version></parent><artifactId>demo</artifactId><version>1</version><properties><java.version>{java}</java.version></properties><build><plugins><plugin><artifactId>spring-boot-maven-plugin</artifactId></plugin></plugins></build></project>"),
    )
}

fn try_plan(tree: &MemTree, overrides: &Overrides) -> Result<Plan, PlanError> {
    let detection = detect(tree, None).unwrap();
    plan(&resolve(&detection, overrides, &mut NoPrompt).unwrap())
}

fn runtime(r: Runtime) -> Overrides {
    Overrides {
        runtime: Some(Given::flag("--runtime", r)),
        ..Overrides::default()
    }
}

#[test]
fn the_default_runtime_is_temurin_jre() {
    let p = try_plan(&boot("21"), &Overrides::default()).unwrap();
    assert_eq!(p.runtime.kind, Runtime::Jre);
    assert_eq!(p.runtime.image, "eclipse-temurin:${JAVA_VERSION}-jre-noble");
    assert_eq!(p.runtime.user, "10001:10001");
    assert!(p.runtime.env.iter().any(|e| e.name == "JAVA_TOOL_OPTIONS"
        && e.value.as_str() == "-XX:MaxRAMPercentage=75"));
    assert_eq!(p.args[0].value.as_str(), "21");
}

#[test]
fn distroless_only_for_the_releases_it_ships() {
    let p = try_plan(&boot("25"), &runtime(Runtime::Distroless)).unwrap();
    assert_eq!(
        p.runtime.image,
        "gcr.io/distroless/java${JAVA_VERSION}-debian13:nonroot"
    );
    assert_eq!(p.runtime.user, "65532:65532");
    let e = try_plan(&boot("22"), &runtime(Runtime::Distroless)).unwrap_err();
    assert!(e.reason.contains("8, 17, 21, 25"), "{e}");
    let e = try_plan(&boot("1.8"), &runtime(Runtime::Slim)).unwrap_err();
    assert!(e.reason.contains("jlink"), "{e}");
}

#[test]
fn jlink_adds_commonly_missed_modules_by_release() {
    let p = try_plan(&boot("21"), &runtime(Runtime::Slim)).unwrap();
    let jlink = p.java.as_ref().unwrap().jlink.clone().unwrap();
    assert!(jlink.extra_modules.as_str().contains("jdk.crypto.ec"));
    assert_eq!(jlink.compress.as_str(), "--compress=zip-6");
    let p = try_plan(&boot("25"), &runtime(Runtime::Slim)).unwrap();
    let jlink = p.java.as_ref().unwrap().jlink.clone().unwrap();
    assert!(
        !jlink.extra_modules.as_str().contains("jdk.crypto.ec"),
        "in java.base since 22"
    );
    let p = try_plan(&boot("17"), &runtime(Runtime::Slim)).unwrap();
    assert_eq!(
        p.java.unwrap().jlink.unwrap().compress.as_str(),
        "--compress=2"
    );
}

#[test]
fn scratch_is_refused_with_the_reason() {
    let detection = detect(&boot("21"), None).unwrap();
    let e = resolve(&detection, &runtime(Runtime::Scratch), &mut NoPrompt).unwrap_err();
    assert!(e.is_usage());
    assert!(e.to_string().contains("C library"), "{e}");
}

#[test]
fn gradle_without_wrapper_needs_java_17() {
    let tree = MemTree::new().with(
        "build.gradle",
        "plugins { id 'application' }\njava { sourceCompatibility = JavaVersion.VERSION_11 }\napplication { mainClass = 'a.Main' }\n",
    );
    let e = try_plan(&tree, &Overrides::default()).unwrap_err();
    assert!(e.reason.contains("wrapper"), "{e}");
    let p = try_plan(
        &tree,
        &Overrides {
            version: Some(Given::flag("--lang-version", "17".into())),
            ..Overrides::default()
        },
    )
    .unwrap();
    assert_eq!(p.java.unwrap().builder, "gradle:9-jdk${JAVA_VERSION}-noble");
}

#[test]
fn credentials_are_secrets_never_copied() {
    let tree = boot("21").with(
        "settings.xml",
        "<settings><servers><server><password>p</password></server></servers></settings>",
    );
    let p = try_plan(&tree, &Overrides::default()).unwrap();
    let files = render(&p, &TemplateSet::embedded()).unwrap();
    let dockerfile = &files[0].contents;
    assert!(dockerfile.contains("--mount=type=secret,id=maven-settings,required=true"));
    assert!(dockerfile.contains("--settings /run/secrets/maven-settings"));
    assert!(!dockerfile.contains("COPY settings.xml"));
    assert!(
        !dockerfile
            .lines()
            .any(|l| l.starts_with("ARG") && l.contains("PASSWORD"))
    );
    assert!(files[1].contents.lines().any(|l| l == "settings.xml"));
}

#[test]
fn module_flag_chooses_and_other_languages_refuse_it() {
    let tree = MemTree::new()
        .with("pom.xml", "<project><groupId>g</groupId><artifactId>root</artifactId><version>1</version><packaging>pom</packaging><modules><module>a</module><module>b</module></modules></project>")
        .with("a/pom.xml", "<project><artifactId>a</artifactId><version>1</version><properties><exec.mainClass>x.A</exec.mainClass></properties></project>")
        .with("b/pom.xml", "<project><artifactId>svc-b</artifactId><version>1</version><properties><exec.mainClass>x.B</exec.mainClass></properties></project>");
    let by_name = Overrides {
        module: Some(Given::flag("--module", "svc-b".into())),
        ..Overrides::default()
    };
    let p = try_plan(&tree, &by_name).unwrap();
    assert_eq!(p.app.name.as_str(), "svc-b");
    let build = p.java.unwrap().build;
    assert!(
        build[0].as_str().contains("--projects b --also-make"),
        "{build:?}"
    );

    let wrong = Overrides {
        main: Some(Given::flag("--main", "a".into())),
        ..Overrides::default()
    };
    let e = resolve(&detect(&tree, None).unwrap(), &wrong, &mut NoPrompt).unwrap_err();
    assert!(e.to_string().contains("--module"), "{e}");

    let go = MemTree::new()
        .with("go.mod", "module m\n")
        .with("main.go", "package main\n");
    let e = resolve(&detect(&go, None).unwrap(), &by_name, &mut NoPrompt).unwrap_err();
    assert!(matches!(e, SettingsError::Invalid { .. }), "{e}");
    assert!(e.to_string().contains("--module applies to Java"), "{e}");
}

#[test]
fn image_building_plugins_bound_to_package_are_skipped_in_the_build() {
    let pom = "<project><parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>3.4.1</version></parent><artifactId>demo</artifactId><version>1</version><build><plugins><plugin><artifactId>spring-boot-maven-plugin</artifactId></plugin><plugin><groupId>io.fabric8</groupId><artifactId>docker-maven-plugin</artifactId><executions><execution><phase>package</phase><goals><goal>build</goal></goals></execution></executions></plugin><plugin><artifactId>jib-maven-plugin</artifactId></plugin></plugins></build></project>";
    let p = try_plan(&MemTree::new().with("pom.xml", pom), &Overrides::default()).unwrap();
    let java = p.java.as_ref().unwrap();
    let build: Vec<&str> = java.build.iter().map(|f| f.as_str()).collect();
    assert!(
        build[0].contains("package -DskipTests -Ddocker.skip=true -DskipDocker=true"),
        "{build:?}"
    );
    assert!(
        !build[0].contains("jib.skip"),
        "jib has no execution: {build:?}"
    );
}
