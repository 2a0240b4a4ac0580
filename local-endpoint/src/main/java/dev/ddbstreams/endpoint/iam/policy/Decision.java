package dev.ddbstreams.endpoint.iam.policy;

import java.util.Optional;

/**
 * The outcome of evaluating a principal's identity-based policies for one action on one resource.
 *
 * @param outcome what was decided
 * @param policy  the policy that decided it (an explicit deny's, an allow's, or the one that could not be evaluated)
 * @param detail  for {@link Outcome#CANNOT_EVALUATE}: what the endpoint cannot evaluate, in words
 * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html">Policy evaluation logic</a>
 */
public record Decision(Outcome outcome, Optional<String> policy, Optional<String> detail) {

    public enum Outcome {
        /** An Allow statement applies and no Deny statement does. */
        ALLOWED,
        /** A Deny statement applies: final, whatever allows it. */
        EXPLICIT_DENY,
        /** No statement allows the request: denied by default. */
        IMPLICIT_DENY,
        /**
         * The decision depends on something the endpoint does not evaluate (an unsupported condition key or operator,
         * or a document it cannot read). The request is refused and the refusal says why: the endpoint never
         * silently allows what AWS might refuse.
         */
        CANNOT_EVALUATE
    }

    public boolean allowed() {
        return outcome == Outcome.ALLOWED;
    }

    static Decision of(Outcome outcome, String policy) {
        return new Decision(outcome, Optional.ofNullable(policy), Optional.empty());
    }

    static Decision cannotEvaluate(String policy, String detail) {
        return new Decision(Outcome.CANNOT_EVALUATE, Optional.of(policy), Optional.of(detail));
    }
}
