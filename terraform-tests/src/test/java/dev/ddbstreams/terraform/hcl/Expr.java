package dev.ddbstreams.terraform.hcl;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openrewrite.Cursor;
import org.openrewrite.hcl.tree.Expression;
import org.openrewrite.hcl.tree.Hcl;

/**
 * An HCL expression as written: its source text, and its value when it is a constant (a literal, or a
 * tuple, object or template made only of constants). Nothing is evaluated: {@code var.batch_size} stays
 * {@code var.batch_size}, which is what the policy and consistency checks need to see.
 *
 * @see <a href="https://developer.hashicorp.com/terraform/language/expressions">Terraform expressions</a>
 */
public final class Expr {

    /** The constant {@code null}, distinct from "not a constant". */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private static final Pattern REFERENCE = Pattern.compile(
            "(?<![\\w.])((?:var|local|module|data|each|count|path|self)\\.[A-Za-z_][\\w-]*(?:\\.[A-Za-z_][\\w-]*)*)");

    private final Expression node;
    private final Cursor root;
    private final String rawSource;
    private final String source;

    Expr(Expression node, Cursor root) {
        this.node = node;
        this.root = root;
        this.rawSource = node.printTrimmed(new Cursor(root, node));
        this.source = rawSource.replaceAll("\\s+", " ").trim();
    }

    /** @return the expression's source with every run of whitespace collapsed to one space */
    public String source() {
        return source;
    }

    /** @return the underlying OpenRewrite tree node */
    public Expression node() {
        return node;
    }

    /**
     * @return the constant value: {@link String}, {@link BigDecimal}, {@link Boolean}, {@link #NULL},
     *     {@code List} or {@code Map} of those; empty when any part of the expression is not constant
     */
    public Optional<Object> constant() {
        return Optional.ofNullable(constantOf(node));
    }

    /** @return whether the expression is exactly the given constant (numbers compared by value) */
    public boolean isConstant(Object expected) {
        Object value = constantOf(node);
        if (value instanceof BigDecimal number && expected instanceof Number other) {
            return number.compareTo(new BigDecimal(other.toString())) == 0;
        }
        return value != null && value.equals(expected);
    }

    /** @return the constant string elements when this is a tuple (elements that are not constant strings are skipped) */
    public List<String> constantStrings() {
        List<String> strings = new ArrayList<>();
        if (node instanceof Hcl.Tuple tuple) {
            for (Expression element : tuple.getValues()) {
                if (constantOf(element) instanceof String s) {
                    strings.add(s);
                }
            }
        } else if (constantOf(node) instanceof String s) {
            strings.add(s);
        }
        return strings;
    }

    /** @return every string literal written inside the expression, template pieces included */
    public List<String> stringLiterals() {
        List<String> literals = new ArrayList<>();
        collectStrings(node, literals);
        return literals;
    }

    /** @return the references in the expression, such as {@code var.batch_size} or {@code each.value.batchSize} */
    public List<String> references() {
        List<String> references = new ArrayList<>();
        Matcher matcher = REFERENCE.matcher(withoutStringLiterals());
        while (matcher.find()) {
            references.add(matcher.group(1));
        }
        return references;
    }

    /** @return whether this is a tuple ({@code [...]}) */
    public boolean isTuple() {
        return node instanceof Hcl.Tuple;
    }

    /** @return the elements when this is a tuple, else empty */
    public List<Expr> elements() {
        if (node instanceof Hcl.Tuple tuple) {
            List<Expr> elements = new ArrayList<>();
            for (Expression element : tuple.getValues()) {
                elements.add(new Expr(element, root));
            }
            return elements;
        }
        return Collections.emptyList();
    }

    /**
     * @return the attributes when this is an object ({@code { FunctionName = each.value }}), by key as
     *     written (a key that is not a constant is given as its source); empty when it is not an object
     */
    public Map<String, Expr> objectAttributes() {
        Map<String, Expr> attributes = new LinkedHashMap<>();
        if (node instanceof Hcl.ObjectValue object) {
            for (Expression entry : object.getAttributes()) {
                if (entry instanceof Hcl.Attribute attribute) {
                    Object key = attribute.getName() instanceof Hcl.Identifier identifier
                            ? identifier.getName()
                            : constantOf(attribute.getName());
                    String name = key instanceof String text ? text : new Expr(attribute.getName(), root).source();
                    attributes.put(name, new Expr(attribute.getValue(), root));
                }
            }
        }
        return attributes;
    }

