//! The one-line description of a launch that evidence gives, for Maven and Gradle alike.

use crate::detect::java::Launch;

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
