package dev.ddbstreams.dynamodb.expression;

/**
 * One lexical token of an expression, with its place in the text (for AWS's "near" in syntax errors).
 */
record Token(Type type, String text, int start, int end) {

    enum Type {
        /** An attribute name or keyword or function name: a letter then letters, digits or underscores. */
        IDENTIFIER,
        /** {@code #name}: an expression attribute name placeholder. */
        NAME_PLACEHOLDER,
        /** {@code :value}: an expression attribute value placeholder. */
        VALUE_PLACEHOLDER,
        /** Decimal digits: only valid as a list index. */
        NUMBER,
        /** One of {@code ( ) [ ] , . = <> < <= > >= + -}. */
        SYMBOL,
        /** A character the language does not know; always a syntax error. */
        INVALID,
        END
    }

    boolean isSymbol(String symbol) {
        return type == Type.SYMBOL && text.equals(symbol);
    }

    /** Keywords (AND, OR, NOT, BETWEEN, IN, SET, REMOVE, ADD, DELETE) are case-insensitive. */
    boolean isKeyword(String keyword) {
        return type == Type.IDENTIFIER && text.equalsIgnoreCase(keyword);
    }

    /** The token as AWS names it in a syntax error. */
    String describe() {
        return type == Type.END ? "<EOF>" : text;
    }
}