    /** The source with the literal text of quoted strings blanked; interpolations stay visible. */
    private String withoutStringLiterals() {
        StringBuilder out = new StringBuilder(rawSource.length());
        // Each level is either an expression (false) or the literal part of a quoted string (true).
        java.util.ArrayDeque<Boolean> inString = new java.util.ArrayDeque<>();
        inString.push(false);
        java.util.ArrayDeque<Integer> braces = new java.util.ArrayDeque<>();
        braces.push(0);
        for (int i = 0; i < rawSource.length(); i++) {
            char c = rawSource.charAt(i);
            if (inString.peek()) {
                if (c == '\\' && i + 1 < rawSource.length()) {
                    out.append("  ");
                    i++;
                } else if (c == '"') {
                    inString.pop();
                    braces.pop();
                    out.append(c);
                } else if (c == '$' && i + 1 < rawSource.length() && rawSource.charAt(i + 1) == '{') {
                    inString.push(false);
                    braces.push(0);
                    out.append("${");
                    i++;
                } else {
                    out.append(' ');
                }
            } else {
                if (c == '"') {
                    inString.push(true);
                    braces.push(0);
                } else if (c == '{') {
                    braces.push(braces.pop() + 1);
                } else if (c == '}') {
                    int depth = braces.pop();
                    if (depth == 0 && inString.size() > 1) {
                        inString.pop();
                        out.append(c);
                        continue;
                    }
                    braces.push(depth - 1);
                }
                out.append(c);
            }
        }
        return out.toString();
    }

    private static void collectStrings(Expression expression, List<String> out) {
        if (expression instanceof Hcl.Literal literal) {
            if (literal.getValue() instanceof String s) {
                out.add(s);
            }
            return;
        }
        expression.acceptHcl(new org.openrewrite.hcl.HclIsoVisitor<List<String>>() {
            @Override
            public Hcl.Literal visitLiteral(Hcl.Literal literal, List<String> strings) {
                if (literal.getValue() instanceof String s) {
                    strings.add(s);
                }
                return literal;
            }
        }, out);
    }

    static Object constantOf(Expression expression) {
        if (expression instanceof Hcl.Literal literal) {
            Object value = literal.getValue();
            if (value == null) {
                return NULL;
            }
            if (value instanceof Number number) {
                return new BigDecimal(number.toString());
            }
            return value;
        }
        if (expression instanceof Hcl.Parentheses parentheses) {
            return constantOf(parentheses.getExpression());
        }
        if (expression instanceof Hcl.Unary unary
                && unary.getOperator() == Hcl.Unary.Type.Negative
                && constantOf(unary.getExpression()) instanceof BigDecimal number) {
            return number.negate();
        }
        if (expression instanceof Hcl.QuotedTemplate template) {
            StringBuilder text = new StringBuilder();
            for (Expression part : template.getExpressions()) {
                if (!(part instanceof Hcl.Literal literal) || !(literal.getValue() instanceof String s)) {
                    return null;
                }
                text.append(s);
            }
            return text.toString();
        }
        if (expression instanceof Hcl.Tuple tuple) {
            List<Object> values = new ArrayList<>();
            for (Expression element : tuple.getValues()) {
                Object value = constantOf(element);
                if (value == null) {
                    return null;
                }
                values.add(value);
            }
            return values;
        }
        if (expression instanceof Hcl.ObjectValue object) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (Expression entry : object.getAttributes()) {
                if (!(entry instanceof Hcl.Attribute attribute)) {
                    return null;
                }
                Object key = attribute.getName() instanceof Hcl.Identifier identifier
                        ? identifier.getName()
                        : constantOf(attribute.getName());
                Object value = constantOf(attribute.getValue());
                if (!(key instanceof String) || value == null) {
                    return null;
                }
                values.put((String) key, value);
            }
            return values;
        }
        return null;
    }

    @Override
    public String toString() {
        return source;
    }
}
