package dev.ddbstreams.endpoint.iam.enforcement;

/**
 * One authorization a request needs: an IAM action on a resource ARN ({@code *} for actions that name no resource).
 *
 * @see <a href="https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html">Service Authorization Reference</a>
 */
public record Permission(String action, String resource) {
}
