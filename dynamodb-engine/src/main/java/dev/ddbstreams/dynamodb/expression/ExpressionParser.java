package dev.ddbstreams.dynamodb.expression;

import dev.ddbstreams.dynamodb.errors.ValidationException;
import dev.ddbstreams.dynamodb.model.AttributeValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A recursive-descent parser for DynamoDB's expression language. One instance parses one expression.
 *
 * <p>Condition grammar and precedence, as the developer guide gives them (highest first): comparators
 * {@code = <> < <= > >=}; IN; BETWEEN; functions; parentheses; NOT; AND; OR.
 *
 * <pre>
 * condition  := or
 * or         := and (OR and)*
 * and        := not (AND not)*
 * not        := NOT not | primary
 * primary    := '(' or ')' | function '(' operands ')'
 *             | operand (comparator operand | BETWEEN operand AND operand | IN '(' operands ')')
 * operand    := path | :value | size '(' operand ')'
 * path       := name ('.' name | '[' digits ']')*         name := identifier | #placeholder
 * update     := (SET set (',' set)* | REMOVE path (',' path)* | ADD path :value (',' ...)* | DELETE ...)+
 * set        := path '=' value ('+' | '-') value | path '=' value
 * value      := path | :value | if_not_exists '(' path ',' value ')' | list_append '(' value ',' value ')'
 * projection := path (',' path)*
 * </pre>
 *
 * <p>Undefined placeholders are reported after the whole expression has parsed (a syntax error anywhere
 * wins), reserved words and other structural errors where they are met.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html#Expressions.OperatorsAndFunctions.Syntax">Syntax for condition expressions</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html#Expressions.OperatorsAndFunctions.Precedence">Precedence in conditions</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html">Update expressions</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-expression-parameters">Expression parameters (limits)</a>
 */
final class ExpressionParser {

    /** "The maximum length of any expression string is 4 KB" (ServiceQuotas, Expression parameters). */
    static final int MAX_EXPRESSION_BYTES = 4096;
    /** "The maximum number of operators or functions allowed in an UpdateExpression is 300"; conditions alike. */
    static final int MAX_OPERATORS = 300;
    /** "The maximum number of operands for the IN comparator is 100". */
    static final int MAX_IN_OPERANDS = 100;

    private static final Set<String> COMPARATORS = Set.of("=", "<>", "<", "<=", ">", ">=");
    private static final Set<String> CONDITION_FUNCTIONS = Set.of("attribute_exists", "attribute_not_exists",
            "attribute_type", "begins_with", "contains");
    private static final Set<String> UPDATE_FUNCTIONS = Set.of("if_not_exists", "list_append");
    private static final Set<String> ATTRIBUTE_TYPES = Set.of("S", "SS", "N", "NS", "B", "BS", "BOOL", "NULL", "L", "M");
    private static final List<String> CLAUSES = List.of("SET", "REMOVE", "ADD", "DELETE");

    private final String kind;
    private final String text;
    private final RequestAttributes attributes;
    private final List<Token> tokens;
    private int position;
    private int operators;
    private ValidationException undefinedPlaceholder;
    private final Set<Condition> parenthesised = Collections.newSetFromMap(new IdentityHashMap<>());

