package dev.ddbstreams.endpoint.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import dev.ddbstreams.endpoint.protocol.AwsRequest;
import dev.ddbstreams.endpoint.protocol.AwsResponse;
import dev.ddbstreams.endpoint.protocol.AwsServiceException;
import dev.ddbstreams.endpoint.protocol.QueryProtocol;
import dev.ddbstreams.endpoint.protocol.RequestIds;
import dev.ddbstreams.endpoint.protocol.ServiceHandler;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * IAM's query protocol: reads {@code Action} and its parameters, calls {@link IamService}, writes AWS's XML
 * ({@code xmlns="https://iam.amazonaws.com/doc/2010-05-08/"}). Policy documents leave URL-encoded, as IAM returns them.
 * Lists page with {@code Marker}/{@code MaxItems} (default 100) and answer {@code IsTruncated}.
 *
 * @see <a href="https://docs.aws.amazon.com/IAM/latest/APIReference/API_Operations.html">IAM actions</a>
 */
public final class IamQueryHandler implements ServiceHandler {
    static final String NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final IamService iam;

    public IamQueryHandler(IamService iam) {
        this.iam = iam;
    }

    @Override
    public AwsResponse handle(AwsRequest request) {
        String requestId = RequestIds.next();
        try {
            Map<String, String> parameters = QueryProtocol.parameters(request);
            String action = parameters.getOrDefault("Action", "");
            ObjectNode input = QueryProtocol.input(parameters);
            ObjectNode result = dispatch(action, input);
            return QueryProtocol.response(action, NAMESPACE, result, requestId);
        } catch (AwsServiceException error) {
            return QueryProtocol.error(error, NAMESPACE, requestId);
        }
    }

    private ObjectNode dispatch(String action, ObjectNode in) {
        ObjectNode out = NODES.objectNode();
        switch (action) {
            case "CreateRole" -> out.set("Role", role(iam.createRole(text(in, "RoleName"), text(in, "Path"),
                    text(in, "AssumeRolePolicyDocument"), text(in, "Description"), integer(in, "MaxSessionDuration"),
                    text(in, "PermissionsBoundary"), tags(in)), false));
            case "GetRole" -> out.set("Role", role(iam.getRole(text(in, "RoleName")), true));
            case "DeleteRole" -> iam.deleteRole(text(in, "RoleName"));
            case "ListRoles" -> page(out, "Roles", iam.listRoles(text(in, "PathPrefix")), r -> role(r, false), in);
            case "UpdateAssumeRolePolicy" -> iam.updateAssumeRolePolicy(text(in, "RoleName"), text(in, "PolicyDocument"));
            case "UpdateRole" -> iam.updateRole(text(in, "RoleName"), text(in, "Description"), integer(in, "MaxSessionDuration"));
            case "UpdateRoleDescription" -> {
                iam.updateRole(text(in, "RoleName"), text(in, "Description"), null);
                out.set("Role", role(iam.getRole(text(in, "RoleName")), false));
            }
            case "TagRole" -> iam.tagRole(text(in, "RoleName"), tags(in));
            case "UntagRole" -> iam.untagRole(text(in, "RoleName"), strings(in, "TagKeys"));
            case "ListRoleTags" -> page(out, "Tags", new ArrayList<>(iam.getRole(text(in, "RoleName")).tags().entrySet()),
                    IamQueryHandler::tag, in);
            case "PutRolePolicy" -> iam.putRolePolicy(text(in, "RoleName"), text(in, "PolicyName"), text(in, "PolicyDocument"));
            case "GetRolePolicy" -> {
                String document = iam.getRolePolicy(text(in, "RoleName"), text(in, "PolicyName"));
                out.put("RoleName", iam.getRole(text(in, "RoleName")).roleName());
                out.put("PolicyName", text(in, "PolicyName"));
                out.put("PolicyDocument", urlEncoded(document));
            }
            case "DeleteRolePolicy" -> iam.deleteRolePolicy(text(in, "RoleName"), text(in, "PolicyName"));
            case "ListRolePolicies" -> page(out, "PolicyNames",
                    new ArrayList<>(iam.getRole(text(in, "RoleName")).inlinePolicies().keySet()), NODES::textNode, in);
            case "CreatePolicy" -> out.set("Policy", policy(iam.createPolicy(text(in, "PolicyName"), text(in, "Path"),
                    text(in, "PolicyDocument"), text(in, "Description"), tags(in)), false));
            case "GetPolicy" -> out.set("Policy", policy(iam.getPolicy(text(in, "PolicyArn")), true));
            case "DeletePolicy" -> iam.deletePolicy(text(in, "PolicyArn"));
            case "ListPolicies" -> page(out, "Policies", iam.listPolicies(text(in, "Scope"),
                    "true".equals(text(in, "OnlyAttached")), text(in, "PathPrefix")), p -> policy(p, false), in);
            case "GetPolicyVersion" -> out.set("PolicyVersion", version(iam.getPolicyVersion(text(in, "PolicyArn"),
                    text(in, "VersionId")), iam.getPolicy(text(in, "PolicyArn")), true));
            case "CreatePolicyVersion" -> {
                ManagedPolicy.PolicyVersion created = iam.createPolicyVersion(text(in, "PolicyArn"),
                        text(in, "PolicyDocument"), "true".equals(text(in, "SetAsDefault")));
                out.set("PolicyVersion", version(created, iam.getPolicy(text(in, "PolicyArn")), false));
            }
            case "DeletePolicyVersion" -> iam.deletePolicyVersion(text(in, "PolicyArn"), text(in, "VersionId"));
            case "ListPolicyVersions" -> {
                ManagedPolicy policy = iam.getPolicy(text(in, "PolicyArn"));
                List<ManagedPolicy.PolicyVersion> newestFirst = new ArrayList<>(policy.versions());
                java.util.Collections.reverse(newestFirst);
                page(out, "Versions", newestFirst, v -> version(v, policy, false), in);
            }
            case "TagPolicy" -> iam.tagPolicy(text(in, "PolicyArn"), tags(in));
            case "UntagPolicy" -> iam.untagPolicy(text(in, "PolicyArn"), strings(in, "TagKeys"));
            case "ListPolicyTags" -> page(out, "Tags", new ArrayList<>(iam.getPolicy(text(in, "PolicyArn")).tags().entrySet()),
                    IamQueryHandler::tag, in);
            case "AttachRolePolicy" -> iam.attachRolePolicy(text(in, "RoleName"), text(in, "PolicyArn"));
            case "DetachRolePolicy" -> iam.detachRolePolicy(text(in, "RoleName"), text(in, "PolicyArn"));
            case "ListAttachedRolePolicies" -> page(out, "AttachedPolicies",
                    iam.attachedRolePolicies(text(in, "RoleName"), text(in, "PathPrefix")), IamQueryHandler::attached, in);
            case "ListInstanceProfilesForRole" -> {
                iam.getRole(text(in, "RoleName"));
                // Instance profiles are for EC2; none are ever created here, so every role has none.
                page(out, "InstanceProfiles", List.<JsonNode>of(), Function.identity(), in);
            }
            default -> throw AwsServiceException.badRequest("InvalidAction",
                    "Could not find operation " + action + " for version 2010-05-08");
        }
        return out.isEmpty() && isVoid(action) ? null : out;
    }

