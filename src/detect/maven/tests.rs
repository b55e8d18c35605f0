use super::*;
use crate::repo::MemTree;

const PARENT: &str = r"<project>
  <groupId>com.example</groupId>
  <artifactId>parent</artifactId>
  <version>1.2.0</version>
  <packaging>pom</packaging>
  <modules><module>api</module><module>lib</module></modules>
  <properties><java.version>21</java.version><app.name>svc</app.name></properties>
  <build><pluginManagement><plugins>
<plugin><artifactId>maven-shade-plugin</artifactId><version>3.6.0</version></plugin>
  </plugins></pluginManagement></build>
</project>";

const API: &str = r"<project>
  <parent><groupId>com.example</groupId><artifactId>parent</artifactId><version>1.2.0</version></parent>
  <artifactId>api</artifactId>
  <build><finalName>${app.name}-${project.version}</finalName>
<plugins><plugin><artifactId>maven-shade-plugin</artifactId>
  <executions><execution><goals><goal>shade</goal></goals>
    <configuration><transformers><transformer><mainClass>com.example.Api</mainClass></transformer></transformers></configuration>
  </execution></executions>
</plugin></plugins>
  </build>
</project>";

fn reactor() -> Reactor {
    let tree = MemTree::new()
        .with("pom.xml", PARENT)
        .with("api/pom.xml", API)
        .with(
            "lib/pom.xml",
            "<project><artifactId>lib</artifactId></project>",
        );
    Reactor::load(&tree).unwrap().unwrap()
}

#[test]
fn loads_modules_and_links_parents_inside_the_repository() {
    let r = reactor();
    let files: Vec<&str> = r.poms.iter().map(|p| p.file.as_str()).collect();
    assert_eq!(files, ["pom.xml", "api/pom.xml", "lib/pom.xml"]);
    assert_eq!(r.poms[1].parent_index, Some(0));
    assert_eq!(r.poms[2].parent_index, None, "lib declares no parent");
    assert_eq!(r.lineage(1).len(), 2);
}

#[test]
fn interpolates_inherited_properties_and_versions() {
    let r = reactor();
    assert_eq!(
        r.interpolate(1, r.poms[1].final_name.as_deref().unwrap()),
        Some("svc-1.2.0".into())
    );
    assert_eq!(r.interpolate(1, "${java.version}"), Some("21".into()));
    assert_eq!(r.interpolate(1, "${nope}"), None);
}

#[test]
fn plugins_merge_declaration_and_management() {
    let r = reactor();
    let shade = r.plugin(1, "maven-shade-plugin").unwrap();
    assert_eq!(shade.find("mainClass").unwrap().text, "com.example.Api");
    assert_eq!(shade.version().unwrap().text, "3.6.0");
    assert!(shade.has_goal("shade"));
    assert!(r.plugin(0, "maven-shade-plugin").is_none(), "managed only");
}

#[test]
fn broken_poms_are_errors_with_lines() {
    let tree = MemTree::new().with(
        "pom.xml",
        "<project>\n<artifactId>x</artifactId>\n<build>\n</project>",
    );
    let e = Reactor::load(&tree).unwrap_err();
    assert!(e.to_string().starts_with("pom.xml:4"), "{e}");
    let tree = MemTree::new().with("pom.xml", "<project><groupId>x</groupId></project>");
    assert!(
        Reactor::load(&tree)
            .unwrap_err()
            .to_string()
            .contains("artifactId")
    );
    assert!(Reactor::load(&MemTree::new()).unwrap().is_none());
}

#[test]
fn parent_profiles_activate_against_the_building_module() {
    let parent = r"<project><artifactId>parent</artifactId><packaging>pom</packaging>
  <modules><module>app</module><module>lib</module></modules>
  <profiles><profile><id>boot</id>
    <activation><file><exists>src/main/resources/application.yml</exists></file></activation>
    <properties><release>21</release></properties>
    <build><plugins><plugin><artifactId>spring-boot-maven-plugin</artifactId></plugin></plugins></build>
  </profile></profiles>
</project>";
    let child = |name: &str| {
        format!(
            "<project><parent><artifactId>parent</artifactId></parent><artifactId>{name}</artifactId></project>"
        )
    };
    let tree = MemTree::new()
        .with("pom.xml", parent)
        .with("app/pom.xml", child("app"))
        .with("app/src/main/resources/application.yml", "server.port: 1")
        .with("lib/pom.xml", child("lib"));
    let r = Reactor::load(&tree).unwrap().unwrap();
    let index = |dir: &str| r.poms.iter().position(|p| p.dir == dir).unwrap();
    assert!(r.plugin(index("app"), "spring-boot-maven-plugin").is_some());
    assert_eq!(r.property(index("app"), "release").as_deref(), Some("21"));
    assert!(r.plugin(index("lib"), "spring-boot-maven-plugin").is_none());
    assert!(r.plugin(index(""), "spring-boot-maven-plugin").is_none());
}

#[test]
fn project_name_is_the_own_name_element() {
    let tree = MemTree::new()
        .with("pom.xml", "<project><artifactId>a</artifactId><name>shop-api</name><modules><module>b</module></modules></project>")
        .with("b/pom.xml", "<project><parent><artifactId>a</artifactId></parent><artifactId>b</artifactId></project>");
    let r = Reactor::load(&tree).unwrap().unwrap();
    assert_eq!(
        r.interpolate(0, "${project.name}.jar").as_deref(),
        Some("shop-api.jar")
    );
    assert_eq!(r.interpolate(1, "${project.name}"), None);
}
