package dev.ddbstreams.local.mapping;

import dev.ddbstreams.local.lambda.FunctionInvoker;
import dev.ddbstreams.local.wiring.MappingSpec;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A DynamoDB or Kinesis stream mapping: finds the stream's shards (again every discovery interval, as shards
 * split, rotate and close) and runs one {@link ShardWorker} thread per open shard whose parents are drained.
 *
 * <p>LATEST applies only to the mapping's very first start: the shards present then are read to their current
 * end and checkpointed there, so a restart resumes exactly and never skips records written while the runtime was
 * down. Shards that appear later are read from TRIM_HORIZON, as Lambda does for child shards.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html">Using Lambda with DynamoDB</a>
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html">Using Lambda with Kinesis</a>
 */
final class StreamMappingPoller implements MappingPoller {

    private static final System.Logger LOG = System.getLogger(MappingEngine.class.getName());

    final String name;
    final MappingSpec spec;
    final String functionArn;
    final CheckpointStore checkpoints;
    final FunctionInvoker invoker;
    final EngineSettings settings;
    final MappingCounters counters;
    final BatchListener listener;
    final EventFilter filter;
    final Lifecycle lifecycle = new Lifecycle();
    final OnFailureDestination onFailure;
    private final Supplier<ShardSource> sourceFactory;

    private volatile ShardSource source;
    private final Map<String, Thread> workers = new ConcurrentHashMap<>();
    private final Set<String> finishedShards = ConcurrentHashMap.newKeySet();
    private final LinkedBlockingQueue<Boolean> wakeUps = new LinkedBlockingQueue<>();
    private volatile Thread coordinator;

    StreamMappingPoller(String name, MappingSpec spec, String functionArn, Supplier<ShardSource> sourceFactory,
            CheckpointStore checkpoints, FunctionInvoker invoker, EngineSettings settings, MappingCounters counters,
            BatchListener listener, EventFilter filter, OnFailureDestinationFactory onFailureFactory) {
        this.name = name;
        this.spec = spec;
        this.functionArn = functionArn;
        this.sourceFactory = sourceFactory;
        this.checkpoints = checkpoints;
        this.invoker = invoker;
        this.settings = settings;
        this.counters = counters;
        this.listener = listener;
        this.filter = filter;
        this.onFailure = spec.onFailureQueue() == null ? null
                : onFailureFactory.create(spec.onFailureQueue(), lifecycle, counters);
    }

    /** Builds the on-failure destination with this poller's lifecycle. */
    @FunctionalInterface
    interface OnFailureDestinationFactory {
        OnFailureDestination create(String queue, Lifecycle lifecycle, MappingCounters counters);
    }

    @Override
    public String name() {
        return name;
    }

    ShardSource source() {
        return source;
    }

    /** The age at which records are given up on: MaximumRecordAgeInSeconds, else the stream's retention. */
    Duration maximumRecordAge() {
        return spec.maximumRecordAgeInSeconds() >= 0 ? Duration.ofSeconds(spec.maximumRecordAgeInSeconds())
                : source.retention();
    }

    @Override
    public void start() {
        Thread thread = new Thread(this::run, "mapping-" + name);
        thread.setDaemon(true);
        coordinator = thread;
        thread.start();
    }

    @Override
    public void signalStop() {
        lifecycle.stop();
        wakeUps.offer(Boolean.TRUE);
    }

    @Override
    public boolean awaitStopped(long millis) {
        long deadline = System.currentTimeMillis() + millis;
        boolean all = true;
        Thread thread = coordinator;
        if (thread != null) {
            all &= join(thread, deadline);
        }
        for (Thread worker : List.copyOf(workers.values())) {
            all &= join(worker, deadline);
        }
        counters.state("STOPPED");
        return all;
    }

