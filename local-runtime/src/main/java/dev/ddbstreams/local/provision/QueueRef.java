package dev.ddbstreams.local.provision;

/** A provisioned queue: the URL clients use and the ARN events and redrive policies carry. */
public record QueueRef(String url, String arn) {
}
