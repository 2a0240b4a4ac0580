package dev.ddbstreams.endpoint.lambda;

import java.util.Map;
import java.util.TreeMap;

/**
 * A function alias as stored.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_AliasConfiguration.html">AliasConfiguration</a>
 */
final class StoredAlias {
    public String name;
    public String functionVersion;
    public String description = "";
    /** {@code RoutingConfig.AdditionalVersionWeights}: invocations through the alias are routed by it ({@link AliasRouting}). */
    public Map<String, Double> additionalVersionWeights = new TreeMap<>();
    public String revisionId;
}
