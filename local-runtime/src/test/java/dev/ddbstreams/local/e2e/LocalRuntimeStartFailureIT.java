package dev.ddbstreams.local.e2e;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ddbstreams.local.LocalRuntime;
import dev.ddbstreams.local.LocalRuntimeOptions;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A start that fails half way stops what had started, whatever failed: an {@link Error} as well as an exception. A
 * {@code NoClassDefFoundError} from an incomplete class path (the harness's, once) used to leave the engines running,
 * so the JVM never exited and kept their ports.
 */
class LocalRuntimeStartFailureIT {

    @Test
    void anErrorDuringStart_stopsTheEnginesThatHadStarted_andIsRethrown() throws Exception {
        Set<Thread> before = liveNonDaemonThreads();
        List<String> console = new CopyOnWriteArrayList<>();
        LinkageError failure = new LinkageError("simulated: a class the provisioner needs is missing");

        LinkageError thrown = assertThrows(LinkageError.class, () -> LocalRuntime.start(
                LocalRuntimeOptions.forTests(RepositoryRoot.find()).withEmpty(true), line -> {
                    console.add(line);
                    // By now the engines, ElasticMQ, the function runtime and the endpoint are up.
                    if (line.startsWith("provision: ")) {
                        throw failure;
                    }
                }));

        assertSame(failure, thrown);
        String kinesisLine = console.stream().filter(line -> line.startsWith("kinesis: engine listening on "))
                .findFirst().orElseThrow(() -> new AssertionError("no Kinesis engine line in " + console));
        URI kinesis = URI.create(kinesisLine.substring("kinesis: engine listening on ".length()).trim());
        assertThrows(ConnectException.class, () -> new Socket(kinesis.getHost(), kinesis.getPort()).close(),
                "the Kinesis engine's port is closed again");
        EmptyRuntime.await(() -> liveNonDaemonThreads().stream().noneMatch(thread -> !before.contains(thread)),
                "no thread of the failed start to keep the JVM alive");
    }

    private static Set<Thread> liveNonDaemonThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.isAlive() && !thread.isDaemon())
                .collect(Collectors.toSet());
    }
}
