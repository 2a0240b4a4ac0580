package dev.ddbstreams.local.wiring;

/** A key attribute: its name and DynamoDB scalar type (S, N or B). */
public record KeySpec(String name, String type) {
}
