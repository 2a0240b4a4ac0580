package dev.ddbstreams.endpoint.lambda;

import java.util.List;

/** Lambda's control-plane state as snapshotted to {@code <data>/lambda.json}; code lives in {@code <data>/lambda/code/}. */
record LambdaState(List<StoredFunction> functions, List<StoredMapping> mappings) {
    LambdaState {
        functions = functions == null ? List.of() : functions;
        mappings = mappings == null ? List.of() : mappings;
    }
}
