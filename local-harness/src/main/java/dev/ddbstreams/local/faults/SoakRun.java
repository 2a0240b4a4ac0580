package dev.ddbstreams.local.faults;

import dev.ddbstreams.local.LocalRuntime;
import dev.ddbstreams.local.LocalRuntimeOptions;
import dev.ddbstreams.local.mapping.BatchReport;
import dev.ddbstreams.local.mapping.MappingStatus;
import dev.ddbstreams.local.wiring.MappingSpec;
import dev.ddbstreams.local.wiring.SourceType;
import dev.ddbstreams.local.wiring.Wiring;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The soak: the whole system in a local runtime, written to while faults of every kind are injected, then
 * drained and checked. Faults: function errors at a rate (half before and half after the function ran) on
 * every stream mapping the writes feed, poison records, DynamoDB write errors at a rate in the functions' own
 * SDK clients (through a {@link DynamoDbFaultProxy}), functions killed mid-batch, and the runtime stopped and
 * started again mid-stream on its data directory. The function jars are the deployable ones, unchanged.
 *
 * <p>The run: start the runtime; for each segment of the {@link SoakWorkload}, write the segment (source tables
 * directly, notes through the HTTP API), then inject the next process fault (a kill, or the restart); stop the
 * random faults; wait for every stream mapping to have delivered the last record of every shard and settled,
 * and the word-count queue to be empty; then check everything ({@link SoakVerifier}) and report ({@link SoakReport}).
 */
public final class SoakRun {

    private static final Duration KILL_WAIT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final int CONSOLE_TAIL = 400;
    private static final Set<String> SOURCE_TABLES = Set.of(SoakWorkload.GAME_SCORES, SoakWorkload.STORE_ORDERS, "notes");

    private final Path repositoryRoot;
    private final SoakSettings settings;
    private final Consumer<String> progress;
    private final boolean echoRuntime;
    private final Deque<String> consoleTail = new ArrayDeque<>();

    private final Wiring wiring;
    private final Map<String, MappingSpec> streamMappings;
    private final DeliveryTracker tracker = new DeliveryTracker();
    private final FunctionFaultInjector injector;
    private final DynamoDbFaultProxy proxy;
    private final List<BatchReport> givenUp = new ArrayList<>();
    private final Map<String, Map<BatchReport.Outcome, AtomicLong>> batchOutcomes = new ConcurrentHashMap<>();
    private final StreamCatalog catalog = new StreamCatalog(List.copyOf(new TreeSet<>(SOURCE_TABLES)));
    private final NotesApiClient notesApi;
    private final Map<Integer, String> noteIds = new ConcurrentHashMap<>();
    private final Set<Integer> deletedNotes = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicLong> noteCalls = new ConcurrentHashMap<>();
    private final AtomicLong tablePuts = new AtomicLong();
    private final AtomicLong tableDeletes = new AtomicLong();
    private final AtomicLong tableErrors = new AtomicLong();
    private final List<SoakReport.Kill> kills = new ArrayList<>();
    private final List<SoakReport.Restart> restarts = new ArrayList<>();

    private final Map<String, Long> earlierRestarts = new TreeMap<>();

    private LocalRuntimeOptions options;
    private LocalRuntime runtime;
    private boolean reconnected;

    private SoakRun(Path repositoryRoot, SoakSettings settings, Consumer<String> progress, boolean echoRuntime) {
        this.repositoryRoot = repositoryRoot;
        this.settings = settings;
        this.progress = progress;
        this.echoRuntime = echoRuntime;
        this.wiring = Wiring.load(repositoryRoot.resolve("terraform").resolve("wiring.json"));
        this.streamMappings = SoakVerifier.streamMappings(wiring, SOURCE_TABLES);
        double halfRate = settings.functionErrorRate() / 2;
        List<FunctionFaults.PoisonRule> poison = List.of(
                new FunctionFaults.PoisonRule(function("game-scores"), SoakWorkload.POISON_ATTRIBUTE, SoakWorkload.POISON_VALUE),
                new FunctionFaults.PoisonRule(function("store-order-totals"), SoakWorkload.POISON_ATTRIBUTE,
                        SoakWorkload.POISON_VALUE),
                new FunctionFaults.PoisonRule(function("notes-word-count"), "title", SoakWorkload.POISON_NOTE_PREFIX));
        this.injector = new FunctionFaultInjector(new FunctionFaults(halfRate, halfRate, streamMappings.keySet(), poison,
                settings.seed()), tracker);
        Set<String> httpFunctions = Set.copyOf(wiring.httpApi().routes().values());
        // Only idempotent consumers get 500s for writes that were applied (see WriteFaultPolicy).
        this.proxy = DynamoDbFaultProxy.start(settings.seed() + 1, function -> httpFunctions.contains(function)
                ? WriteFaultPolicy.evenly(settings.writeErrorRate(), 0)
                : WriteFaultPolicy.evenly(settings.writeErrorRate(), 0.5));
        this.notesApi = new NotesApiClient(settings.notesPerSecond());
    }

