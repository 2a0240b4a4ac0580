package dev.ddbstreams.endpoint.iam.policy;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Evaluates identity-based policies (a role's inline and attached managed policies) for one request, by the logic AWS
 * documents for a principal within one account when no resource-based policy, permissions boundary, session policy or
 * SCP is involved: an explicit Deny in any policy wins; otherwise an Allow in any policy allows; otherwise the request
 * is implicitly denied.
 * <p>
 * Conditions: the operators {@code String*}, {@code Arn*}, {@code Bool} and {@code Null} (each also with
 * {@code IfExists}) over the keys the request context carries ({@link RequestContext}). Any other operator or key,
 * or a policy variable ({@code ${aws:username}}), makes the statement unevaluable; if such a statement could change the outcome (a Deny that would otherwise not
 * apply, or an Allow that would be the only one), the decision is {@link Decision.Outcome#CANNOT_EVALUATE}, which the
 * endpoint refuses with a message naming the key.
 *
 * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html">Policy evaluation logic</a>
 * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policies_evaluation.html">Evaluating identity-based policies with resource-based policies (single account)</a>
 * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html">Condition operators</a>
 */
public final class PolicyEvaluator {
    private static final Set<String> OPERATORS = Set.of("StringEquals", "StringNotEquals", "StringEqualsIgnoreCase",
            "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike", "ArnEquals", "ArnLike", "ArnNotEquals",
            "ArnNotLike", "Bool", "Null");

    private PolicyEvaluator() {
    }

    /**
     * The request to authorize: the action ({@code dynamodb:PutItem}), the resource ARN, and the values of the
     * condition keys the endpoint knows for this request (by lower-case key name; {@code aws:PrincipalArn} and the like).
     */
    public record RequestContext(String action, String resource, Map<String, String> keys) {
        public RequestContext {
            keys = Map.copyOf(keys);
        }

        Optional<String> key(String name) {
            return Optional.ofNullable(keys.get(name.toLowerCase(Locale.ROOT)));
        }
    }

    private enum Truth { TRUE, FALSE, UNKNOWN }

    public static Decision evaluate(List<PolicyDocument> policies, RequestContext request) {
        Decision undecidedDeny = null;
        for (PolicyDocument policy : policies) {
            if (policy.unreadable().isPresent()) {
                // It might hold a Deny: nothing this policy set allows can be trusted.
                return Decision.cannotEvaluate(policy.name(), "policy " + policy.name() + " cannot be read: " + policy.unreadable().get());
            }
            for (PolicyStatement statement : policy.statements()) {
                if (statement.effect() != PolicyStatement.Effect.DENY || !applies(statement, request)) {
                    continue;
                }
                Conditions conditions = conditions(statement, request);
                if (conditions.truth == Truth.TRUE) {
                    return Decision.of(Decision.Outcome.EXPLICIT_DENY, policy.name());
                }
                if (conditions.truth == Truth.UNKNOWN && undecidedDeny == null) {
                    undecidedDeny = Decision.cannotEvaluate(policy.name(), conditions.detail + " in the Deny " + statement.label()
                            + " of policy " + policy.name());
                }
            }
        }
        if (undecidedDeny != null) {
            return undecidedDeny;
        }
        Decision undecidedAllow = null;
        for (PolicyDocument policy : policies) {
            for (PolicyStatement statement : policy.statements()) {
                if (statement.effect() != PolicyStatement.Effect.ALLOW || !applies(statement, request)) {
                    continue;
                }
                Conditions conditions = conditions(statement, request);
                if (conditions.truth == Truth.TRUE) {
                    return Decision.of(Decision.Outcome.ALLOWED, policy.name());
                }
                if (conditions.truth == Truth.UNKNOWN && undecidedAllow == null) {
                    undecidedAllow = Decision.cannotEvaluate(policy.name(), conditions.detail + " in the Allow " + statement.label()
                            + " of policy " + policy.name());
                }
            }
        }
        return undecidedAllow != null ? undecidedAllow : Decision.of(Decision.Outcome.IMPLICIT_DENY, null);
    }

    private static boolean applies(PolicyStatement statement, RequestContext request) {
        // With a policy variable, whether the resource is covered is unknown: the conditions step reports it.
        return statement.coversAction(request.action())
                && (statement.variables().isPresent() || statement.coversResource(request.resource()));
    }

    private record Conditions(Truth truth, String detail) {
    }

    /** All operator/key pairs must hold (AND); within one, any value may match (OR), negated operators match none. */
    private static Conditions conditions(PolicyStatement statement, RequestContext request) {
        if (statement.variables().isPresent()) {
            return new Conditions(Truth.UNKNOWN, "the policy variable " + statement.variables().get());
        }
        Conditions result = new Conditions(Truth.TRUE, null);
        for (PolicyStatement.Condition condition : statement.conditions()) {
            Conditions one = condition(condition, request);
            if (one.truth == Truth.FALSE) {
                return one;
            }
            if (one.truth == Truth.UNKNOWN && result.truth == Truth.TRUE) {
                result = one;
            }
        }
        return result;
    }

    private static Conditions condition(PolicyStatement.Condition condition, RequestContext request) {
        String operator = condition.operator();
        boolean ifExists = operator.endsWith("IfExists");
        String base = ifExists ? operator.substring(0, operator.length() - "IfExists".length()) : operator;
        if (!OPERATORS.contains(base) || (ifExists && base.equals("Null"))) {
            return new Conditions(Truth.UNKNOWN, "the condition operator " + operator + " (key " + condition.key() + ")");
        }
        if (!RequestContextKeys.SUPPORTED.contains(condition.key().toLowerCase(Locale.ROOT))) {
            return new Conditions(Truth.UNKNOWN, "the condition key " + condition.key() + " (operator " + operator + ")");
        }
        Optional<String> value = request.key(condition.key());
        if (base.equals("Null")) {
            // "true": the key must be absent; "false": present.
            boolean wantsAbsent = condition.values().stream().anyMatch(v -> v.equalsIgnoreCase("true"));
            return truth(wantsAbsent == value.isEmpty());
        }
        if (value.isEmpty()) {
            // A missing key matches nothing; ...IfExists then holds.
            return truth(ifExists);
        }
        boolean negated = base.contains("Not");
        boolean anyMatches = condition.values().stream().anyMatch(expected -> matches(base, expected, value.get()));
        return truth(negated != anyMatches);
    }

    private static boolean matches(String operator, String expected, String actual) {
        return switch (operator) {
            case "StringEquals", "StringNotEquals", "ArnEquals", "ArnNotEquals" ->
                    operator.startsWith("Arn") ? Wildcards.resourceMatches(expected, actual) : expected.equals(actual);
            case "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase" -> expected.equalsIgnoreCase(actual);
            case "StringLike", "StringNotLike" -> Wildcards.compile(expected, false).matcher(actual).matches();
            case "ArnLike", "ArnNotLike" -> Wildcards.resourceMatches(expected, actual);
            case "Bool" -> expected.equalsIgnoreCase(actual);
            default -> throw new IllegalStateException("unsupported operator " + operator);
        };
    }

    private static Conditions truth(boolean holds) {
        return new Conditions(holds ? Truth.TRUE : Truth.FALSE, null);
    }
}
