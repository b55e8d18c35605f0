use super::*;
use crate::detect::detect;
use crate::repo::MemTree;
use crate::settings::prompt::NoPrompt;
use crate::settings::{Given, Overrides, resolve};

fn plan_for(tree: &MemTree, overrides: &Overrides) -> Plan {
    let detection = detect(tree, None).unwrap();
    plan(&resolve(&detection, overrides, &mut NoPrompt).unwrap()).unwrap()
}

fn go_tree() -> MemTree {
    MemTree::new()
        .with("go.mod", "module example.com/app\n")
        .with("main.go", "package main\n")
}

fn rust_tree() -> MemTree {
    MemTree::new()
        .with("Cargo.toml", "[package]\nname = \"app\"\n")
        .with("src/main.rs", "")
}

fn runtime(r: Runtime) -> Overrides {
    Overrides {
        runtime: Some(Given::flag("--runtime", r)),
        ..Overrides::default()
    }
}

#[test]
fn go_static_builds_cross_compile_and_cgo_builds_do_not() {
    let p = plan_for(&go_tree(), &Overrides::default());
    let go = p.go.unwrap();
    assert!(go.cross_compile && !go.cgo);
    assert_eq!(p.runtime.image, images::DISTROLESS_STATIC);
    assert!(p.tini.is_none());

    let cgo = go_tree().with("main.go", "package main\nimport \"C\"\n");
    let p = plan_for(&cgo, &Overrides::default());
    assert!(!p.go.as_ref().unwrap().cross_compile);
    assert_eq!(p.runtime.image, images::DISTROLESS_BASE);
}

#[test]
fn rust_uses_musl_only_where_glibc_is_missing_and_always_tini() {
    for (r, musl, image) in [
        (Runtime::Distroless, false, images::DISTROLESS_CC),
        (Runtime::Slim, false, images::DEBIAN_SLIM),
        (Runtime::Alpine, true, images::ALPINE),
        (Runtime::Scratch, true, "scratch"),
    ] {
        let p = plan_for(&rust_tree(), &runtime(r));
        assert_eq!(p.rust.as_ref().unwrap().musl, musl, "{r}");
        assert_eq!(p.runtime.image, image);
        assert!(p.tini.is_some());
        assert!(
            p.runtime
                .entrypoint
                .as_str()
                .starts_with("[\"/usr/bin/tini\", \"--\""),
            "{r}"
        );
        assert!(p.runtime.copies.iter().any(|c| c.from == "tini"));
    }
}

#[test]
fn users_are_numeric_and_created_only_where_a_user_database_exists() {
    for (r, user, created) in [
        (Runtime::Distroless, "65532:65532", false),
        (Runtime::Scratch, "65532:65532", false),
        (Runtime::Slim, "10001:10001", true),
        (Runtime::Alpine, "10001:10001", true),
    ] {
        let p = plan_for(&go_tree(), &runtime(r));
        assert_eq!(p.runtime.user, user);
        assert_eq!(p.runtime.create_user.is_some(), created);
    }
}

#[test]
fn hostile_start_commands_stay_one_exec_form_argument_each() {
    let overrides = Overrides {
        command: Some(Given::flag(
            "--cmd",
            "/app \"a\nRUN rm -rf /\" '$(id)' `x` \\\\".into(),
        )),
        ..Overrides::default()
    };
    let p = plan_for(&go_tree(), &overrides);
    let text = p.runtime.entrypoint.as_str();
    assert!(!text.contains('\n'));
    let argv: Vec<String> = serde_json::from_str(text).unwrap();
    assert_eq!(argv, ["/app", "a\nRUN rm -rf /", "$(id)", "`x`", "\\"]);
}

#[test]
fn port_env_is_set_when_the_program_reads_port() {
    let tree = go_tree().with(
        "main.go",
        "package main\nfunc main() { p := os.Getenv(\"PORT\") }\n",
    );
    let p = plan_for(
        &tree,
        &Overrides {
            port: Some(Given::flag("--port", 5000)),
            ..Overrides::default()
        },
    );
    assert_eq!(p.runtime.expose, 5000);
    assert_eq!(p.runtime.env[0].name, "PORT");
    assert_eq!(p.runtime.env[0].value.as_str(), "5000");
}
