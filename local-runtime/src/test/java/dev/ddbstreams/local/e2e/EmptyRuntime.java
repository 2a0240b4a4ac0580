package dev.ddbstreams.local.e2e;

import dev.ddbstreams.local.LocalRuntime;
import dev.ddbstreams.local.LocalRuntimeOptions;
import dev.ddbstreams.local.provision.ProvisioningClients;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * A local runtime started with {@code --empty} (nothing provisioned, IAM not enforced) and the SDK clients of its
 * endpoint that the provisioner uses: what the end-to-end tests of the Lambda API create their resources through.
 * Closing it closes the clients, then the runtime.
 */
final class EmptyRuntime implements AutoCloseable {

    /** How long a test waits for something the runtime does in the background (a function's log line, a poller). */
    static final Duration WAIT = Duration.ofSeconds(60);

    /** The trust policy of a Lambda execution role, as the Lambda guide gives it. */
    static final String LAMBDA_TRUST_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

    final LocalRuntime runtime;
    /** Any credentials act as root on an endpoint that does not enforce IAM. */
    final ProvisioningClients aws;

    private EmptyRuntime(LocalRuntime runtime) {
        this.runtime = runtime;
        this.aws = ProvisioningClients.of(runtime.awsEndpoint(), "us-east-1", false);
    }

    static EmptyRuntime start() {
        return new EmptyRuntime(LocalRuntime.start(
                LocalRuntimeOptions.forTests(RepositoryRoot.find()).withEmpty(true), System.out::println));
    }

    /** Polls {@code condition} every 200 ms for up to {@link #WAIT}; an exception counts as "not yet". */
    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // e.g. the log group before the function's first line
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    @Override
    public void close() {
        for (AutoCloseable closeable : new AutoCloseable[] {aws, runtime}) {
            try {
                closeable.close();
            } catch (Exception e) {
                System.err.println("close: " + e);
            }
        }
    }
}
