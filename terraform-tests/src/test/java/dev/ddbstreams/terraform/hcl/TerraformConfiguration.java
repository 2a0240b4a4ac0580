package dev.ddbstreams.terraform.hcl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openrewrite.Cursor;
import org.openrewrite.ExecutionContext;
import org.openrewrite.InMemoryExecutionContext;
import org.openrewrite.SourceFile;
import org.openrewrite.hcl.HclParser;
import org.openrewrite.hcl.tree.BodyContent;
import org.openrewrite.hcl.tree.Hcl;
import org.openrewrite.hcl.tree.Label;
import org.openrewrite.tree.ParseError;

/**
 * A Terraform configuration read from disk without running Terraform: every directory under the root
 * that holds {@code .tf} files is one {@link TerraformModule}. Parsing uses OpenRewrite's HCL grammar, which
 * keeps every expression as written; a file it cannot parse fails the load with the file's name.
 *
 * @see <a href="https://developer.hashicorp.com/terraform/language/syntax/configuration">Terraform configuration syntax</a>
 */
public final class TerraformConfiguration {

    private final Path root;
    private final Map<String, TerraformModule> modules;

    private TerraformConfiguration(Path root, Map<String, TerraformModule> modules) {
        this.root = root;
        this.modules = modules;
    }

    /** Reads every {@code .tf} file under {@code root} (hidden directories such as .terraform skipped). */
    public static TerraformConfiguration load(Path root) {
        Map<String, List<Path>> filesByDirectory = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            paths.filter(path -> path.toString().endsWith(".tf") && Files.isRegularFile(path))
                    .filter(path -> !isHidden(root.relativize(path)))
                    .sorted()
                    .forEach(path -> filesByDirectory
                            .computeIfAbsent(slashes(root.relativize(path.getParent())), dir -> new ArrayList<>())
                            .add(path));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + root, e);
        }
        if (filesByDirectory.isEmpty()) {
            throw new IllegalArgumentException("No .tf files under " + root);
        }
        Map<String, TerraformModule> modules = new LinkedHashMap<>();
        filesByDirectory.forEach((dir, files) -> {
            List<Block> blocks = new ArrayList<>();
            for (Path file : files) {
                blocks.addAll(parse(root, file));
            }
            modules.put(dir, new TerraformModule(dir, blocks));
        });
        return new TerraformConfiguration(root, modules);
    }

    public Path root() {
        return root;
    }

    public List<TerraformModule> modules() {
        return List.copyOf(modules.values());
    }

    /** @return the module in this directory ("" for the root module, "modules/queue" ...) */
    public Optional<TerraformModule> module(String path) {
        return Optional.ofNullable(modules.get(path));
    }

    /** @return every {@code resource} block of this type, in every module */
    public Stream<Block> resources(String resourceType) {
        return modules.values().stream().flatMap(module -> module.resources(resourceType));
    }

    private static List<Block> parse(Path root, Path file) {
        String relative = slashes(root.relativize(file));
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        List<Throwable> errors = new ArrayList<>();
        ExecutionContext context = new InMemoryExecutionContext(errors::add);
        List<SourceFile> parsed = HclParser.builder().build().parse(context, text).collect(Collectors.toList());
        if (!errors.isEmpty() || parsed.size() != 1 || parsed.get(0) instanceof ParseError
                || !(parsed.get(0) instanceof Hcl.ConfigFile)) {
            String cause = errors.isEmpty() ? String.valueOf(parsed) : errors.get(0).toString();
            throw new IllegalArgumentException("Cannot parse " + relative + ": " + cause);
        }
        Hcl.ConfigFile configFile = (Hcl.ConfigFile) parsed.get(0);
        Cursor cursor = new Cursor(new Cursor(null, Cursor.ROOT_VALUE), configFile);
        return convert(configFile.getBody(), cursor, relative);
    }

    private static List<Block> convert(List<BodyContent> body, Cursor cursor, String file) {
        List<Block> blocks = new ArrayList<>();
        for (BodyContent content : body) {
            if (content instanceof Hcl.Block block) {
                blocks.add(convert(block, cursor, file));
            }
        }
        return blocks;
    }

    private static Block convert(Hcl.Block block, Cursor cursor, String file) {
        List<String> labels = new ArrayList<>();
        for (Label label : block.getLabels()) {
            labels.add(labelText(label, cursor));
        }
        Map<String, Expr> attributes = new LinkedHashMap<>();
        List<Block> children = new ArrayList<>();
        for (BodyContent content : block.getBody()) {
            if (content instanceof Hcl.Attribute attribute) {
                attributes.put(attribute.getSimpleName(), new Expr(attribute.getValue(), cursor));
            } else if (content instanceof Hcl.Block child) {
                children.add(convert(child, cursor, file));
            }
        }
        String type = block.getType() == null ? "" : block.getType().getName();
        return new Block(type, labels, attributes, children, file);
    }

    private static String labelText(Label label, Cursor cursor) {
        if (label instanceof Hcl.Identifier identifier) {
            return identifier.getName();
        }
        if (label instanceof Hcl.Literal literal && literal.getValue() instanceof String text) {
            return text;
        }
        if (label instanceof Hcl.QuotedTemplate template && Expr.constantOf(template) instanceof String text) {
            return text;
        }
        String printed = label.printTrimmed(new Cursor(cursor, label));
        return printed.length() >= 2 && printed.startsWith("\"") && printed.endsWith("\"")
                ? printed.substring(1, printed.length() - 1)
                : printed;
    }

    private static boolean isHidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static String slashes(Path path) {
        return path.toString().replace('\\', '/');
    }
}
