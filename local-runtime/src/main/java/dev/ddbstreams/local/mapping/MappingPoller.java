package dev.ddbstreams.local.mapping;

/** One mapping's polling: its threads, and its status. */
interface MappingPoller {

    String name();

    void start();

    /** Asks every thread to stop and interrupts pauses; does not wait. */
    void signalStop();

    /** Waits until every thread ended, at most {@code millis}; @return whether they all ended */
    boolean awaitStopped(long millis);

    MappingStatus status();
}
