//! Container-image plugins bound to a phase, which the Dockerfile's build skips: it is the
//! image build, and has no Docker daemon to give them.

use crate::detect::maven::Reactor;

/// Container-image plugins with executions, and the property that skips each.
const IMAGE_PLUGINS: [(&str, &[&str]); 3] = [
    // fabric8's and Spotify's plugins share the artifactId.
    ("docker-maven-plugin", &["docker.skip", "skipDocker"]),
    ("dockerfile-maven-plugin", &["dockerfile.skip"]),
    ("jib-maven-plugin", &["jib.skip"]),
];

/// `-Dproperty=true` for each image-building plugin bound to a phase in module `i`.
pub(super) fn image_plugin_skips(r: &Reactor, i: usize) -> Vec<String> {
    IMAGE_PLUGINS
        .iter()
        .filter(|(id, _)| {
            r.plugin(i, id)
                .is_some_and(|p| p.find("execution").is_some())
        })
        .flat_map(|(_, props)| props.iter().map(|p| format!("-D{p}=true")))
        .collect()
}
