package dev.ddbstreams.dynamodb.expression;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an expression into {@link Token}s. Names start with a letter (DynamoDB answers
 * {@code Syntax error; token: "_", near: "SET _123"} for a name starting with an underscore, as quoted in
 * ScyllaDB Alternator's test_update_expression.py); placeholders are {@code #} or {@code :} followed by
 * letters, digits and underscores; white space is space, tab, carriage return and line feed (dynalite's
 * grammars: {@code [ \t\r\n]}).
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.Attributes.html">Referring to item attributes</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ExpressionAttributeNames.html">Expression attribute names</a>
 */
final class Lexer {

    private Lexer() {
    }

    static List<Token> tokenize(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int length = text.length();
        while (i < length) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                i++;
                continue;
            }
            int start = i;
            if (isAsciiLetter(c)) {
                i++;
                while (i < length && isWordChar(text.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(Token.Type.IDENTIFIER, text.substring(start, i), start, i));
            } else if (isDigit(c)) {
                while (i < length && isDigit(text.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(Token.Type.NUMBER, text.substring(start, i), start, i));
            } else if ((c == '#' || c == ':') && i + 1 < length && isWordChar(text.charAt(i + 1))) {
                i++;
                while (i < length && isWordChar(text.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(c == '#' ? Token.Type.NAME_PLACEHOLDER : Token.Type.VALUE_PLACEHOLDER,
                        text.substring(start, i), start, i));
            } else if ((c == '<' || c == '>') && i + 1 < length && text.charAt(i + 1) == '='
                    || c == '<' && i + 1 < length && text.charAt(i + 1) == '>') {
                i += 2;
                tokens.add(new Token(Token.Type.SYMBOL, text.substring(start, i), start, i));
            } else if ("()[],.=<>+-".indexOf(c) >= 0) {
                i++;
                tokens.add(new Token(Token.Type.SYMBOL, String.valueOf(c), start, i));
            } else {
                i += Character.charCount(text.codePointAt(i));
                tokens.add(new Token(Token.Type.INVALID, text.substring(start, i), start, i));
            }
        }
        tokens.add(new Token(Token.Type.END, "", length, length));
        return tokens;
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isWordChar(char c) {
        return isAsciiLetter(c) || isDigit(c) || c == '_';
    }
}
