package dev.ddbstreams.endpoint.lambda;

import java.util.Optional;

/**
 * What polls event sources for the Lambda control plane: the local runtime's mapping engine implements it. The
 * control plane keeps the registry and tells the host about every change after it is stored.
 */
public interface EventSourceMappingHost {

    /**
     * Why AWS would refuse a mapping from {@code eventSourceArn} at creation, if it would: the source does not exist
     * (a deleted table's stream, an unknown queue), or its kind cannot be polled here. Empty when it can be polled.
     * The control plane answers CreateEventSourceMapping with {@code InvalidParameterValueException} and this text.
     */
    Optional<String> eventSourceProblem(String eventSourceArn);

    /** A mapping was created or updated (settings, {@code Enabled}): poll by this definition from now on. */
    void apply(EventSourceMappingDefinition mapping);

    /** The mapping was deleted: stop polling; no checkpoint is written for a batch that did not finish. */
    void remove(String uuid);

    /**
     * {@code LastProcessingResult} as GetEventSourceMapping reports it: {@code No records processed}, {@code OK},
     * or {@code PROBLEM: <what>} (for example {@code PROBLEM: Function call failed}).
     */
    String lastProcessingResult(String uuid);

    /** A host that polls nothing (the control plane alone, in tests). */
    EventSourceMappingHost NONE = new EventSourceMappingHost() {
        @Override
        public Optional<String> eventSourceProblem(String eventSourceArn) {
            return Optional.empty();
        }

        @Override
        public void apply(EventSourceMappingDefinition mapping) {
        }

        @Override
        public void remove(String uuid) {
        }

        @Override
        public String lastProcessingResult(String uuid) {
            return "No records processed";
        }
    };
}
