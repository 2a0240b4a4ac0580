package dev.ddbstreams.endpoint.iam.policy;

import java.util.List;
import java.util.Optional;

/**
 * One statement of an identity-based policy.
 *
 * @param label      {@code statement <Sid>} or {@code statement <n>}, for messages
 * @param effect     Allow or Deny
 * @param action     {@code true} for {@code Action}, {@code false} for {@code NotAction}
 * @param actions    the Action (or NotAction) patterns
 * @param resource   {@code true} for {@code Resource}, {@code false} for {@code NotResource}
 * @param resources  the Resource (or NotResource) patterns
 * @param conditions the Condition block, flattened: every entry must hold for the statement to apply
 * @param variables  the first policy variable ({@code ${aws:username}}) in the statement's Resource, NotResource or
 *                   condition values, if the document's Version (2012-10-17) makes it one: the endpoint does not
 *                   substitute them, so such a statement cannot be evaluated
 * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html">IAM policy elements: Variables and tags</a>
 * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html">IAM JSON policy elements reference</a>
 */
public record PolicyStatement(String label, Effect effect, boolean action, List<String> actions, boolean resource,
                              List<String> resources, List<Condition> conditions, Optional<String> variables) {

    public PolicyStatement {
        actions = List.copyOf(actions);
        resources = List.copyOf(resources);
        conditions = List.copyOf(conditions);
    }

    public enum Effect { ALLOW, DENY }

    /** One operator/key pair of a Condition block with its values (any of which may match). */
    public record Condition(String operator, String key, List<String> values) {
        public Condition {
            values = List.copyOf(values);
        }
    }

    /**
     * Whether the statement's Action or NotAction covers {@code requested}: {@code Action} when a pattern matches,
     * {@code NotAction} when none does.
     *
     * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html">NotAction</a>
     */
    boolean coversAction(String requested) {
        boolean matched = actions.stream().anyMatch(pattern -> Wildcards.actionMatches(pattern, requested));
        return action == matched;
    }

    /**
     * Whether the statement's Resource or NotResource covers {@code requested}: {@code Resource} when a pattern matches,
     * {@code NotResource} when none does.
     *
     * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html">NotResource</a>
     */
    boolean coversResource(String requested) {
        boolean matched = resources.stream().anyMatch(pattern -> Wildcards.resourceMatches(pattern, requested));
        return resource == matched;
    }
}
