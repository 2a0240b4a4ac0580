package dev.ddbstreams.kinesis.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ddbstreams.kinesis.junit.KinesisEngineExtension;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamMode;

/**
 * Terraform's AWS provider (5.100.0) as a client: {@code aws_kinesis_stream} applied (provisioned with retention and
 * tags, and on-demand), a second plan shows no changes, destroy removes both. The provider polls the stream status
 * and reads tags, retention, mode and encryption back. Skipped, with the reason, where {@code terraform} or the
 * provider (in {@code TF_PLUGIN_DIR} or {@code /opt/tf-plugins}) is missing; never downloads anything.
 *
 * @see <a href="https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kinesis_stream">aws_kinesis_stream</a>
 */
class TerraformProviderConformanceTest {

    @RegisterExtension
    static final KinesisEngineExtension KINESIS = KinesisEngineExtension.inMemory();

    @TempDir
    Path work;

    private static Path terraform() {
        return List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).stream()
                .map(dir -> Path.of(dir, "terraform")).filter(Files::isExecutable).findFirst().orElse(null);
    }

    private static Path pluginMirror() {
        String configured = System.getenv("TF_PLUGIN_DIR");
        Path mirror = Path.of(configured != null ? configured : "/opt/tf-plugins");
        return Files.isDirectory(mirror.resolve("registry.terraform.io/hashicorp/aws/5.100.0")) ? mirror : null;
    }

    private String run(Path terraform, String... args) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(terraform.toString());
        builder.command().addAll(List.of(args));
        builder.directory(work.toFile()).redirectErrorStream(true);
        builder.environment().put("TF_CLI_CONFIG_FILE", work.resolve("terraformrc").toString());
        builder.environment().put("TF_IN_AUTOMATION", "1");
        builder.environment().put("CHECKPOINT_DISABLE", "1");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "terraform " + args[0] + " timed out");
        assertEquals(0, process.exitValue(), "terraform " + String.join(" ", args) + ":\n" + output);
        return output;
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_CreateStream.html, API_DescribeStreamSummary.html, API_DeleteStream.html */
    @Test
    void awsKinesisStream_appliesPlansCleanAndDestroys() throws Exception {
        Path terraform = terraform();
        Path mirror = pluginMirror();
        assumeTrue(terraform != null, "terraform is not on PATH");
        assumeTrue(mirror != null, "the AWS provider 5.100.0 is not in TF_PLUGIN_DIR or /opt/tf-plugins");
        Files.writeString(work.resolve("terraformrc"), """
                provider_installation {
                  filesystem_mirror {
                    path    = "%s"
                    include = ["registry.terraform.io/*/*"]
                  }
                  direct {
                    exclude = ["registry.terraform.io/*/*"]
                  }
                }
                """.formatted(mirror));
        Files.writeString(work.resolve("main.tf"), """
                terraform {
                  required_providers {
                    aws = { source = "hashicorp/aws", version = "5.100.0" }
                  }
                }
                provider "aws" {
                  region                      = "us-east-1"
                  access_key                  = "local"
                  secret_key                  = "local"
                  skip_credentials_validation = true
                  skip_metadata_api_check     = true
                  skip_requesting_account_id  = true
                  endpoints {
                    kinesis = "%s"
                  }
                }
                resource "aws_kinesis_stream" "this" {
                  name             = "tf-provisioned"
                  shard_count      = 2
                  retention_period = 48
                  tags             = { team = "data" }
                }
                resource "aws_kinesis_stream" "on_demand" {
                  name = "tf-on-demand"
                  stream_mode_details {
                    stream_mode = "ON_DEMAND"
                  }
                }
                """.formatted(KINESIS.endpoint()));
        run(terraform, "init", "-input=false", "-no-color");
        run(terraform, "apply", "-auto-approve", "-input=false", "-no-color");

        StreamDescriptionSummary provisioned = KINESIS.client().describeStreamSummary(r -> r.streamName("tf-provisioned"))
                .streamDescriptionSummary();
        assertEquals(2, provisioned.openShardCount());
        assertEquals(48, provisioned.retentionPeriodHours());
        assertEquals("data", KINESIS.client().listTagsForStream(r -> r.streamName("tf-provisioned")).tags().get(0).value());
        assertEquals(StreamMode.ON_DEMAND, KINESIS.client().describeStreamSummary(r -> r.streamName("tf-on-demand"))
                .streamDescriptionSummary().streamModeDetails().streamMode());

        String plan = run(terraform, "plan", "-input=false", "-no-color", "-detailed-exitcode");
        assertTrue(plan.contains("No changes."), plan);

        run(terraform, "destroy", "-auto-approve", "-input=false", "-no-color");
        StreamFixtures.sleep(Duration.ofSeconds(1).toMillis());
        assertTrue(assertThrowsNotFound("tf-provisioned") && assertThrowsNotFound("tf-on-demand"));
    }

    private static boolean assertThrowsNotFound(String name) {
        try {
            KINESIS.client().describeStreamSummary(r -> r.streamName(name));
            return false;
        } catch (ResourceNotFoundException expected) {
            return true;
        }
    }
}