    ExpressionParser(String kind, String text, RequestAttributes attributes) {
        this.kind = kind;
        this.text = text == null ? "" : text;
        this.attributes = attributes;
        int bytes = this.text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_EXPRESSION_BYTES) {
            throw ExpressionErrors.tooLong(kind, bytes);
        }
        this.tokens = Lexer.tokenize(this.text);
        if (tokens.size() == 1) {
            throw ExpressionErrors.empty(kind);
        }
    }

    String kind() {
        return kind;
    }

    // ---------------------------------------------------------------- conditions

    Condition parseCondition() {
        Condition condition = parseOr();
        finish();
        return condition;
    }

    private Condition parseOr() {
        Condition left = parseAnd();
        while (peek().isKeyword("OR")) {
            next();
            countOperator();
            left = new Condition.Or(left, parseAnd());
        }
        return left;
    }

    private Condition parseAnd() {
        Condition left = parseNot();
        while (peek().isKeyword("AND")) {
            next();
            countOperator();
            left = new Condition.And(left, parseNot());
        }
        return left;
    }

    private Condition parseNot() {
        if (peek().isKeyword("NOT")) {
            next();
            countOperator();
            return new Condition.Not(parseNot());
        }
        return parsePrimary();
    }

    private Condition parsePrimary() {
        Token token = peek();
        if (token.isSymbol("(")) {
            next();
            Condition inner = parseOr();
            expectSymbol(")");
            // "((a = :v))" is refused, "((a = :v) AND b = :w)" is not: only parentheses directly around a
            // parenthesised condition are redundant (Alternator test_condition_expression.py, test_redundant_parentheses).
            if (!parenthesised.add(inner)) {
                throw ExpressionErrors.redundantParentheses(kind);
            }
            return inner;
        }
        if (isFunctionCall() && CONDITION_FUNCTIONS.contains(token.text())) {
            Condition function = parseConditionFunction();
            Token after = peek();
            if (after.type() == Token.Type.SYMBOL && COMPARATORS.contains(after.text()) || after.isKeyword("BETWEEN")
                    || after.isKeyword("IN")) {
                throw ExpressionErrors.functionMisused(kind, token.text());
            }
            return function;
        }
        Operand left = parseConditionOperand();
        Token operator = peek();
        if (operator.type() == Token.Type.SYMBOL && COMPARATORS.contains(operator.text())) {
            next();
            countOperator();
            Operand right = parseConditionOperand();
            requireDistinct(operator.text(), left, List.of(right));
            return new Condition.Comparison(left, operator.text(), right);
        }
        if (operator.isKeyword("BETWEEN")) {
            next();
            countOperator();
            Operand lower = parseConditionOperand();
            expectKeyword("AND");
            Operand upper = parseConditionOperand();
            requireDistinct("BETWEEN", left, List.of(lower, upper));
            checkBetweenBounds(lower, upper);
            return new Condition.Between(left, lower, upper);
        }
        if (operator.isKeyword("IN")) {
            next();
            countOperator();
            expectSymbol("(");
            List<Operand> candidates = new ArrayList<>();
            candidates.add(parseConditionOperand());
            while (peek().isSymbol(",")) {
                next();
                candidates.add(parseConditionOperand());
            }
            expectSymbol(")");
            if (candidates.size() > MAX_IN_OPERANDS) {
                throw ExpressionErrors.tooManyInOperands(kind, candidates.size());
            }
            requireDistinct("IN", left, candidates);
            return new Condition.In(left, candidates);
        }
        if (left instanceof Operand.Size) {
            // size(a) alone is not a condition (Alternator test_update_condition_size_alone quotes the message).
            throw ExpressionErrors.functionMisused(kind, "size");
        }
        throw syntaxError();
    }

    private Condition parseConditionFunction() {
        String name = next().text();
        List<Operand> arguments = parseArguments(this::parseConditionOperand);
        switch (name) {
            case "attribute_exists", "attribute_not_exists" -> {
                requireArgumentCount(name, arguments, 1);
                return new Condition.Exists(requirePath(name, arguments.get(0)), name.equals("attribute_exists"));
            }
            case "attribute_type" -> {
                requireArgumentCount(name, arguments, 2);
                DocumentPath path = requirePath(name, arguments.get(0));
                Operand type = arguments.get(1);
                String typeOfType = type.staticType();
                if (typeOfType != null && !typeOfType.equals("S")) {
                    throw ExpressionErrors.operandType(kind, name, typeOfType);
                }
                if (type instanceof Operand.Value value && value.value() instanceof AttributeValue.S s
                        && !ATTRIBUTE_TYPES.contains(s.value())) {
                    throw ExpressionErrors.invalidTypeName(kind, s.value());
                }
                return new Condition.AttributeType(path, type);
            }
            case "begins_with" -> {
                requireArgumentCount(name, arguments, 2);
                for (Operand argument : arguments) {
                    String type = argument.staticType();
                    if (type != null && !type.equals("S") && !type.equals("B")) {
                        throw ExpressionErrors.operandType(kind, name, type);
                    }
                }
                requireDistinct(name, arguments.get(0), arguments.subList(1, 2));
                return new Condition.BeginsWith(arguments.get(0), arguments.get(1));
            }
            default -> {
                requireArgumentCount(name, arguments, 2);
                requireDistinct(name, arguments.get(0), arguments.subList(1, 2));
                return new Condition.Contains(arguments.get(0), arguments.get(1));
            }
        }
    }

    /** An operand of a condition: a path, a value, or size(operand). */
    private Operand parseConditionOperand() {
        Token token = peek();
        if (token.type() == Token.Type.VALUE_PLACEHOLDER) {
            return parseValue();
        }
        if (isFunctionCall()) {
            String name = token.text();
            if (name.equals("size")) {
                next();
                List<Operand> arguments = parseArguments(this::parseConditionOperand);
                requireArgumentCount(name, arguments, 1);
                Operand argument = arguments.get(0);
                String type = argument.staticType();
                if (type != null && Values.size(sample(type)) == null) {
                    // size(:v) of a number: "Incorrect operand type ...; operator or function: size, operand type: N"
                    // (Alternator test_update_condition_size quotes it); size(size(a)) alike.
                    throw ExpressionErrors.operandType(kind, name, type);
                }
                return new Operand.Size(argument);
            }
            if (CONDITION_FUNCTIONS.contains(name) || UPDATE_FUNCTIONS.contains(name)) {
                throw ExpressionErrors.functionMisused(kind, name);
            }
            throw ExpressionErrors.unknownFunction(kind, name);
        }
        return new Operand.Path(parsePath());
    }

    /** A value of the given type, only to ask {@link Values#size} whether size() measures that type. */
    private static AttributeValue sample(String type) {
        return switch (type) {
            case "S" -> AttributeValue.s("");
            case "B" -> new AttributeValue.B(new byte[0]);
            case "SS" -> new AttributeValue.SS(Set.of());
            case "NS" -> new AttributeValue.NS(Set.of());
            case "BS" -> new AttributeValue.BS(Set.of());
            case "L" -> new AttributeValue.L(List.of());
            case "M" -> new AttributeValue.M(java.util.Map.of());
            case "N" -> AttributeValue.n(0);
            case "BOOL" -> new AttributeValue.Bool(true);
            default -> AttributeValue.Null.INSTANCE;
        };
    }

    private void checkBetweenBounds(Operand lower, Operand upper) {
        if (lower instanceof Operand.Value low && upper instanceof Operand.Value high && low.value() != null
                && high.value() != null) {
            Integer order = Values.compare(low.value(), high.value());
            if (order != null && order > 0) {
                throw ExpressionErrors.betweenBounds(kind, low.value(), high.value());
            }
        }
    }

    /**
     * An operator's first operand must differ from the others when both are paths (Alternator
     * test_update_condition_contains_same_attribute records that DynamoDB refuses {@code contains(a, a)}).
     */
    private void requireDistinct(String operator, Operand first, List<Operand> others) {
        if (first instanceof Operand.Path path) {
            for (Operand other : others) {
                if (other instanceof Operand.Path otherPath && otherPath.path().equals(path.path())) {
                    throw ExpressionErrors.sameOperand(kind, operator, path.path());
                }
            }
        }
    }

    private DocumentPath requirePath(String function, Operand operand) {
        if (operand instanceof Operand.Path path) {
            return path.path();
        }
        throw ExpressionErrors.requiresPath(kind, function);
    }

    private void requireArgumentCount(String function, List<Operand> arguments, int count) {
        if (arguments.size() != count) {
            throw ExpressionErrors.operandCount(kind, function, arguments.size());
        }
    }

    private List<Operand> parseArguments(java.util.function.Supplier<Operand> argument) {
        expectSymbol("(");
        List<Operand> arguments = new ArrayList<>();
        if (peek().isSymbol(")")) {
            next();
            return arguments;
        }
        arguments.add(argument.get());
        while (peek().isSymbol(",")) {
            next();
            arguments.add(argument.get());
        }
        expectSymbol(")");
        return arguments;
    }

    // ---------------------------------------------------------------- update

    ParsedUpdate parseUpdate() {
        List<ParsedUpdate.Action> actions = new ArrayList<>();
        Set<String> clauses = new HashSet<>();
        while (peek().type() != Token.Type.END) {
            Token token = peek();
            String clause = token.type() == Token.Type.IDENTIFIER ? token.text().toUpperCase(Locale.ROOT) : "";
            if (!CLAUSES.contains(clause)) {
                throw syntaxError();
            }
            if (!clauses.add(clause)) {
                throw ExpressionErrors.clauseRepeated(clause);
            }
            next();
            do {
                actions.add(parseAction(clause));
            } while (acceptSymbol(","));
        }
        finish();
        checkOverlaps(actions.stream().map(ParsedUpdate.Action::path).toList());
        return new ParsedUpdate(actions);
    }

    private ParsedUpdate.Action parseAction(String clause) {
        DocumentPath path = parsePath();
        switch (clause) {
            case "SET" -> {
                expectSymbol("=");
                return new ParsedUpdate.Set(path, parseSetValue());
            }
            case "REMOVE" -> {
                return new ParsedUpdate.Remove(path);
            }
            default -> {
                if (peek().type() != Token.Type.VALUE_PLACEHOLDER) {
                    throw syntaxError();
                }
                Operand.Value value = parseValue();
                AttributeValue v = value.value();
                if (v != null) {
                    boolean set = v instanceof AttributeValue.SS || v instanceof AttributeValue.NS
                            || v instanceof AttributeValue.BS;
                    if (clause.equals("ADD") ? !set && !(v instanceof AttributeValue.N) : !set) {
                        throw ExpressionErrors.actionOperandType(clause, v);
                    }
                }
                return clause.equals("ADD") ? new ParsedUpdate.Add(path, v) : new ParsedUpdate.Delete(path, v);
            }
        }
    }

    private Operand parseSetValue() {
        Operand left = parseUpdateOperand();
        Token token = peek();
        if (token.isSymbol("+") || token.isSymbol("-")) {
            next();
            countOperator();
            Operand right = parseUpdateOperand();
            for (Operand operand : List.of(left, right)) {
                String type = operand.staticType();
                if (type != null && !type.equals("N")) {
                    throw ExpressionErrors.operandType(kind, token.text(), type);
                }
            }
            return new Operand.Arithmetic(left, token.isSymbol("+"), right);
        }
        return left;
    }

    private Operand parseUpdateOperand() {
        Token token = peek();
        if (token.type() == Token.Type.VALUE_PLACEHOLDER) {
            return parseValue();
        }
        if (isFunctionCall()) {
            String name = token.text();
            if (name.equals("size") || CONDITION_FUNCTIONS.contains(name)) {
                throw ExpressionErrors.functionNotInUpdate(name);
            }
            if (!UPDATE_FUNCTIONS.contains(name)) {
                throw ExpressionErrors.unknownFunction(kind, name);
            }
            next();
            List<Operand> arguments = parseArguments(this::parseUpdateOperand);
            requireArgumentCount(name, arguments, 2);
            if (name.equals("if_not_exists")) {
                return new Operand.IfNotExists(requirePath(name, arguments.get(0)), arguments.get(1));
            }
            for (Operand argument : arguments) {
                String type = argument.staticType();
                if (type != null && !type.equals("L")) {
                    throw ExpressionErrors.operandType(kind, name, type);
                }
            }
            return new Operand.ListAppend(arguments.get(0), arguments.get(1));
        }
        return new Operand.Path(parsePath());
    }

    // ---------------------------------------------------------------- projection

    List<DocumentPath> parseProjection() {
        List<DocumentPath> paths = new ArrayList<>();
        do {
            paths.add(parsePath());
        } while (acceptSymbol(","));
        finish();
        checkOverlaps(paths);
        return paths;
    }

    // ---------------------------------------------------------------- shared

    /**
     * Refuses two paths where one contains the other ("overlap") or where one indexes a list and the other a
     * map at the same place ("conflict"), naming them in the order written.
     */
    private void checkOverlaps(List<DocumentPath> paths) {
        for (int i = 0; i < paths.size(); i++) {
            for (int j = i + 1; j < paths.size(); j++) {
                DocumentPath one = paths.get(i);
                DocumentPath two = paths.get(j);
                if (one.isPrefixOf(two) || two.isPrefixOf(one)) {
                    throw ExpressionErrors.overlap(kind, one, two);
                }
                if (one.conflictsWith(two)) {
                    throw ExpressionErrors.conflict(kind, one, two);
                }
            }
        }
    }

    DocumentPath parsePath() {
        List<DocumentPath.Element> elements = new ArrayList<>();
        elements.add(new DocumentPath.Key(parseName()));
        while (true) {
            if (peek().isSymbol(".")) {
                next();
                elements.add(new DocumentPath.Key(parseName()));
            } else if (peek().isSymbol("[")) {
                next();
                Token index = peek();
                if (index.type() != Token.Type.NUMBER) {
                    throw syntaxError();
                }
                next();
                int position;
                try {
                    position = Integer.parseInt(index.text());
                } catch (NumberFormatException e) {
                    position = Integer.MAX_VALUE;
                }
                expectSymbol("]");
                elements.add(new DocumentPath.Index(position));
            } else {
                break;
            }
        }
        if (elements.size() > DocumentPath.MAX_DEPTH) {
            throw ExpressionErrors.tooDeep(kind, elements.size());
        }
        return new DocumentPath(elements);
    }

    private String parseName() {
        Token token = peek();
        if (token.type() == Token.Type.IDENTIFIER) {
            if (ReservedWords.isReserved(token.text())) {
                throw ExpressionErrors.reservedWord(kind, token.text());
            }
            next();
            return token.text();
        }
        if (token.type() == Token.Type.NAME_PLACEHOLDER) {
            next();
            String name = attributes.name(token.text());
            if (name == null) {
                deferUndefined(ExpressionErrors.undefinedName(kind, token.text()));
                return token.text();
            }
            return name;
        }
        throw syntaxError();
    }

    private Operand.Value parseValue() {
        Token token = next();
        AttributeValue value = attributes.value(token.text());
        if (value == null) {
            deferUndefined(ExpressionErrors.undefinedValue(kind, token.text()));
        }
        return new Operand.Value(token.text(), value);
    }

    private void deferUndefined(ValidationException error) {
        if (undefinedPlaceholder == null) {
            undefinedPlaceholder = error;
        }
    }

    private void countOperator() {
        if (++operators > MAX_OPERATORS) {
            throw ExpressionErrors.tooManyOperators(kind, operators);
        }
    }

    private void finish() {
        if (peek().type() != Token.Type.END) {
            throw syntaxError();
        }
        if (undefinedPlaceholder != null) {
            throw undefinedPlaceholder;
        }
    }

    private boolean isFunctionCall() {
        return peek().type() == Token.Type.IDENTIFIER && position + 1 < tokens.size()
                && tokens.get(position + 1).isSymbol("(");
    }

    private Token peek() {
        return tokens.get(position);
    }

    private Token next() {
        Token token = tokens.get(position);
        if (token.type() != Token.Type.END) {
            position++;
        }
        return token;
    }

    private boolean acceptSymbol(String symbol) {
        if (peek().isSymbol(symbol)) {
            next();
            return true;
        }
        return false;
    }

    private void expectSymbol(String symbol) {
        if (!acceptSymbol(symbol)) {
            throw syntaxError();
        }
    }

    private void expectKeyword(String keyword) {
        if (!peek().isKeyword(keyword)) {
            throw syntaxError();
        }
        next();
    }

    /**
     * AWS's syntax error names the offending token ({@code <EOF>} at the end) and the text "near" it: from
     * the start of the token before it to the end of the token after it (moto's
     * InvalidTokenException and Alternator's quoted {@code token: "_", near: "SET _123"} agree).
     */
    private ValidationException syntaxError() {
        Token token = peek();
        int start = position > 0 ? tokens.get(position - 1).start() : 0;
        int end;
        if (token.type() == Token.Type.END) {
            end = text.length();
        } else {
            Token after = tokens.get(position + 1);
            end = after.type() == Token.Type.END ? text.length() : after.end();
        }
        return ExpressionErrors.syntax(kind, token.describe(), text.substring(start, end));
    }
}