    private static boolean join(Thread thread, long deadline) {
        try {
            thread.join(Math.max(1, deadline - System.currentTimeMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    @Override
    public MappingStatus status() {
        return counters.snapshot();
    }

    @Override
    public MappingCounters counters() {
        return counters;
    }

    private void run() {
        try {
            while (lifecycle.running()) {
                try {
                    if (source == null) {
                        counters.state("STARTING");
                        source = sourceFactory.get();
                        counters.source(describeSource(source.arn()));
                    }
                    discover();
                    counters.state("POLLING");
                } catch (Lifecycle.Stopped e) {
                    return;
                } catch (RuntimeException e) {
                    if (!lifecycle.running()) {
                        return;
                    }
                    counters.state(source == null ? "STARTING" : "BACKING_OFF");
                    counters.error(source == null ? "cannot resolve the source" : "shard discovery failed", e);
                }
                try {
                    waitForWakeUp(source == null ? settings.errorBackoff() : settings.discoveryInterval());
                } catch (Lifecycle.Stopped e) {
                    return;
                }
            }
        } finally {
            lifecycle.stop();
        }
    }

    private String describeSource(String arn) {
        return spec.source().type().json() + " " + arn;
    }

    private void waitForWakeUp(Duration timeout) {
        try {
            wakeUps.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            wakeUps.clear();
        } catch (InterruptedException e) {
            // Not ours (stop() offers a wake-up): carry on.
        }
        lifecycle.ensureRunning();
    }

    private void discover() {
        List<ShardSource.ShardInfo> shards = source.listShards();
        Set<String> listed = new HashSet<>();
        shards.forEach(shard -> listed.add(shard.shardId()));
        if (!checkpoints.isInitialized(name)) {
            if ("LATEST".equals(spec.startingPosition())) {
                for (ShardSource.ShardInfo shard : shards) {
                    if (checkpoints.load(name, shard.shardId()).isEmpty()) {
                        checkpoints.save(name, shard.shardId(), checkpointAtCurrentEnd(shard));
                    }
                }
            }
            checkpoints.markInitialized(name);
        }
        if (!shards.isEmpty()) {
            // Shards trimmed away (older than the retention) are not listed any more: forget them.
            Set<String> keep = new HashSet<>(listed);
            keep.addAll(workers.keySet());
            checkpoints.retain(name, keep);
        }
        for (ShardSource.ShardInfo shard : shards) {
            String shardId = shard.shardId();
            if (finishedShards.contains(shardId) || workers.containsKey(shardId)) {
                continue;
            }
            Optional<Checkpoint> checkpoint = checkpoints.load(name, shardId);
            if (checkpoint.isPresent() && checkpoint.get().type() == Checkpoint.Type.SHARD_END) {
                finishedShards.add(shardId);
                continue;
            }
            if (parentsDrained(shard, listed)) {
                startWorker(shard, checkpoint.orElse(null));
            }
        }
    }

    private boolean parentsDrained(ShardSource.ShardInfo shard, Set<String> listed) {
        for (String parent : shard.parentShardIds()) {
            if (listed.contains(parent) && !finishedShards.contains(parent)) {
                return false;
            }
        }
        return true;
    }

    private void startWorker(ShardSource.ShardInfo shard, Checkpoint checkpoint) {
        ShardWorker worker = new ShardWorker(this, shard, checkpoint);
        Thread thread = new Thread(() -> {
            try {
                worker.run();
            } finally {
                workers.remove(shard.shardId());
                wakeUps.offer(Boolean.TRUE);
            }
        }, "mapping-" + name + "-" + shard.shardId());
        thread.setDaemon(true);
        workers.put(shard.shardId(), thread);
        thread.start();
    }

    /** Called by a worker whose shard is closed and fully handled (or gone): its children may start. */
    void shardFinished(String shardId) {
        finishedShards.add(shardId);
    }

    /**
     * LATEST, made durable: the position after the shard's last record right now (TRIM_HORIZON when it is empty,
     * SHARD_END when it is closed), found by reading the shard through once.
     */
    private Checkpoint checkpointAtCurrentEnd(ShardSource.ShardInfo shard) {
        String iterator = source.iterator(shard.shardId(), ShardSource.Position.TRIM_HORIZON);
        String last = null;
        for (int pages = 0; iterator != null && pages < 100_000; pages++) {
            lifecycle.ensureRunning();
            ShardSource.Page page = source.read(shard.shardId(), iterator, 1000);
            if (!page.records().isEmpty()) {
                last = page.records().get(page.records().size() - 1).sequenceNumber();
            }
            iterator = page.nextIterator();
            if (page.records().isEmpty()) {
                break;
            }
        }
        Checkpoint checkpoint = iterator == null ? Checkpoint.shardEnd(last)
                : last == null ? Checkpoint.trimHorizon() : Checkpoint.after(last);
        LOG.log(Level.INFO, "mapping " + name + ": starting position LATEST on " + shard.shardId() + " is " + checkpoint);
        return checkpoint;
    }
}
