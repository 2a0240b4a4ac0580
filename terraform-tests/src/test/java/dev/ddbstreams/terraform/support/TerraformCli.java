package dev.ddbstreams.terraform.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real {@code terraform} binary, where one is installed, working on a copy of the project's
 * configuration (never in terraform/ itself, whose state and .terraform belong to the user).
 *
 * <p>Providers come from the usual places ({@code terraform init} downloads them; {@code TF_PLUGIN_CACHE_DIR}
 * is honoured), or from a local mirror named by the {@code terraform.pluginDir} system property or the
 * {@code TF_PLUGIN_DIR} environment variable (passed as {@code -plugin-dir}), for machines without
 * registry access; without either, {@code /opt/tf-plugins} when the machine has that mirror.
 */
public final class TerraformCli {

    private final Path binary;
    private final Path workDir;

    private TerraformCli(Path binary, Path workDir) {
        this.binary = binary;
        this.workDir = workDir;
    }

    /** @return the terraform binary on the PATH, if any */
    public static Optional<Path> binary() {
        return Processes.onPath("terraform");
    }

    /** A provider mirror some build machines ship (no registry access there); used when nothing is configured. */
    private static final Path MACHINE_PROVIDER_MIRROR = Path.of("/opt/tf-plugins");

    /** @return the local provider mirror to init from: configured, else the machine's mirror when it has one */
    public static Optional<String> pluginDir() {
        String configured = System.getProperty("terraform.pluginDir", System.getenv("TF_PLUGIN_DIR"));
        if (configured != null && !configured.isBlank()) {
            return Optional.of(configured);
        }
        return java.nio.file.Files.isDirectory(MACHINE_PROVIDER_MIRROR.resolve("registry.terraform.io"))
                ? Optional.of(MACHINE_PROVIDER_MIRROR.toString()) : Optional.empty();
    }

    /**
     * Copies terraform/ (configuration and wiring only: no state, plan or .terraform) into {@code workDir}
     * and returns a CLI working there.
     */
    public static TerraformCli onCopyOfProject(Path binary, Path workDir) {
        copyConfiguration(ProjectPaths.terraform(), workDir);
        return new TerraformCli(binary, workDir);
    }

    public Path workDir() {
        return workDir;
    }

    /** {@code terraform init -input=false [-backend=false] [-plugin-dir=...]} */
    public Processes.Result init(boolean backend) {
        List<String> arguments = new ArrayList<>(List.of("init", "-input=false", "-no-color"));
        if (!backend) {
            arguments.add("-backend=false");
        }
        pluginDir().ifPresent(dir -> arguments.add("-plugin-dir=" + dir));
        return run(Duration.ofMinutes(5), arguments);
    }

    /** Runs {@code terraform <arguments>} in the work directory. */
    public Processes.Result run(Duration timeout, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(arguments);
        Map<String, String> environment = new HashMap<>();
        environment.put("TF_IN_AUTOMATION", "1");
        environment.put("TF_INPUT", "0");
        environment.put("CHECKPOINT_DISABLE", "1");
        // A cache without a lock file is still used, so repeated runs do not download providers again.
        environment.put("TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE", "true");
        return Processes.run(command, workDir, environment, timeout);
    }

    /** Runs {@code terraform <arguments>} in the work directory. */
    public Processes.Result run(Duration timeout, String... arguments) {
        return run(timeout, List.of(arguments));
    }

    /** Copies every .tf file and wiring.json under {@code from}, keeping the module layout. */
    public static void copyConfiguration(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path relative = from.relativize(file);
                boolean hidden = false;
                for (Path part : relative) {
                    hidden |= part.toString().startsWith(".") || part.toString().equals("terraform.tfstate.d");
                }
                String name = file.getFileName().toString();
                if (hidden || !Files.isRegularFile(file) || !(name.endsWith(".tf") || name.equals("wiring.json"))) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy " + from + " to " + to, e);
        }
    }
}
