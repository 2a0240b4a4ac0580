package dev.ddbstreams.local.wiring;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * One environment variable of a function: a reference to a table's name, a queue's URL, or a literal.
 * Terraform resolves the references to its (prefixed) resources; the local runtime to its own.
 */
public record EnvironmentValue(String table, String queueUrl, String value) {

    /** A bare JSON string is a literal value. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static EnvironmentValue literal(String value) {
        return new EnvironmentValue(null, null, value);
    }

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public static EnvironmentValue of(@com.fasterxml.jackson.annotation.JsonProperty("table") String table,
            @com.fasterxml.jackson.annotation.JsonProperty("queueUrl") String queueUrl,
            @com.fasterxml.jackson.annotation.JsonProperty("value") String value) {
        return new EnvironmentValue(table, queueUrl, value);
    }
}
