package dev.ddbstreams.terraform.support;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.terraform.checks.CheckReport;

/** Assertions on check reports. */
public final class Reports {

    private Reports() {
    }

    /** The check looked at something and found nothing wrong. */
    public static void assertPasses(CheckReport report) {
        assertFalse(report.checked().isEmpty(), () -> report.check() + " checked nothing, so it proves nothing");
        assertTrue(report.violations().isEmpty(), report::describe);
    }

    /** The check found problems, among them one message containing each fragment. */
    public static void assertRejects(CheckReport report, String... fragments) {
        assertFalse(report.violations().isEmpty(), () -> "expected violations, got none: " + report.describe());
        for (String fragment : fragments) {
            assertTrue(report.violations().stream().anyMatch(violation -> violation.contains(fragment)),
                    () -> "no violation mentions \"" + fragment + "\": " + report.describe());
        }
    }

    /** The check found exactly this many problems (so a fixture breaks only the rule it is named for). */
    public static void assertViolationCount(CheckReport report, int expected) {
        assertTrue(report.violations().size() == expected,
                () -> "expected " + expected + " violations: " + report.describe());
    }
}
