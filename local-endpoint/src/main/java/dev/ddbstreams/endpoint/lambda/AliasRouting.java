package dev.ddbstreams.endpoint.lambda;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Weighted alias routing, the one place for its rule: an alias with {@code RoutingConfig.AdditionalVersionWeights}
 * sends each invocation to the additional version for its weight's share of invocations (chosen at random per
 * invocation), else to the alias's own version. With weight 1 every invocation runs the additional version, with
 * weight 0 none does. It applies to every invocation through the alias: Invoke, API Gateway's, and each batch an
 * event source mapping through the alias sends.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/configuring-alias-routing.html">Weighted alias routing</a>
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_CreateAlias.html">CreateAlias (an alias can split invocation requests between two versions)</a>
 */
public final class AliasRouting {

    private AliasRouting() {
    }

    /**
     * What one invocation runs.
     *
     * @param primary          the alias's version (or the deployment running it)
     * @param additionalWeights the additional version (or its deployment) and its weight, 0..1; empty without routing
     * @return {@code primary}, or a key of {@code additionalWeights}
     */
    public static String pick(String primary, Map<String, Double> additionalWeights) {
        for (Map.Entry<String, Double> weighted : additionalWeights.entrySet()) {
            if (ThreadLocalRandom.current().nextDouble() < weighted.getValue()) {
                return weighted.getKey();
            }
        }
        return primary;
    }
}
