package dev.ddbstreams.terraform.support;

import dev.ddbstreams.terraform.hcl.TerraformConfiguration;

/** The Terraform configurations the tests check: the project's, parsed once, and the bad fixtures. */
public final class Configurations {

    private static TerraformConfiguration project;

    private Configurations() {
    }

    /** The project's terraform/ directory, parsed once per test JVM. */
    public static synchronized TerraformConfiguration project() {
        if (project == null) {
            project = TerraformConfiguration.load(ProjectPaths.terraform());
        }
        return project;
    }

    /** A fixture under src/test/resources/bad-fixtures/. */
    public static TerraformConfiguration badFixture(String name) {
        return TerraformConfiguration.load(ProjectPaths.badFixture(name));
    }
}
