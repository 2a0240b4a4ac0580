package dev.ddbstreams.endpoint.iam;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An IAM role as stored: its AWS-visible fields, inline policies (name -> document) and attached managed policy ARNs.
 * Policy documents are kept as the caller sent them (AWS returns them URL-encoded; the wire layer encodes).
 *
 * @see <a href="https://docs.aws.amazon.com/IAM/latest/APIReference/API_Role.html">Role</a>
 */
public record Role(String roleName, String path, String roleId, String arn, long createDateMillis,
                   String assumeRolePolicyDocument, String description, int maxSessionDuration,
                   String permissionsBoundaryArn, Map<String, String> tags, Map<String, String> inlinePolicies,
                   List<String> attachedPolicyArns) {

    public Role {
        tags = orderedCopy(tags == null ? Map.of() : tags);
        inlinePolicies = orderedCopy(inlinePolicies == null ? Map.of() : inlinePolicies);
        attachedPolicyArns = List.copyOf(attachedPolicyArns == null ? List.of() : attachedPolicyArns);
    }

    private static Map<String, String> orderedCopy(Map<String, String> map) {
        return java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(map));
    }

    public Role withAssumeRolePolicyDocument(String document) {
        return new Role(roleName, path, roleId, arn, createDateMillis, document, description, maxSessionDuration,
                permissionsBoundaryArn, tags, inlinePolicies, attachedPolicyArns);
    }

    public Role withDescriptionAndMaxSessionDuration(String newDescription, int newMaxSessionDuration) {
        return new Role(roleName, path, roleId, arn, createDateMillis, assumeRolePolicyDocument, newDescription,
                newMaxSessionDuration, permissionsBoundaryArn, tags, inlinePolicies, attachedPolicyArns);
    }

    public Role withTags(Map<String, String> newTags) {
        return new Role(roleName, path, roleId, arn, createDateMillis, assumeRolePolicyDocument, description,
                maxSessionDuration, permissionsBoundaryArn, newTags, inlinePolicies, attachedPolicyArns);
    }

    public Role withInlinePolicies(Map<String, String> policies) {
        return new Role(roleName, path, roleId, arn, createDateMillis, assumeRolePolicyDocument, description,
                maxSessionDuration, permissionsBoundaryArn, tags, policies, attachedPolicyArns);
    }

    public Role withAttachedPolicyArns(List<String> arns) {
        return new Role(roleName, path, roleId, arn, createDateMillis, assumeRolePolicyDocument, description,
                maxSessionDuration, permissionsBoundaryArn, tags, inlinePolicies, arns);
    }

    static Map<String, String> merged(Map<String, String> base, Map<String, String> added) {
        Map<String, String> merged = new LinkedHashMap<>(base);
        merged.putAll(added);
        return merged;
    }
}