    private static boolean isVoid(String action) {
        return List.of("DeleteRole", "UpdateAssumeRolePolicy", "UpdateRole", "TagRole", "UntagRole", "PutRolePolicy",
                "DeleteRolePolicy", "DeletePolicy", "TagPolicy", "UntagPolicy", "DeletePolicyVersion", "AttachRolePolicy", "DetachRolePolicy").contains(action);
    }

    /**
     * @see <a href="https://docs.aws.amazon.com/IAM/latest/APIReference/API_Role.html">Role</a>: GetRole also returns
     * {@code RoleLastUsed} (empty until the role is used) and the tags.
     */
    private ObjectNode role(Role role, boolean detailed) {
        ObjectNode node = NODES.objectNode();
        node.put("Path", role.path());
        node.put("RoleName", role.roleName());
        node.put("RoleId", role.roleId());
        node.put("Arn", role.arn());
        node.set("CreateDate", timestamp(role.createDateMillis()));
        node.put("AssumeRolePolicyDocument", urlEncoded(role.assumeRolePolicyDocument()));
        if (role.description() != null) {
            node.put("Description", role.description());
        }
        node.put("MaxSessionDuration", role.maxSessionDuration());
        if (role.permissionsBoundaryArn() != null) {
            ObjectNode boundary = node.putObject("PermissionsBoundary");
            boundary.put("PermissionsBoundaryType", "Policy");
            boundary.put("PermissionsBoundaryArn", role.permissionsBoundaryArn());
        }
        if (!role.tags().isEmpty()) {
            ArrayNode tags = node.putArray("Tags");
            role.tags().entrySet().forEach(tag -> tags.add(tag(tag)));
        }
        if (detailed) {
            node.putObject("RoleLastUsed");
        }
        return node;
    }

