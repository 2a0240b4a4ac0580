package dev.ddbstreams.local.mapping;

/** One mapping's polling: its threads, and its status. */
interface MappingPoller {

    String name();

    void start();

    /** Asks every thread to stop: pauses end at once, invocations in progress are interrupted; does not wait. */
    void signalStop();

    /** Waits until every thread ended, at most {@code millis}; @return whether they all ended */
    boolean awaitStopped(long millis);

    MappingStatus status();

    MappingCounters counters();
}
