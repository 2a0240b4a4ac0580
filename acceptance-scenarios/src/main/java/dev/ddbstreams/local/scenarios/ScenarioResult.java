package dev.ddbstreams.local.scenarios;

import java.time.Duration;

/** The outcome of one scenario row: what happened, or why it failed or was skipped. */
public record ScenarioResult(int row, String title, Status status, String detail, Duration took) {

    public enum Status { PASSED, FAILED, SKIPPED }
}