    private ObjectNode policy(ManagedPolicy policy, boolean detailed) {
        ObjectNode node = NODES.objectNode();
        node.put("PolicyName", policy.policyName());
        node.put("PolicyId", policy.policyId());
        node.put("Arn", policy.arn());
        node.put("Path", policy.path());
        node.put("DefaultVersionId", policy.defaultVersionId());
        node.put("AttachmentCount", iam.attachmentCount(policy.arn()));
        node.put("PermissionsBoundaryUsageCount", 0);
        node.put("IsAttachable", true);
        if (detailed && policy.description() != null) {
            node.put("Description", policy.description());
        }
        node.set("CreateDate", timestamp(policy.createDateMillis()));
        node.set("UpdateDate", timestamp(policy.updateDateMillis()));
        if (!policy.tags().isEmpty()) {
            ArrayNode tags = node.putArray("Tags");
            policy.tags().entrySet().forEach(tag -> tags.add(tag(tag)));
        }
        return node;
    }

    private static ObjectNode version(ManagedPolicy.PolicyVersion version, ManagedPolicy policy, boolean withDocument) {
        ObjectNode node = NODES.objectNode();
        if (withDocument) {
            // Only GetPolicyVersion returns the document; lists and CreatePolicyVersion do not.
            node.put("Document", urlEncoded(version.document()));
        }
        node.put("VersionId", version.versionId());
        node.put("IsDefaultVersion", version.versionId().equals(policy.defaultVersionId()));
        node.set("CreateDate", timestamp(version.createDateMillis()));
        return node;
    }

    private static ObjectNode attached(ManagedPolicy policy) {
        ObjectNode node = NODES.objectNode();
        node.put("PolicyName", policy.policyName());
        node.put("PolicyArn", policy.arn());
        return node;
    }

    private static ObjectNode tag(Map.Entry<String, String> tag) {
        ObjectNode node = NODES.objectNode();
        node.put("Key", tag.getKey());
        node.put("Value", tag.getValue());
        return node;
    }

    /**
     * A page of {@code items} after {@code Marker} (an opaque position), at most {@code MaxItems} (1-1000, default 100).
     *
     * @see <a href="https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRoles.html">ListRoles: Marker, MaxItems, IsTruncated</a>
     */
    private static <T> void page(ObjectNode out, String listName, List<T> items, Function<T, ? extends JsonNode> render, ObjectNode in) {
        Integer maxItems = integer(in, "MaxItems");
        int limit = maxItems == null ? 100 : maxItems;
        if (limit < 1 || limit > 1000) {
            throw IamErrors.validation("maxItems", String.valueOf(limit), "Member must have value less than or equal to 1000");
        }
        int start = 0;
        String marker = text(in, "Marker");
        if (marker != null) {
            try {
                start = Integer.parseInt(marker);
            } catch (NumberFormatException notOurs) {
                throw IamErrors.invalidInput("Invalid Marker.");
            }
        }
        ArrayNode list = out.putArray(listName);
        int end = Math.min(items.size(), start + limit);
        for (int i = Math.max(0, start); i < end; i++) {
            list.add(render.apply(items.get(i)));
        }
        boolean truncated = end < items.size();
        out.put("IsTruncated", truncated);
        if (truncated) {
            out.put("Marker", String.valueOf(end));
        }
    }

    static POJONode timestamp(long millis) {
        return new POJONode(Instant.ofEpochMilli(millis));
    }

    /** IAM returns policy documents URL-encoded (RFC 3986), which the SDKs and Terraform decode. */
    static String urlEncoded(String document) {
        return URLEncoder.encode(document, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String text(ObjectNode in, String name) {
        JsonNode node = in.get(name);
        return node == null || node.isNull() ? null : node.asText();
    }

    static Integer integer(ObjectNode in, String name) {
        String value = text(in, name);
        if (value == null) {
            return null;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException notANumber) {
            throw IamErrors.invalidInput("Invalid value for " + name + ": " + value);
        }
    }

    static Map<String, String> tags(ObjectNode in) {
        Map<String, String> tags = new LinkedHashMap<>();
        JsonNode list = in.get("Tags");
        if (list != null && list.isArray()) {
            list.forEach(tag -> tags.put(tag.path("Key").asText(), tag.path("Value").asText()));
        }
        return tags;
    }

    static List<String> strings(ObjectNode in, String name) {
        List<String> values = new ArrayList<>();
        JsonNode list = in.get(name);
        if (list != null && list.isArray()) {
            list.forEach(value -> values.add(value.asText()));
        }
        return values;
    }
}
