package dev.ddbstreams.terraform.hcl;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One HCL block ({@code resource "aws_sqs_queue" "this" { ... }}) with its attributes and nested blocks,
 * as written in the file.
 */
public final class Block {

    private final String type;
    private final List<String> labels;
    private final Map<String, Expr> attributes;
    private final List<Block> children;
    private final String file;

    Block(String type, List<String> labels, Map<String, Expr> attributes, List<Block> children, String file) {
        this.type = type;
        this.labels = List.copyOf(labels);
        this.attributes = new LinkedHashMap<>(attributes);
        this.children = List.copyOf(children);
        this.file = file;
    }

    public String type() {
        return type;
    }

    public List<String> labels() {
        return labels;
    }

    /** @return the label at {@code index}, or an empty string */
    public String label(int index) {
        return index < labels.size() ? labels.get(index) : "";
    }

    /** @return the file the block is in, relative to the configuration root */
    public String file() {
        return file;
    }

    public Map<String, Expr> attributes() {
        return attributes;
    }

    public Optional<Expr> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    public List<Block> children() {
        return children;
    }

    /** @return the nested blocks of this type written out statically */
    public Stream<Block> children(String childType) {
        return children.stream().filter(child -> child.type.equals(childType));
    }

    /**
     * @return the nested blocks of this type as Terraform will generate them: the static ones, and the
     *     {@code content} of each {@code dynamic "<type>"} block
     */
    public Stream<Block> nested(String childType) {
        Stream<Block> dynamicContents = children.stream()
                .filter(child -> child.type.equals("dynamic") && child.label(0).equals(childType))
                .flatMap(dynamic -> dynamic.children("content"));
        return Stream.concat(children(childType), dynamicContents);
    }

    /** @return whether a nested block of this type exists, statically or as a {@code dynamic} block */
    public boolean hasNested(String childType) {
        return nested(childType).findAny().isPresent();
    }

    /** @return the {@code dynamic "<type>"} block that generates blocks of this type, if any */
    public Optional<Block> dynamic(String childType) {
        return children.stream()
                .filter(child -> child.type.equals("dynamic") && child.label(0).equals(childType))
                .findFirst();
    }

    /** @return whether this block has exactly these labels */
    public boolean is(String blockType, String... blockLabels) {
        return type.equals(blockType) && labels.equals(Arrays.asList(blockLabels));
    }

    /** @return {@code resource "aws_sqs_queue" "this" (modules/queue/main.tf)} */
    public String describe() {
        String quoted = labels.stream().map(label -> "\"" + label + "\"").collect(Collectors.joining(" "));
        return type + (quoted.isEmpty() ? "" : " " + quoted) + " (" + file + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
