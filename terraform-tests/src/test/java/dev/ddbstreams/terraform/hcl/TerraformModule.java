package dev.ddbstreams.terraform.hcl;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One Terraform module: the top-level blocks of every {@code .tf} file in one directory.
 *
 * @param path directory relative to the configuration root, with forward slashes; "" for the root module
 * @param blocks the top-level blocks, in file order
 */
public record TerraformModule(String path, List<Block> blocks) {

    public TerraformModule {
        blocks = List.copyOf(blocks);
    }

    /** @return the top-level blocks of this type whose labels start with the given ones */
    public Stream<Block> blocks(String type, String... labelPrefix) {
        return blocks.stream().filter(block -> block.type().equals(type) && startsWith(block.labels(), labelPrefix));
    }

    /** @return the top-level block with exactly this type and these labels */
    public Optional<Block> block(String type, String... labels) {
        return blocks.stream().filter(block -> block.is(type, labels)).findFirst();
    }

    /** @return every {@code resource} block of this resource type */
    public Stream<Block> resources(String resourceType) {
        return blocks("resource", resourceType);
    }

    /** @return the attribute {@code name} of every {@code locals} block, merged */
    public Optional<Expr> local(String name) {
        return blocks("locals").flatMap(locals -> locals.attribute(name).stream()).findFirst();
    }

    /**
     * @return the expression's source with the source of every local it reads appended, transitively
     *     (so {@code local.failure_queues} shows what that local is made of)
     */
    public String resolvedSource(Expr expression) {
        StringBuilder text = new StringBuilder(expression.source());
        Set<String> seen = new LinkedHashSet<>();
        Deque<Expr> pending = new ArrayDeque<>(List.of(expression));
        while (!pending.isEmpty() && seen.size() < 20) {
            for (String reference : pending.poll().references()) {
                if (reference.startsWith("local.")) {
                    String name = reference.substring("local.".length()).split("[.\\[]", 2)[0];
                    if (seen.add(name)) {
                        local(name).ifPresent(local -> {
                            text.append(" ").append(local.source());
                            pending.add(local);
                        });
                    }
                }
            }
        }
        return text.toString();
    }

    /**
     * @return the module a {@code module} block of this module calls, as a configuration path
     *     ({@code "./modules/alarms"} from the root is {@code "modules/alarms"}), or empty for a registry source
     */
    public Optional<String> calledModulePath(Block call) {
        return call.attribute("source")
                .flatMap(Expr::constant)
                .map(String::valueOf)
                .filter(source -> source.startsWith("./") || source.startsWith("../"))
                .map(source -> java.nio.file.Path.of(path.isEmpty() ? "." : path).resolve(source).normalize().toString().replace('\\', '/'));
    }

    /** @return the module's directory name, or "(root)" */
    public String displayName() {
        return path.isEmpty() ? "(root)" : path;
    }

    private static boolean startsWith(List<String> labels, String[] prefix) {
        if (prefix.length > labels.size()) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (!labels.get(i).equals(prefix[i])) {
                return false;
            }
        }
        return true;
    }
}
