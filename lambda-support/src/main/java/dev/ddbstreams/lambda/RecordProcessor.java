package dev.ddbstreams.lambda;

/**
 * Processes one record of a batch. Throwing marks that record (and, for streams, the rest of the
 * batch after it) as failed; the batch helpers turn that into a partial batch response.
 *
 * @param <R> the record type of the event
 */
@FunctionalInterface
public interface RecordProcessor<R> {

    void process(R record) throws Exception;
}
