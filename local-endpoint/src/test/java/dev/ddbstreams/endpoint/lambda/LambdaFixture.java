package dev.ddbstreams.endpoint.lambda;

import dev.ddbstreams.endpoint.EdgeEndpoint;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.CreateFunctionResponse;
import software.amazon.awssdk.services.lambda.model.Runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** An edge with fake hosts, a Lambda client over HTTP (url-connection-client) and the packages tests upload. */
final class LambdaFixture implements AutoCloseable {
    static final String TRUST_LAMBDA = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
            + "{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

    final RecordingFunctionHost functions = new RecordingFunctionHost();
    final RecordingMappingHost mappings = new RecordingMappingHost();
    final EdgeEndpoint edge;
    final LambdaClient lambda;
    final String roleArn;

    LambdaFixture() {
        this(EdgeEndpoint.builder().port(0));
    }

    LambdaFixture(EdgeEndpoint.Builder builder) {
        edge = builder.functionHost(functions).eventSourceMappingHost(mappings).start();
        lambda = client(edge);
        roleArn = edge.iam().roleByArn("arn:aws:iam::000000000000:role/fn-role")
                .map(dev.ddbstreams.endpoint.iam.Role::arn)
                .orElseGet(() -> edge.iam().createRole("fn-role", "/", TRUST_LAMBDA, null, null, null, Map.of()).arn());
    }

    static LambdaClient client(EdgeEndpoint edge) {
        return LambdaClient.builder().endpointOverride(edge.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** A small jar: a manifest and one class-named entry, which is all the control plane looks at. */
    static byte[] jar(String marker) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
            out.putNextEntry(new JarEntry("example/Handler.class"));
            out.write(marker.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    CreateFunctionResponse createJavaFunction(String name, String marker) {
        return lambda.createFunction(r -> r.functionName(name).runtime(Runtime.JAVA21).handler("example.Handler::handleRequest")
                .role(roleArn).code(c -> c.zipFile(SdkBytes.fromByteArray(jar(marker)))));
    }

    void waitActive(String name) {
        lambda.waiter().waitUntilFunctionActiveV2(r -> r.functionName(name));
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** A raw HTTP exchange, for what the SDK hides (error body members, headers). */
    static Raw http(EdgeEndpoint edge, String method, String path, String body) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(edge.endpoint() + path).toURL().openConnection();
        connection.setRequestMethod(method);
        connection.setConnectTimeout(5000);
        connection.setReadTimeout(10000);
        if (body != null) {
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json");
            connection.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        }
        int status = connection.getResponseCode();
        var in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        byte[] bytes = in == null ? new byte[0] : in.readAllBytes();
        return new Raw(status, connection.getHeaderFields(), bytes);
    }

    record Raw(int status, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        lambda.close();
        edge.close();
    }

    /** Records what the control plane tells it; invocations answer what the test scripted. */
    static final class RecordingFunctionHost implements FunctionHost {
        final Map<String, FunctionDefinition> deployed = new ConcurrentHashMap<>();
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<String> invocations = new CopyOnWriteArrayList<>();
        /** The invoked function ARN of each invocation, in the order of {@link #invocations}. */
        final List<String> invokedArns = new CopyOnWriteArrayList<>();
        volatile java.util.function.Function<byte[], InvokeResult> answer = InvokeResult::success;
        volatile java.util.concurrent.CountDownLatch deployGate = new java.util.concurrent.CountDownLatch(0);

        @Override
        public void deploy(FunctionDefinition function) {
            try {
                deployGate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            deployed.put(function.deployment(), function);
            calls.add("deploy " + function.deployment());
        }

        @Override
        public void remove(String deployment) {
            deployed.remove(deployment);
            calls.add("remove " + deployment);
        }

        @Override
        public InvokeResult invoke(String deployment, String invokedFunctionArn, byte[] payload, String source) {
            invokedArns.add(invokedFunctionArn);
            invocations.add(deployment + " " + source + " " + new String(payload, StandardCharsets.UTF_8));
            return answer.apply(payload);
        }
    }

    /** Records mappings applied and removed; tells a source problem for ARNs containing "missing". */
    static final class RecordingMappingHost implements EventSourceMappingHost {
        final Map<String, EventSourceMappingDefinition> applied = new ConcurrentHashMap<>();
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public Optional<String> eventSourceProblem(String eventSourceArn) {
            return eventSourceArn.contains("missing")
                    ? Optional.of("Stream not found: " + eventSourceArn) : Optional.empty();
        }

        @Override
        public void apply(EventSourceMappingDefinition mapping) {
            applied.put(mapping.uuid(), mapping);
            calls.add("apply " + mapping.uuid() + " " + mapping.enabled());
        }

        @Override
        public void remove(String uuid) {
            applied.remove(uuid);
            calls.add("remove " + uuid);
        }

        @Override
        public String lastProcessingResult(String uuid) {
            return applied.containsKey(uuid) ? "OK" : "No records processed";
        }
    }
}
