package dev.ddbstreams.endpoint.iam;

import java.util.List;
import java.util.Map;

/**
 * A customer managed policy with its versions (at most five, one of them the default).
 *
 * @see <a href="https://docs.aws.amazon.com/IAM/latest/APIReference/API_Policy.html">Policy</a>
 */
public record ManagedPolicy(String policyName, String path, String policyId, String arn, String description,
                            long createDateMillis, long updateDateMillis, String defaultVersionId,
                            List<PolicyVersion> versions, Map<String, String> tags) {

    public ManagedPolicy {
        versions = List.copyOf(versions);
        tags = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(tags == null ? Map.of() : tags));
    }

    /** A version of a managed policy's document. */
    public record PolicyVersion(String versionId, String document, long createDateMillis) {
    }

    public PolicyVersion defaultVersion() {
        return versions.stream().filter(v -> v.versionId().equals(defaultVersionId)).findFirst().orElseThrow();
    }

    public ManagedPolicy withTags(Map<String, String> newTags) {
        return new ManagedPolicy(policyName, path, policyId, arn, description, createDateMillis, updateDateMillis,
                defaultVersionId, versions, newTags);
    }

    public ManagedPolicy withVersions(List<PolicyVersion> newVersions, String newDefault, long updatedAt) {
        return new ManagedPolicy(policyName, path, policyId, arn, description, createDateMillis, updatedAt, newDefault,
                newVersions, tags);
    }
}
