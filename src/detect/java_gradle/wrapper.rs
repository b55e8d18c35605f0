//! The Gradle wrapper: whether `./gradlew` can run the build, or the gradle image must.

use crate::detect::{DetectError, Evidence};
use crate::repo::Tree;

/// Whether the build runs `./gradlew`: the script, its properties and its jar all exist.
pub(super) fn wrapper(
    tree: &dyn Tree,
    evidence: &mut Vec<Evidence>,
    warnings: &mut Vec<String>,
) -> Result<bool, DetectError> {
    let gradlew = tree.is_file("gradlew")?;
    let properties_file = tree.is_file("gradle/wrapper/gradle-wrapper.properties")?;
    // gradlew runs the wrapper jar; a `*.jar` rule in .gitignore often leaves it out.
    let wrapper_jar = tree.is_file("gradle/wrapper/gradle-wrapper.jar")?;
    let wrapper = gradlew && properties_file && wrapper_jar;
    evidence.push(Evidence::new(
        "gradlew",
        None,
        if wrapper {
            "Gradle wrapper: the build runs ./gradlew on a JDK image"
        } else {
            "no Gradle wrapper: the build runs gradle from the gradle image"
        },
    ));
    if gradlew && !properties_file {
        warnings.push("gradlew exists but gradle/wrapper/gradle-wrapper.properties does not; msb builds with the gradle image instead".into());
    } else if gradlew && !wrapper_jar {
        warnings.push("gradlew exists but gradle/wrapper/gradle-wrapper.jar does not (a *.jar rule in .gitignore often drops it), so ./gradlew cannot start; msb builds with the gradle image instead. Commit the jar to use the wrapper".into());
    }
    Ok(wrapper)
}
