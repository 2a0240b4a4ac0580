package dev.ddbstreams.endpoint.lambda;

import dev.ddbstreams.endpoint.iam.policy.Decision;

/**
 * What IAM decides for a function's execution role on one action and resource: the control plane asks it for the
 * checks AWS makes on the role itself when an event source mapping is created or changed
 * ({@link EventSourceMappingPermissions}). The edge gives one only when it enforces IAM.
 */
@FunctionalInterface
public interface ExecutionRoleAuthorizer {

    Decision decide(String roleArn, String action, String resourceArn);
}
