package dev.ddbstreams.endpoint.iam;

import java.util.List;

/** IAM and STS state as it is snapshotted: roles, customer managed policies and issued role sessions. */
public record IamState(List<Role> roles, List<ManagedPolicy> policies, List<AssumedRoleSession> sessions) {
    public IamState {
        roles = List.copyOf(roles == null ? List.of() : roles);
        policies = List.copyOf(policies == null ? List.of() : policies);
        sessions = List.copyOf(sessions == null ? List.of() : sessions);
    }
}
