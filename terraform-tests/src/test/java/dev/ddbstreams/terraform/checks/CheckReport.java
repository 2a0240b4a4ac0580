package dev.ddbstreams.terraform.checks;

import java.util.ArrayList;
import java.util.List;

/**
 * What one policy or consistency check looked at and what it found wrong. A check that looked at nothing
 * proves nothing, so tests assert {@link #checked()} is not empty as well as {@link #violations()} empty.
 *
 * @param check name of the rule
 * @param checked what was examined (resource addresses, wiring entries)
 * @param violations one message per problem, naming the file or wiring entry and the rule broken
 */
public record CheckReport(String check, List<String> checked, List<String> violations) {

    public CheckReport {
        checked = List.copyOf(checked);
        violations = List.copyOf(violations);
    }

    public boolean passed() {
        return violations.isEmpty() && !checked.isEmpty();
    }

    /** @return the report as text, for assertion messages */
    public String describe() {
        return check + ": checked " + checked.size() + " (" + String.join(", ", checked) + ")"
                + (violations.isEmpty() ? ", no violations" : ", violations:\n  - " + String.join("\n  - ", violations));
    }

    /** Collects a report. */
    static final class Builder {

        private final String check;
        private final List<String> checked = new ArrayList<>();
        private final List<String> violations = new ArrayList<>();

        Builder(String check) {
            this.check = check;
        }

        Builder checked(String what) {
            checked.add(what);
            return this;
        }

        Builder violation(String message) {
            violations.add(message);
            return this;
        }

        Builder require(boolean condition, String message) {
            if (!condition) {
                violations.add(message);
            }
            return this;
        }

        CheckReport build() {
            return new CheckReport(check, checked, violations);
        }
    }
}
