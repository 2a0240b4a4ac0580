package dev.ddbstreams.local.mapping;

/** A mapping that cannot run here (no Kinesis emulator, an invalid filter…): it only reports why. */
final class DisabledMapping implements MappingPoller {

    private final String name;
    private final MappingCounters counters;

    DisabledMapping(String name, MappingCounters counters, String reason) {
        this.name = name;
        this.counters = counters;
        counters.state("DISABLED");
        counters.problem(reason);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start() {
        // nothing to poll
    }

    @Override
    public void signalStop() {
        // nothing running
    }

    @Override
    public boolean awaitStopped(long millis) {
        return true;
    }

    @Override
    public MappingStatus status() {
        return counters.snapshot();
    }

    @Override
    public MappingCounters counters() {
        return counters;
    }
}
