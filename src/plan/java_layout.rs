//! Where each kind of Java application is left by the build stage (`/out`), how the runtime
//! copies it to `/app`, how it starts, and what jdeps analyses for a jlink runtime.

use crate::detect::{JavaModule, Launch};

/// What the build stage leaves in `/out` (or the build tree) and where the runtime puts it.
pub struct Layout {
    /// Commands after packaging.
    pub post: Vec<String>,
    pub copies: Vec<(String, &'static str)>,
    pub start: Vec<String>,
    /// jdeps targets and class path.
    pub analyse: (String, Option<String>),
}

pub fn layout(module: &JavaModule) -> Layout {
    let jar = format!(
        "{}/{}",
        crate::plan::images::JAVA_BUILD_DIR,
        module.artifact
    );
    let layers = [
        "dependencies",
        "spring-boot-loader",
        "snapshot-dependencies",
        "application",
    ];
    let layer_copies = || {
        layers
            .iter()
            .map(|l| (format!("/out/app/{l}/"), "/app/"))
            .collect::<Vec<_>>()
    };
    match &module.launch {
        Launch::BootTools => Layout {
            post: vec![
                format!("cp {jar} /out/application.jar"),
                "java -Djarmode=tools -jar /out/application.jar extract --layers --destination /out/app".into(),
            ],
            copies: layer_copies(),
            start: vec!["java".into(), "-jar".into(), "/app/application.jar".into()],
            analyse: (
                "/out/app/application/application.jar".into(),
                Some("/out/app/dependencies/lib/*:/out/app/snapshot-dependencies/lib/*".into()),
            ),
        },
        Launch::BootLayertools { launcher } => Layout {
            post: vec![
                format!("cp {jar} /out/application.jar"),
                "java -Djarmode=layertools -jar /out/application.jar extract --destination /out/app".into(),
            ],
            copies: layer_copies(),
            start: vec!["java".into(), "-cp".into(), "/app".into(), launcher.clone()],
            analyse: (
                "/out/app/application/BOOT-INF/classes".into(),
                Some("/out/app/dependencies/BOOT-INF/lib/*:/out/app/snapshot-dependencies/BOOT-INF/lib/*".into()),
            ),
        },
        Launch::BootJar { .. } | Launch::FatJar => Layout {
            post: vec![format!("cp {jar} /out/app.jar")],
            copies: vec![("/out/app.jar".into(), "/app/app.jar")],
            start: vec!["java".into(), "-jar".into(), "/app/app.jar".into()],
            analyse: ("/out/app.jar".into(), None),
        },
        Launch::Distribution { main_class } => Layout {
            post: vec![format!("cp -R {jar}/lib /out/lib")],
            copies: vec![("/out/lib/".into(), "/app/lib/")],
            start: vec!["java".into(), "-cp".into(), "/app/lib/*".into(), main_class.clone()],
            analyse: ("/out/lib".into(), Some("/out/lib/*".into())),
        },
        Launch::Quarkus => Layout {
            post: vec![format!("cp -R {jar} /out/quarkus-app")],
            copies: ["lib/", "quarkus-run.jar", "app/", "quarkus/"]
                .iter()
                .zip(["/app/lib/", "/app/quarkus-run.jar", "/app/app/", "/app/quarkus/"])
                .map(|(from, to)| (format!("/out/quarkus-app/{from}"), to))
                .collect(),
            start: vec!["java".into(), "-jar".into(), "/app/quarkus-run.jar".into()],
            analyse: (
                "/out/quarkus-app/app/*.jar".into(),
                Some("/out/quarkus-app/lib/boot/*:/out/quarkus-app/lib/main/*".into()),
            ),
        },
        Launch::ClassPath { main_class } => Layout {
            post: vec![format!("cp {jar} /out/lib/")],
            copies: vec![("/out/lib/".into(), "/app/lib/")],
            start: vec!["java".into(), "-cp".into(), "/app/lib/*".into(), main_class.clone()],
            analyse: ("/out/lib".into(), Some("/out/lib/*".into())),
        },
    }
}
