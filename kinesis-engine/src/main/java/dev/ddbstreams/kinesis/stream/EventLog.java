package dev.ddbstreams.kinesis.stream;

import java.util.List;

/**
 * Where {@link KinesisService} writes its events before applying them, and reads them back at start.
 * An implementation returns from {@link #append} only once the event is safe from a crash of this process.
 */
public interface EventLog extends AutoCloseable {

    /** Every event appended so far, in order (a torn last event, from a crash mid-write, is left out). */
    List<StreamEvent> replay();

    void append(StreamEvent event);

    @Override
    void close();

    /** Keeps nothing: the engine forgets everything when it stops. */
    static EventLog none() {
        return new EventLog() {
            @Override
            public List<StreamEvent> replay() {
                return List.of();
            }

            @Override
            public void append(StreamEvent event) {
            }

            @Override
            public void close() {
            }
        };
    }
}