    /**
     * Runs a soak and returns its report (it does not throw for violated invariants: read
     * {@link SoakReport#violations()}).
     *
     * @param repositoryRoot the repository, with the function jars built ({@code make build})
     * @param progress       receives the harness's progress lines
     * @param echoRuntime    also pass every runtime line (one per invocation) to {@code progress}
     */
    public static SoakReport run(Path repositoryRoot, SoakSettings settings, Consumer<String> progress,
            boolean echoRuntime) {
        return new SoakRun(repositoryRoot, settings, progress, echoRuntime).execute();
    }

    private String function(String mapping) {
        return wiring.mappings().get(mapping).function();
    }

    private SoakReport execute() {
        long started = System.nanoTime();
        Path work;
        try {
            work = Files.createTempDirectory(dataParent(), "ddbstreams-soak-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Path data = work.resolve("data");
            // The run uses copies of the jars: a build in the working tree meanwhile cannot pull them from under it.
            Path snapshot = RepositorySnapshot.copy(repositoryRoot, work.resolve("repository"));
            LocalRuntimeOptions.Hooks hooks = new LocalRuntimeOptions.Hooks(injector::decorate, proxy::endpointFor,
                    this::onBatch);
            options = LocalRuntimeOptions.forTests(snapshot).withDataDirectory(data).withHooks(hooks);
            progress.accept("soak: starting the local runtime (data in " + data + ")");
            runtime = LocalRuntime.start(options, this::console);
            shortenVisibilityTimeouts();
            Duration startup = elapsed(started);
            progress.accept("soak: ready in " + startup.toMillis() + " ms; generating the workload (seed "
                    + settings.seed() + ")");
            SoakWorkload workload = SoakWorkload.generate(settings.tableWrites(), settings.notes(), settings.segments(),
                    settings.users(), settings.items(), settings.poisonPerTable(), settings.seed());

            long writesStarted = System.nanoTime();
            Deque<String> killsLeft = new ArrayDeque<>(settings.kills());
            for (int i = 0; i < workload.segments().size(); i++) {
                int segment = i + 1;
                boolean faultHere = segment < workload.segments().size() || !killsLeft.isEmpty();
                boolean restartHere = faultHere && segment == settings.restartAfterSegment();
                String killHere = faultHere && !restartHere && !killsLeft.isEmpty() ? killsLeft.removeFirst() : null;
                // A kill waits for a batch in flight while the segment's records stream in: the aggregators now
                // finish a batch in tens of milliseconds, so after the writes there may be none left to cut short.
                java.util.concurrent.CompletableFuture<Void> killing = killHere == null ? null
                        : java.util.concurrent.CompletableFuture.runAsync(() -> kill(killHere, segment));
                writeSegment(workload.segments().get(i), segment);
                if (killing != null) {
                    killing.join();
                }
                if (restartHere) {
                    restart(segment);
                }
            }
            Duration writePhase = elapsed(writesStarted);

            // The consumers lag behind the writers: keep the faults on until every record written has been
            // delivered at least once under them, so that every record meets the fault rates.
            progress.accept("soak: writes done in " + writePhase.toMillis() + " ms; faults stay on until every "
                    + "record has been delivered once");
            long catchUpStarted = System.nanoTime();
            awaitDeliveredOnce(catchUpStarted + settings.drainTimeout().toNanos());
            Duration catchUp = elapsed(catchUpStarted);

            injector.randomFaultsEnabled(false);
            proxy.faultsEnabled(false);
            long faultsStopped = System.nanoTime();
            progress.accept("soak: every record delivered at least once " + catchUp.toMillis() + " ms after the "
                    + "writes; random faults stopped, draining");
            boolean drained = drain(faultsStopped + settings.drainTimeout().toNanos());
            Duration drain = elapsed(faultsStopped);
            progress.accept("soak: " + (drained ? "drained" : "NOT drained") + " " + drain.toMillis()
                    + " ms after the faults stopped; verifying");
            return verify(new SoakReport.Timings(startup, writePhase, catchUp, drain, drained, Duration.ZERO), started);
        } finally {
            if (runtime != null) {
                runtime.close();
            }
            proxy.close();
            deleteRecursively(work);
        }
    }

    private void console(String line) {
        synchronized (consoleTail) {
            consoleTail.addLast(line);
            while (consoleTail.size() > CONSOLE_TAIL) {
                consoleTail.removeFirst();
            }
        }
        if (echoRuntime) {
            progress.accept(line);
        }
    }

    private void onBatch(BatchReport report) {
        batchOutcomes.computeIfAbsent(report.mapping(), name -> new ConcurrentHashMap<>())
                .computeIfAbsent(report.outcome(), outcome -> new AtomicLong()).incrementAndGet();
        if (report.outcome() == BatchReport.Outcome.GIVEN_UP) {
            synchronized (givenUp) {
                givenUp.add(report);
            }
        }
    }

    // ---- writes ------------------------------------------------------------------------------------------

    private void writeSegment(SoakWorkload.Segment segment, int number) {
        long started = System.nanoTime();
        int threads = settings.writerThreads();
        List<List<SoakWorkload.TableWrite>> lanes = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            lanes.add(new ArrayList<>());
        }
        // One lane per key: writes to the same item keep their order.
        for (SoakWorkload.TableWrite write : segment.tableWrites()) {
            lanes.get(Math.floorMod((write.table() + "#" + write.key()).hashCode(), threads)).add(write);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (List<SoakWorkload.TableWrite> lane : lanes) {
                futures.add(pool.submit(() -> lane.forEach(this::writeTable)));
            }
            futures.add(pool.submit(() -> segment.noteWrites().forEach(this::writeNote)));
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a writer failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        progress.accept(String.format("soak: segment %d written (%,d table writes, %,d note calls) in %d ms; %s",
                number, segment.tableWrites().size(), segment.noteWrites().size(), elapsed(started).toMillis(),
                acknowledgedSummary()));
    }

    private void writeTable(SoakWorkload.TableWrite write) {
        try {
            if (write.isDelete()) {
                runtime.clients().dynamoDb().deleteItem(b -> b.tableName(write.table()).key(write.keyAttributes()));
                tableDeletes.incrementAndGet();
            } else {
                runtime.clients().dynamoDb().putItem(b -> b.tableName(write.table()).item(write.item()));
                tablePuts.incrementAndGet();
            }
        } catch (RuntimeException e) {
            tableErrors.incrementAndGet();
            console("soak: source write failed: " + e);
        }
    }

    private void writeNote(SoakWorkload.NoteWrite write) {
        noteCalls.computeIfAbsent(write.kind().name(), kind -> new AtomicLong()).incrementAndGet();
        URI api = runtime.httpEndpoint();
        switch (write.kind()) {
            case CREATE -> notesApi.create(api, write.title(), write.content())
                    .ifPresent(id -> noteIds.put(write.note(), id));
            case UPDATE_CONTENT -> {
                String id = noteIds.get(write.note());
                if (id != null) {
                    notesApi.updateContent(api, id, write.content());
                }
            }
            case DELETE -> {
                String id = noteIds.get(write.note());
                if (id != null && notesApi.delete(api, id)) {
                    deletedNotes.add(write.note());
                }
            }
        }
    }

    private String acknowledgedSummary() {
        Map<String, DeliveryTracker.Figures> figures = tracker.figures();
        StringBuilder summary = new StringBuilder("acknowledged so far:");
        streamMappings.keySet().forEach(mapping -> summary.append(' ').append(mapping).append('=')
                .append(figures.containsKey(mapping) ? figures.get(mapping).acknowledged() : 0));
        return summary.toString();
    }

    // ---- process faults ----------------------------------------------------------------------------------

    private void kill(String mapping, int afterSegment) {
        String function = function(mapping);
        long deadline = System.nanoTime() + KILL_WAIT.toNanos();
        Optional<FunctionFaultInjector.BusyInvocation> busy = Optional.empty();
        while (System.nanoTime() < deadline) {
            // BUSY, not STARTING: a process killed while it initialises is an init error, not a batch cut short.
            busy = injector.busy(function).filter(invocation -> invocation.records() >= 2
                    && invocation.elapsed().toMillis() >= 20
                    && "BUSY".equals(runtime.functions().status(function).state()));
            if (busy.isPresent()) {
                break;
            }
            sleep(1);
        }
        Duration intoInvocation = busy.map(FunctionFaultInjector.BusyInvocation::elapsed).orElse(Duration.ZERO);
        long exitedBefore = processExited(mapping);
        List<ProcessHandle> processes = runtime.functions().processes(function);
        List<Long> pids = new ArrayList<>();
        for (ProcessHandle process : processes) {
            pids.add(process.pid());
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        for (ProcessHandle process : processes) {
            try {
                process.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                console("soak: process " + process.pid() + " did not exit: " + e);
            }
        }
        boolean midBatch = false;
        long settle = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (busy.isPresent() && System.nanoTime() < settle) {
            if (processExited(mapping) > exitedBefore) {
                midBatch = true;
                break;
            }
            sleep(10);
        }
        SoakReport.Kill kill = new SoakReport.Kill(afterSegment, function, pids,
                busy.map(FunctionFaultInjector.BusyInvocation::records).orElse(0), intoInvocation, midBatch);
        kills.add(kill);
        progress.accept("soak: killed " + function + " " + pids + " with " + kill.batchRecords()
                + " records in flight; mid-batch: " + midBatch);
    }

    private long processExited(String mapping) {
        FunctionFaultInjector.InjectorStats stats = injector.stats().get(mapping);
        return stats == null ? 0 : stats.outcomes().getOrDefault("PROCESS_EXITED", 0L);
    }

    private void restart(int afterSegment) {
        refreshCatalog();
        Map<String, Long> pending = new TreeMap<>();
        streamMappings.forEach((mapping, spec) -> {
            long count = catalog.records(spec.source().table()).values().stream().flatMap(List::stream)
                    .filter(entry -> !tracker.wasAcknowledged(mapping, entry.sequenceNumber().toString())).count();
            pending.put(mapping, count);
        });
        // The runtime's counters start again with it: keep the first incarnation's restarts.
        runtime.functions().status().forEach(status -> earlierRestarts.merge(status.name(), status.restarts(), Long::sum));
        long stopStarted = System.nanoTime();
        runtime.close();
        Duration stop = elapsed(stopStarted);
        long startStarted = System.nanoTime();
        runtime = LocalRuntime.start(options, this::console);
        shortenVisibilityTimeouts(); // the provisioner sets the wiring's again
        Duration start = elapsed(startStarted);
        reconnected = true;
        SoakReport.Restart restart = new SoakReport.Restart(afterSegment, pending, stop, start);
        restarts.add(restart);
        progress.accept("soak: restarted the runtime with " + restart.pending() + " records pending " + pending
                + " (stop " + stop.toMillis() + " ms, start " + start.toMillis() + " ms)");
    }

    private void refreshCatalog() {
        catalog.refresh(runtime.clients().dynamoDb(), runtime.clients().dynamoDbStreams(), reconnected);
        reconnected = false;
    }

    // ---- drain -------------------------------------------------------------------------------------------

    private boolean drain(long deadlineNanos) {
        int stable = 0;
        long lastReport = System.nanoTime();
        while (System.nanoTime() < deadlineNanos) {
            refreshCatalog();
            List<String> busy = notDrained();
            stable = busy.isEmpty() ? stable + 1 : 0;
            if (stable >= 2) {
                return true;
            }
            if (System.nanoTime() - lastReport > Duration.ofSeconds(10).toNanos()) {
                progress.accept("soak: draining; waiting for " + busy + "; " + acknowledgedSummary());
                lastReport = System.nanoTime();
            }
            sleep(POLL.toMillis());
        }
        return false;
    }

    private void awaitDeliveredOnce(long deadlineNanos) {
        long lastReport = System.nanoTime();
        while (System.nanoTime() < deadlineNanos) {
            refreshCatalog();
            List<String> behind = new ArrayList<>();
            streamMappings.forEach((mapping, spec) -> {
                boolean delivered = catalog.lastSequenceNumbers(spec.source().table()).values().stream()
                        .allMatch(last -> tracker.wasDelivered(mapping, last.toString()));
                if (!delivered) {
                    behind.add(mapping);
                }
            });
            if (behind.isEmpty()) {
                return;
            }
            if (System.nanoTime() - lastReport > Duration.ofSeconds(10).toNanos()) {
                progress.accept("soak: under faults, waiting for " + behind + " to reach the end of their streams; "
                        + acknowledgedSummary());
                lastReport = System.nanoTime();
            }
            sleep(POLL.toMillis());
        }
    }

    /** What has not drained yet (empty when everything has). */
    private List<String> notDrained() {
        List<String> busy = new ArrayList<>();
        for (Map.Entry<String, MappingSpec> mapping : streamMappings.entrySet()) {
            String table = mapping.getValue().source().table();
            boolean delivered = catalog.lastSequenceNumbers(table).values().stream()
                    .allMatch(last -> tracker.wasDelivered(mapping.getKey(), last.toString()));
            MappingStatus status = runtime.mappingStatus(mapping.getKey());
            if (!delivered || status.lag() > 0 || status.inFlight() > 0) {
                busy.add(mapping.getKey() + (delivered ? "" : " (last record not delivered)") + " lag " + status.lag()
                        + " in flight " + status.inFlight());
            }
        }
        for (Map.Entry<String, MappingSpec> mapping : wiring.mappings().entrySet()) {
            if (mapping.getValue().source().type() == SourceType.SQS) {
                // Messages a poller had received when the runtime stopped stay invisible for the queue's visibility
                // timeout, as in SQS, and come back then: drained means none visible and none invisible.
                String queue = mapping.getValue().source().queue();
                long visible = queueAttribute(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
                long invisible = queueAttribute(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
                int inFlight = runtime.mappingStatus(mapping.getKey()).inFlight();
                if (visible != 0 || invisible != 0 || inFlight > 0) {
                    busy.add("queue " + queue + " (" + visible + " visible, " + invisible + " invisible, " + inFlight
                            + " in flight)");
                }
            }
        }
        return busy;
    }

    /**
     * The queues the soak feeds get a visibility timeout of their function's timeout (the least Lambda accepts for an
     * SQS mapping) instead of the wiring's 180 s, for this run only: messages received by the runtime the soak
     * restarts then come back within the drain, so that their effect can be checked rather than assumed (a note
     * whose stream path gave up its record is counted only through such a message).
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html">Configuring a queue for Lambda (visibility timeout)</a>
     */
    private void shortenVisibilityTimeouts() {
        wiring.mappings().values().stream().filter(spec -> spec.source().type() == SourceType.SQS).forEach(spec -> {
            String queue = spec.source().queue();
            int seconds = wiring.functions().get(spec.function()).timeoutSeconds();
            String url = runtime.clients().sqs().getQueueUrl(b -> b.queueName(queue)).queueUrl();
            runtime.clients().sqs().setQueueAttributes(b -> b.queueUrl(url).attributes(Map.of(
                    QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(seconds))));
            progress.accept("soak: queue " + queue + " visibility timeout " + seconds + " s for this run");
        });
    }

    private long queueAttribute(String queue, QueueAttributeName attribute) {
        try {
            String url = runtime.clients().sqs().getQueueUrl(b -> b.queueName(queue)).queueUrl();
            return Long.parseLong(runtime.clients().sqs().getQueueAttributes(b -> b.queueUrl(url)
                    .attributeNames(attribute)).attributes().get(attribute));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Per queue the soak feeds: messages still invisible at the end (received, not yet deleted or returned). */
    private Map<String, Long> invisibleMessages() {
        Map<String, Long> invisible = new TreeMap<>();
        wiring.mappings().values().stream().filter(spec -> spec.source().type() == SourceType.SQS)
                .forEach(spec -> invisible.put(spec.source().queue(), queueAttribute(spec.source().queue(),
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)));
        return invisible;
    }

    // ---- verification ------------------------------------------------------------------------------------

    private SoakReport verify(SoakReport.Timings timings, long started) {
        refreshCatalog();
        var dynamoDb = runtime.clients().dynamoDb();
        var sqs = runtime.clients().sqs();
        List<SoakVerifier.AggregateCheck> aggregates = List.of(SoakVerifier.gameScores(dynamoDb),
                SoakVerifier.orderTotals(dynamoDb));
        SoakVerifier.NotesCheck notes = SoakVerifier.notes(dynamoDb, Map.copyOf(noteIds), Set.copyOf(deletedNotes));

        List<SoakVerifier.DeadLetterCheck> deadLetters = new ArrayList<>();
        List<SoakVerifier.DeliveryCheck> lost = new ArrayList<>();
        Set<String> checkedQueues = new HashSet<>();
        List<BatchReport> reports;
        synchronized (givenUp) {
            reports = List.copyOf(givenUp);
        }
        for (Map.Entry<String, MappingSpec> entry : streamMappings.entrySet()) {
            String mapping = entry.getKey();
            MappingSpec spec = entry.getValue();
            List<SoakVerifier.GivenUpRange> ranges = new ArrayList<>();
            if (spec.onFailureQueue() != null) {
                checkedQueues.add(spec.onFailureQueue());
                deadLetters.add(SoakVerifier.deadLetters(mapping, spec, spec.onFailureQueue(),
                        runtime.functions().functionArn(spec.function()), spec.source().table(), catalog,
                        SoakVerifier.readAll(sqs, spec.onFailureQueue()),
                        reports.stream().filter(report -> report.mapping().equals(mapping)).toList(),
                        tracker.poisoned(mapping), ranges));
            }
            lost.add(SoakVerifier.deliveries(mapping, spec.source().table(), catalog, tracker, ranges));
        }
        // Every other on-failure queue and every redrive DLQ must be empty: nothing else was given up.
        Set<String> mustBeEmpty = new TreeSet<>();
        wiring.mappings().values().forEach(spec -> {
            if (spec.onFailureQueue() != null) {
                mustBeEmpty.add(spec.onFailureQueue());
            }
        });
        wiring.queues().values().forEach(queue -> {
            if (queue.deadLetterQueue() != null) {
                mustBeEmpty.add(queue.deadLetterQueue());
            }
        });
        mustBeEmpty.removeAll(checkedQueues);
        List<SoakVerifier.EmptyQueueCheck> emptyQueues = mustBeEmpty.stream()
                .map(queue -> new SoakVerifier.EmptyQueueCheck(queue, SoakVerifier.readAll(sqs, queue).size())).toList();

        Map<String, Map<BatchReport.Outcome, Long>> batches = new TreeMap<>();
        batchOutcomes.forEach((mapping, outcomes) -> {
            Map<BatchReport.Outcome, Long> copy = new EnumMap<>(BatchReport.Outcome.class);
            outcomes.forEach((outcome, count) -> copy.put(outcome, count.get()));
            batches.put(mapping, copy);
        });
        Map<String, Long> calls = new TreeMap<>();
        noteCalls.forEach((kind, count) -> calls.put(kind, count.get()));
        SoakReport.Writes writes = new SoakReport.Writes(tablePuts.get(), tableDeletes.get(), tableErrors.get(), calls,
                notesApi.statuses(), notesApi.unexpected());
        List<String> tail;
        synchronized (consoleTail) {
            tail = List.copyOf(consoleTail);
        }
        SoakReport.Timings finalTimings = new SoakReport.Timings(timings.startup(), timings.writePhase(),
                timings.catchUpUnderFaults(), timings.drain(), timings.drained(), elapsed(started));
        Map<String, DeliveryTracker.Figures> deliveries = new LinkedHashMap<>(tracker.figures());
        return new SoakReport(settings, finalTimings, writes, injector.stats(), proxy.stats(), List.copyOf(kills),
                List.copyOf(restarts), batches, deliveries, aggregates, notes, lost, deadLetters, emptyQueues,
                invisibleMessages(), functionRestarts(), tail);
    }

    /**
     * Where the runtime keeps its data for the run: tmpfs ({@code /dev/shm}) where there is one, so that DynamoDB
     * Local's SQLite commits do not wait for a disk; the restart still finds only what was written to files.
     */
    private static Path dataParent() {
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return shm;
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** Function restarts (a crashed or killed process started again) across the runtime's incarnations. */
    private Map<String, Long> functionRestarts() {
        Map<String, Long> restarts = new TreeMap<>(earlierRestarts);
        runtime.functions().status().forEach(status -> restarts.merge(status.name(), status.restarts(), Long::sum));
        restarts.values().removeIf(count -> count == 0);
        return restarts;
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private static Duration elapsed(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // A temporary directory: what is left is the OS's to clean.
        }
    }
}
