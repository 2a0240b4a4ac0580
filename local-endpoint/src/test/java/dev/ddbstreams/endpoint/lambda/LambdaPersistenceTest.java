package dev.ddbstreams.endpoint.lambda;

import dev.ddbstreams.endpoint.EdgeEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.EventSourcePosition;
import software.amazon.awssdk.services.lambda.model.State;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Everything acknowledged survives a restart: functions (code files under {@code <data>/lambda/code/<sha-hex>.zip}),
 * versions, aliases, policies, tags and mappings in {@code <data>/lambda.json}; on start every function is
 * re-deployed to the host and every mapping re-applied.
 */
class LambdaPersistenceTest {
    @TempDir
    Path data;

    @Test
    void stateAndCode_surviveRestart_andHostsAreToldAgain() throws Exception {
        byte[] jar = LambdaFixture.jar("persisted");
        String uuid;
        String sha256;
        try (LambdaFixture first = new LambdaFixture(EdgeEndpoint.builder().port(0).dataDirectory(data))) {
            var created = first.lambda.createFunction(r -> r.functionName("kept").runtime("java21").handler("h::h")
                    .role(first.roleArn).publish(true).tags(Map.of("k", "v"))
                    .code(c -> c.zipFile(SdkBytes.fromByteArray(jar))));
            sha256 = created.codeSha256();
            first.waitActive("kept");
            first.lambda.createAlias(r -> r.functionName("kept").name("live").functionVersion("1"));
            first.lambda.addPermission(r -> r.functionName("kept").statementId("s").action("lambda:InvokeFunction")
                    .principal("apigateway.amazonaws.com"));
            uuid = first.lambda.createEventSourceMapping(r -> r.functionName("kept").startingPosition(EventSourcePosition.LATEST)
                    .eventSourceArn("arn:aws:kinesis:us-east-1:000000000000:stream/s")).uuid();
            LambdaFixture.await(() -> "Enabled".equals(first.lambda.getEventSourceMapping(r -> r.uuid(uuid)).state()), "Enabled");
        }
        String hex = HexFormat.of().formatHex(java.util.Base64.getDecoder().decode(sha256));
        assertTrue(Files.exists(data.resolve("lambda.json")));
        assertArrayEquals(jar, Files.readAllBytes(data.resolve("lambda/code/" + hex + ".zip")));

        try (LambdaFixture second = new LambdaFixture(EdgeEndpoint.builder().port(0).dataDirectory(data))) {
            LambdaFixture.await(() -> second.functions.deployed.containsKey("kept"), "the function re-deployed");
            LambdaFixture.await(() -> second.mappings.applied.containsKey(uuid), "the mapping re-applied");
            assertEquals(data.resolve("lambda/code/" + hex + ".zip"), second.functions.deployed.get("kept").code());
            var got = second.lambda.getFunction(r -> r.functionName("kept"));
            assertEquals(State.ACTIVE, got.configuration().state());
            assertEquals(sha256, got.configuration().codeSha256());
            assertEquals(Map.of("k", "v"), got.tags());
            assertEquals("1", second.lambda.getAlias(r -> r.functionName("kept").name("live")).functionVersion());
            assertTrue(second.lambda.getPolicy(r -> r.functionName("kept")).policy().contains("\"Sid\":\"s\""));
            assertEquals(List.of("$LATEST", "1"), second.lambda.listVersionsByFunction(r -> r.functionName("kept")).versions()
                    .stream().map(v -> v.version()).toList());
            assertEquals("Enabled", second.lambda.getEventSourceMapping(r -> r.uuid(uuid)).state());
            HttpResponse<byte[]> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(got.code().location())).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertArrayEquals(jar, download.body());

            second.lambda.deleteFunction(r -> r.functionName("kept"));
            LambdaFixture.await(() -> !Files.exists(data.resolve("lambda/code/" + hex + ".zip")),
                    "code no version refers to to be deleted once the host removed the function");
        }
    }

    /**
     * An upload is decoded to a staged file while the request is read; a refused upload leaves nothing behind, and a
     * file staged by a process killed mid-upload is deleted on the next start.
     */
    @Test
    void refusedUploads_leaveNoStagedFile_andAKilledUploadsFileGoesOnRestart() throws Exception {
        Path code = data.resolve("lambda/code");
        byte[] jar = LambdaFixture.jar("staged");
        try (LambdaFixture first = new LambdaFixture(EdgeEndpoint.builder().port(0).dataDirectory(data))) {
            first.lambda.createFunction(r -> r.functionName("staged").runtime("java21").handler("h::h")
                    .role(first.roleArn).code(c -> c.zipFile(SdkBytes.fromByteArray(jar))));
            // Refused after the upload was staged: the name is taken, the bytes are not a zip, the zip is empty.
            assertThrows(software.amazon.awssdk.services.lambda.model.ResourceConflictException.class,
                    () -> first.lambda.createFunction(r -> r.functionName("staged").runtime("java21").handler("h::h")
                            .role(first.roleArn).code(c -> c.zipFile(SdkBytes.fromByteArray(LambdaFixture.jar("other"))))));
            assertThrows(software.amazon.awssdk.services.lambda.model.InvalidParameterValueException.class,
                    () -> first.lambda.updateFunctionCode(r -> r.functionName("staged")
                            .zipFile(SdkBytes.fromUtf8String("not a zip at all"))));
            java.io.ByteArrayOutputStream empty = new java.io.ByteArrayOutputStream();
            new java.util.zip.ZipOutputStream(empty).close();
            assertThrows(software.amazon.awssdk.services.lambda.model.InvalidParameterValueException.class,
                    () -> first.lambda.updateFunctionCode(r -> r.functionName("staged")
                            .zipFile(SdkBytes.fromByteArray(empty.toByteArray()))));

            assertEquals(List.of(HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(jar)) + ".zip"),
                    fileNames(code));
        }
        Files.write(code.resolve(".upload-123.tmp"), new byte[] {1, 2, 3}); // as a process killed mid-upload leaves it
        try (LambdaFixture second = new LambdaFixture(EdgeEndpoint.builder().port(0).dataDirectory(data))) {
            assertEquals(1, second.lambda.listFunctions().functions().size(), "the stored function is back");
            assertEquals(1, fileNames(code).size(), fileNames(code).toString());
            assertFalse(Files.exists(code.resolve(".upload-123.tmp")));
        }
    }

    private static List<String> fileNames(Path directory) throws java.io.IOException {
        try (var files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * An event acknowledged with 202 is not lost by a restart: it waits in {@code <data>/lambda/async/} until it ran
     * (or was discarded), and a restarted endpoint runs it.
     */
    @Test
    void acceptedEvents_surviveRestart() throws Exception {
        java.util.concurrent.CountDownLatch stuck = new java.util.concurrent.CountDownLatch(1);
        try {
            try (LambdaFixture first = new LambdaFixture(EdgeEndpoint.builder().port(0).dataDirectory(data))) {
                first.createJavaFunction("async", "a");
                first.waitActive("async");
                first.functions.answer = payload -> {
                    try {
                        stuck.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return InvokeResult.success(new byte[0]);
                };
                assertEquals(202, first.lambda.invoke(r -> r.functionName("async")
                        .invocationType(software.amazon.awssdk.services.lambda.model.InvocationType.EVENT)
                        .payload(SdkBytes.fromUtf8String("{\"id\":42}"))).statusCode());
                LambdaFixture.await(() -> !first.functions.invocations.isEmpty(), "the event to start");
            }
            try (var queued = Files.list(data.resolve("lambda/async"))) {
                assertEquals(1, queued.count(), "the unfinished event is still on disk");
            }
            try (LambdaFixture second = new LambdaFixture(EdgeEndpoint.builder().port(0).dataDirectory(data))) {
                LambdaFixture.await(() -> second.functions.invocations.contains("async lambda:InvokeAsync {\"id\":42}"),
                        "the restarted endpoint to run the event");
                LambdaFixture.await(() -> {
                    try (var queued = Files.list(data.resolve("lambda/async"))) {
                        return queued.findAny().isEmpty();
                    } catch (java.io.IOException e) {
                        return false;
                    }
                }, "the event's record to be deleted once it ran");
            }
        } finally {
            stuck.countDown();
        }
    }

    /** Without a data directory, code goes to a temporary directory that close() deletes. */
    @Test
    void inMemory_codeDirectoryIsDeletedOnClose() throws Exception {
        Path code;
        try (LambdaFixture fixture = new LambdaFixture()) {
            fixture.createJavaFunction("tmp", "t");
            fixture.waitActive("tmp");
            code = fixture.functions.deployed.get("tmp").code();
            assertTrue(Files.exists(code));
        }
        assertFalse(Files.exists(code.getParent()));
    }
}
