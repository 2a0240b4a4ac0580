package dev.ddbstreams.endpoint.lambda;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A function as stored: {@code $LATEST}, its published versions, aliases, resource-based policies (one per qualifier,
 * {@code ""} for the unqualified function) and tags.
 */
final class StoredFunction {
    public String name;
    public String arn;
    public FunctionConfig latest;
    public TreeMap<Integer, FunctionConfig> versions = new TreeMap<>();
    public int lastVersion;
    public Map<String, StoredAlias> aliases = new TreeMap<>();
    /** Policy statements (JSON text, in order added) by qualifier; {@code ""} is the unqualified function. */
    public Map<String, List<String>> policies = new TreeMap<>();
    public Map<String, String> policyRevisions = new TreeMap<>();
    public Map<String, String> tags = new LinkedHashMap<>();

    /** A version's configuration ({@code $LATEST} or a published number), or {@code null}. */
    FunctionConfig version(String version) {
        if ("$LATEST".equals(version)) {
            return latest;
        }
        try {
            return versions.get(Integer.parseInt(version));
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }
}
