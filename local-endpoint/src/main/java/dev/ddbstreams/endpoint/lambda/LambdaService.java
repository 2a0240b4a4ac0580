package dev.ddbstreams.endpoint.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbstreams.endpoint.iam.IamService;
import dev.ddbstreams.endpoint.iam.Role;
import dev.ddbstreams.endpoint.persistence.SnapshotStore;
import dev.ddbstreams.endpoint.protocol.AwsServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Lambda's control plane: functions ({@code $LATEST}, published versions, aliases), their resource-based policies and
 * tags, event source mappings, and invocation. Every AWS rule lives here once; {@link LambdaRestHandler} only speaks the
 * REST-JSON wire protocol. State is snapshotted ({@code <data>/lambda.json}) before a change is acknowledged; code
 * packages are files named by their SHA-256 ({@link CodeStore}).
 *
 * <p>What runs functions and polls sources is outside: {@link FunctionHost} and {@link EventSourceMappingHost} are
 * told about each stored change, in order, on one control thread. That thread also makes the state transitions AWS
 * reports: a function is {@code Pending} until the host has taken its definition, then {@code Active}; an update is
 * {@code LastUpdateStatus: InProgress} until then, then {@code Successful}; a mapping is {@code Creating} /
 * {@code Updating} / {@code Enabling} / {@code Disabling} until the host applied it, then {@code Enabled} or
 * {@code Disabled}, and {@code Deleting} until the host removed it.
 *
 * <p>Each published version runs as its own deployment in the host, with the code and configuration it was published
 * with ({@link FunctionDefinition#deployment()}); invoking a version, or an alias, runs that version, as in AWS.
 *
 * <p>Inputs are the API's request structures as JSON trees (the shapes of the Lambda API reference), outputs the
 * response structures; the handler maps path, query and headers onto them.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/api/welcome.html">Lambda API reference</a>
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/functions-states.html">Lambda function states</a>
 */
public final class LambdaService implements LambdaInvoker, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LambdaService.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter LAST_MODIFIED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);

    /** The FunctionName pattern of the API model (CreateFunction's name part is at most 64 characters). */
    static final String FUNCTION_NAME_PATTERN = "(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?";
    private static final Pattern FUNCTION_NAME = Pattern.compile(FUNCTION_NAME_PATTERN);
    private static final String ROLE_PATTERN = "arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+";
    private static final String ALIAS_PATTERN = "(?!^[0-9]+$)([a-zA-Z0-9-_]+)";
    private static final String STATEMENT_ID_PATTERN = "([a-zA-Z0-9-_]+)";

    /**
     * Runtimes CreateFunction accepts, in the order AWS lists them in its error (recorded 2026-01 in LocalStack's
     * test_create_lambda_exceptions snapshot), plus {@code ruby4.0}, which the current API model adds.
     */
    static final List<String> RUNTIMES = List.of("nodejs20.x", "python3.14", "provided.al2023", "python3.12",
            "python3.13", "nodejs24.x", "nodejs22.x", "java25", "python3.10", "python3.11", "java21", "ruby3.3",
            "ruby3.4", "ruby3.2", "python3.8", "python3.9", "java17", "nodejs16.x", "dotnet10", "dotnet8", "java11",
            "dotnet6", "nodejs18.x", "provided.al2", "java8.al2", "ruby4.0");
    /** Runtimes still in the API model that AWS refuses for new functions and updates (deprecated). */
    private static final Set<String> DEPRECATED_RUNTIMES = Set.of("nodejs", "nodejs4.3", "nodejs6.10", "nodejs8.10",
            "nodejs10.x", "nodejs12.x", "nodejs14.x", "java8", "python2.7", "python3.6", "python3.7", "dotnetcore1.0",
            "dotnetcore2.0", "dotnetcore2.1", "dotnetcore3.1", "nodejs4.3-edge", "go1.x", "ruby2.5", "ruby2.7", "provided");
    /** The runtimes the local function host runs; others are stored and answer invocations with a function error. */
    static final Set<String> RUN_HERE = Set.of("java17", "java21");

    /** Direct-upload limit of a deployment package (zipped). @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html">Lambda quotas</a> */
    static final int MAX_ZIP_BYTES = 50 * 1024 * 1024;
    /** Unzipped size limit (250 MB, as AWS counts it: 262144000 bytes). */
    static final long MAX_UNZIPPED_BYTES = 262_144_000L;
    /** Invocation payload limits: 6 MB synchronous, 1 MB asynchronous (Lambda quotas). */
    static final int MAX_SYNC_PAYLOAD = 6 * 1024 * 1024;
    static final int MAX_ASYNC_PAYLOAD = 1024 * 1024;
    /** Environment variables, measured as their JSON text, may not exceed 4 KB (Lambda quotas). */
    private static final int MAX_ENVIRONMENT_BYTES = 4096;
    /** Tags per resource (Lambda quotas: 50). */
    private static final int MAX_TAGS = 50;
    /** Log tail of {@code LogType: Tail}: the last 4 KB. @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html">Invoke</a> */
    private static final int LOG_TAIL_BYTES = 4096;

    private final String region;
    private final String accountId;
    private final Clock clock;
    private final IamService iam;
    private final SnapshotStore<LambdaState> store;
    private final CodeStore codes;
    private final FunctionHost functionHost;
    private final EventSourceMappingHost mappingHost;
    private final List<Duration> asyncRetryDelays;
    /** Where accepted events wait ({@code <data>/lambda/async}), or empty in memory. */
    private final Optional<Path> asyncDirectory;
    /** The execution-role checks of mapping creation, when the edge enforces IAM; empty otherwise. */
    private final Optional<EventSourceMappingPermissions> mappingPermissions;

    private final Map<String, StoredFunction> functions = new TreeMap<>();
    private final Map<String, StoredMapping> mappings = new LinkedHashMap<>();

    /** Host calls and the state transitions that follow them, in the order the changes were stored. */
    private final ExecutorService control;
    /** Asynchronous ({@code Event}) invocations: bounded, so that a flood is refused rather than queued without end. */
    private final ThreadPoolExecutor asyncInvocations;
    private final ScheduledExecutorService asyncRetries;

    /**
     * @param asyncRetryDelays the waits before each retry of a failed asynchronous invocation; AWS retries twice,
     *                         "about one minute" and then "about two minutes" after the failures
     *                         (<a href="https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html">error handling for asynchronous invocation</a>)
     */
    LambdaService(String region, String accountId, Clock clock, IamService iam, SnapshotStore<LambdaState> store,
                  CodeStore codes, FunctionHost functionHost, EventSourceMappingHost mappingHost,
                         List<Duration> asyncRetryDelays, Optional<Path> asyncDirectory,
                  Optional<ExecutionRoleAuthorizer> executionRoles) {
        this.region = region;
        this.accountId = accountId;
        this.clock = clock;
        this.iam = iam;
        this.store = store;
        this.codes = codes;
        this.functionHost = functionHost;
        this.mappingHost = mappingHost;
        this.asyncRetryDelays = List.copyOf(asyncRetryDelays);
        this.asyncDirectory = asyncDirectory;
        this.mappingPermissions = executionRoles.map(EventSourceMappingPermissions::new);
        this.control = Executors.newSingleThreadExecutor(daemon("lambda-control"));
        this.asyncInvocations = new ThreadPoolExecutor(4, 4, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1000),
                daemon("lambda-async"));
        this.asyncRetries = Executors.newSingleThreadScheduledExecutor(daemon("lambda-async-retry"));
        store.load().ifPresent(state -> {
            state.functions().forEach(function -> functions.put(function.name, function));
            state.mappings().forEach(mapping -> mappings.put(mapping.uuid, mapping));
        });
        // On start every stored function and published version goes to the host again and every mapping is re-applied.
        functions.values().forEach(function -> {
            scheduleDeploy(function.name);
            function.versions.values().forEach(version -> scheduleVersionDeploy(function.name, version.version));
        });
        new ArrayList<>(mappings.values()).forEach(mapping -> {
            if ("Deleting".equals(mapping.state)) {
                scheduleMappingRemoval(mapping.uuid);
            } else {
                scheduleMappingApply(mapping.uuid);
            }
        });
        resumeAsync();
    }

    /**
     * Opens the service on {@code dataDirectory} ({@code lambda.json} and {@code lambda/code/}), or in memory (code in
     * a temporary directory deleted on {@link #close}) when it is empty. Stored functions are re-deployed to
     * {@code functionHost} and stored mappings re-applied to {@code mappingHost}.
     */
    public static LambdaService open(String region, String accountId, Clock clock, IamService iam,
                                     Optional<Path> dataDirectory, FunctionHost functionHost,
                                     EventSourceMappingHost mappingHost, List<Duration> asyncRetryDelays) {
        return open(region, accountId, clock, iam, dataDirectory, functionHost, mappingHost, asyncRetryDelays, Optional.empty());
    }

    /**
     * As {@link #open(String, String, Clock, IamService, Optional, FunctionHost, EventSourceMappingHost, List)}, and,
     * when {@code executionRoles} is given (the edge enforces IAM), CreateEventSourceMapping and
     * UpdateEventSourceMapping check the function's execution role as AWS does ({@link EventSourceMappingPermissions}).
     * Stored mappings are not checked again on start.
     */
    public static LambdaService open(String region, String accountId, Clock clock, IamService iam,
                                     Optional<Path> dataDirectory, FunctionHost functionHost,
                                     EventSourceMappingHost mappingHost, List<Duration> asyncRetryDelays,
                                     Optional<ExecutionRoleAuthorizer> executionRoles) {
        CodeStore codes;
        if (dataDirectory.isPresent()) {
            codes = new CodeStore(dataDirectory.get().resolve("lambda").resolve("code"), false);
        } else {
            try {
                codes = new CodeStore(java.nio.file.Files.createTempDirectory("lambda-code"), true);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("Cannot create a temporary directory for Lambda code", e);
            }
        }
        return new LambdaService(region, accountId, clock, iam, SnapshotStore.in(dataDirectory, "lambda", LambdaState.class),
                codes, functionHost, mappingHost, asyncRetryDelays,
                dataDirectory.map(directory -> directory.resolve("lambda").resolve("async")), executionRoles);
    }

    /** AWS's asynchronous retry schedule: two retries, about one and then two minutes after the failures. */
    public static final List<Duration> AWS_ASYNC_RETRY_DELAYS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(2));

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    public String region() {
        return region;
    }

    // ---- functions ------------------------------------------------------------------------------------------------

    /**
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html">CreateFunction</a>
     */
    public synchronized ObjectNode createFunction(JsonNode input, UploadedPackage zipFile) {
        String requested = text(input, "FunctionName");
        if (requested == null) {
            throw LambdaErrors.validation("functionName", null, "Member must not be null");
        }
        FunctionRef ref = parseFunctionRef(requested, 140);
        if (ref.name().length() > 64) {
            throw LambdaErrors.validation("functionName", requested, "Member must have length less than or equal to 64");
        }
        String packageType = Optional.ofNullable(text(input, "PackageType")).orElse("Zip");
        if (!packageType.equals("Zip") && !packageType.equals("Image")) {
            throw LambdaErrors.validation("packageType", packageType, "Member must satisfy enum value set: [Zip, Image]");
        }
        if (packageType.equals("Image")) {
            // Container images need a registry; this endpoint stores .zip/.jar packages only.
            throw LambdaErrors.invalidParameter("PackageType Image is not supported by this endpoint; upload a .zip or .jar package (PackageType Zip).");
        }
        FunctionConfig config = new FunctionConfig();
        applyConfiguration(config, input, true);
        if (config.runtime == null || config.handler == null) {
            throw LambdaErrors.invalidParameter("Runtime and Handler are mandatory parameters for functions created with deployment packages.");
        }
        UploadedPackage zip = checkCode(input.get("Code"), zipFile);
        if (zip == null) {
            throw LambdaErrors.invalidParameter("Please provide a source for function code.");
        }
        if (functions.containsKey(ref.name())) {
            throw LambdaErrors.conflict("Function already exist: " + ref.name());
        }
        storeCode(config, zip);
        String now = now();
        config.lastModified = now;
        config.revisionId = revision();
        config.state = "Pending";
        config.stateReason = "The function is being created.";
        config.stateReasonCode = "Creating";
        if (config.logGroup == null) {
            config.logGroup = "/aws/lambda/" + ref.name();
        }
        StoredFunction function = new StoredFunction();
        function.name = ref.name();
        function.arn = functionArn(ref.name());
        function.latest = config;
        function.tags.putAll(tags(input.get("Tags")));
        if (input.path("Publish").asBoolean(false)) {
            publish(function, null);
        }
        functions.put(function.name, function);
        save();
        scheduleDeploy(function.name);
        return configuration(function, config, null);
    }

    /** @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_GetFunction.html">GetFunction</a> */
    public synchronized ObjectNode getFunction(String functionName, String qualifier, String codeBaseUrl) {
        Resolved resolved = resolve(functionName, qualifier);
        ObjectNode output = JSON.createObjectNode();
        output.set("Configuration", configuration(resolved.function(), resolved.config(), resolved.aliasName()));
        ObjectNode code = output.putObject("Code");
        code.put("RepositoryType", "S3");
        code.put("Location", codeBaseUrl + "/2015-03-31/functions/" + resolved.function().name + "/code-package/"
                + resolved.config().codeSha256Hex);
        if (resolved.qualifier() == null && !resolved.function().tags.isEmpty()) {
            ObjectNode tags = output.putObject("Tags");
            resolved.function().tags.forEach(tags::put);
        }
        return output;
    }

    /** The package a GetFunction {@code Code.Location} points at; its bytes as uploaded. */
    public synchronized byte[] codePackage(String functionName, String shaHex) throws IOException {
        StoredFunction function = functions.get(functionName);
        if (function == null) {
            throw LambdaErrors.functionNotFound(functionArn(functionName));
        }
        boolean owned = shaHex.equals(function.latest.codeSha256Hex)
                || function.versions.values().stream().anyMatch(version -> shaHex.equals(version.codeSha256Hex));
        if (!owned) {
            throw LambdaErrors.notFound("The resource you requested does not exist.");
        }
        return codes.read(shaHex);
    }

    /** @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_GetFunctionConfiguration.html">GetFunctionConfiguration</a> */
    public synchronized ObjectNode getFunctionConfiguration(String functionName, String qualifier) {
        Resolved resolved = resolve(functionName, qualifier);
        return configuration(resolved.function(), resolved.config(), resolved.aliasName());
    }

    /**
     * Functions by name, {@code $LATEST} only unless {@code FunctionVersion=ALL}; paged with an opaque marker.
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_ListFunctions.html">ListFunctions</a>
     */
    public synchronized ObjectNode listFunctions(String functionVersion, String marker, Integer maxItems) {
        if (functionVersion != null && !functionVersion.equals("ALL")) {
            throw LambdaErrors.validation("functionVersion", functionVersion, "Member must satisfy enum value set: [ALL]");
        }
        List<ObjectNode> all = new ArrayList<>();
        for (StoredFunction function : functions.values()) {
            all.add(listed(configuration(function, function.latest, null)));
            if ("ALL".equals(functionVersion)) {
                function.versions.values().forEach(version -> all.add(listed(configuration(function, version, null))));
            }
        }
        return page(all, "Functions", marker, maxItems);
    }

    /**
     * ListFunctions returns a subset of FunctionConfiguration: no state fields and no RuntimeVersionConfig ("To get
     * the additional fields ... for a function or version, use GetFunction", API_ListFunctions).
     */
    private static ObjectNode listed(ObjectNode configuration) {
        configuration.remove(List.of("State", "StateReason", "StateReasonCode", "LastUpdateStatus", "LastUpdateStatusReason",
                "LastUpdateStatusReasonCode", "RuntimeVersionConfig"));
        return configuration;
    }

    /** @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_ListVersionsByFunction.html">ListVersionsByFunction</a> */
    public synchronized ObjectNode listVersionsByFunction(String functionName, String marker, Integer maxItems) {
        StoredFunction function = existing(parseFunctionRef(functionName, 170).name());
        List<ObjectNode> all = new ArrayList<>();
        all.add(configuration(function, function.latest, null));
        function.versions.values().forEach(version -> all.add(configuration(function, version, null)));
        return page(all, "Versions", marker, maxItems);
    }

    /**
     * Changes configuration of {@code $LATEST}: {@code LastUpdateStatus} is {@code InProgress} until the host has the
     * new definition. A change while an update is in progress is refused, as AWS refuses it.
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionConfiguration.html">UpdateFunctionConfiguration</a>
     */
    public synchronized ObjectNode updateFunctionConfiguration(String functionName, JsonNode input) {
        StoredFunction function = unqualified(functionName);
        checkRevision(function.latest.revisionId, text(input, "RevisionId"), "GetFunction/GetAlias");
        checkNotUpdating(function);
        FunctionConfig updated = function.latest.copy();
        applyConfiguration(updated, input, false);
        beginUpdate(function, updated);
        return configuration(function, function.latest, null);
    }

    /** @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_UpdateFunctionCode.html">UpdateFunctionCode</a> */
    public synchronized ObjectNode updateFunctionCode(String functionName, JsonNode input, UploadedPackage zipFile) {
        StoredFunction function = unqualified(functionName);
        checkRevision(function.latest.revisionId, text(input, "RevisionId"), "GetFunction/GetAlias");
        UploadedPackage zip = checkCode(input, zipFile);
        if (zip == null) {
            throw LambdaErrors.invalidParameter("Please provide a source for function code.");
        }
        checkNotUpdating(function);
        FunctionConfig updated = function.latest.copy();
        if (input.hasNonNull("Architectures")) {
            updated.architectures = architectures(input.get("Architectures"));
        }
        storeCode(updated, zip);
        beginUpdate(function, updated);
        if (input.path("Publish").asBoolean(false)) {
            FunctionConfig version = publish(function, null);
            save();
            return configuration(function, version, null);
        }
        return configuration(function, function.latest, null);
    }

    /**
     * Deletes the function (with its versions, aliases and policies) or, with a qualifier, one published version.
     * Event source mappings stay, as in AWS, and fail to invoke until they are deleted.
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_DeleteFunction.html">DeleteFunction</a>
     */
    public synchronized void deleteFunction(String functionName, String qualifier) {
        FunctionRef ref = parseFunctionRef(functionName, 140);
        String effective = combinedQualifier(ref, qualifier);
        StoredFunction function = functions.get(ref.name());
        if (function == null) {
            throw LambdaErrors.functionNotFound(functionArn(ref.name()));
        }
        if (effective == null) {
            functions.remove(function.name);
            save();
            List<String> deployments = new ArrayList<>();
            deployments.add(function.name);
            function.versions.values().forEach(version -> deployments.add(FunctionDefinition.deployment(function.name, version.version)));
            scheduleRemoval(deployments);
            return;
        }
        if (effective.equals("$LATEST")) {
            throw LambdaErrors.invalidParameter("$LATEST version cannot be deleted without deleting the function.");
        }
        if (function.version(effective) == null) {
            throw LambdaErrors.functionNotFound(function.arn + ":" + effective);
        }
        // An alias references its version and the version its RoutingConfig routes to (which must exist, as
        // CreateAlias and UpdateAlias check): deleting either would leave the alias pointing at nothing.
        List<String> referencing = function.aliases.values().stream()
                .filter(alias -> alias.functionVersion.equals(effective) || alias.additionalVersionWeights.containsKey(effective))
                .map(alias -> alias.name).toList();
        if (!referencing.isEmpty()) {
            throw LambdaErrors.conflict("Unable to delete version because the following aliases reference it: " + referencing);
        }
        function.versions.remove(Integer.parseInt(effective));
        function.policies.remove(effective);
        function.policyRevisions.remove(effective);
        save();
        scheduleRemoval(List.of(FunctionDefinition.deployment(function.name, effective)));
    }

    /** Stops deleted deployments in the host, then drops the code nothing refers to any more. */
    private void scheduleRemoval(List<String> deployments) {
        control.execute(() -> {
            deployments.forEach(deployment -> hostCall(() -> functionHost.remove(deployment)));
            synchronized (this) {
                retainReferencedCode();
            }
        });
    }

    /**
     * Publishes {@code $LATEST} as the next version number; when nothing changed since the latest published version
     * that version is returned instead of a new one. The version is a snapshot of {@code $LATEST}'s code and
     * configuration, deployed to the host as its own deployment: it keeps running that code after {@code $LATEST}
     * changes.
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_PublishVersion.html">PublishVersion</a>
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/configuration-versions.html">Lambda function versions</a>
     */
    public synchronized ObjectNode publishVersion(String functionName, JsonNode input) {
        StoredFunction function = unqualified(functionName);
        String codeSha = text(input, "CodeSha256");
        if (codeSha != null && !codeSha.equals(function.latest.codeSha256)) {
            throw LambdaErrors.invalidParameter("CodeSHA256 (" + codeSha + ") is different from current CodeSHA256 in $LATEST ("
                    + function.latest.codeSha256 + "). Please try again with the CodeSHA256 in $LATEST.");
        }
        checkRevision(function.latest.revisionId, text(input, "RevisionId"), "GetFunction/GetAlias");
        checkNotUpdating(function);
        FunctionConfig version = publish(function, text(input, "Description"));
        save();
        return configuration(function, version, null);
    }

    private FunctionConfig publish(StoredFunction function, String description) {
        if (!function.versions.isEmpty()) {
            FunctionConfig last = function.versions.lastEntry().getValue();
            if (function.latest.sameContentAs(last) && (description == null || description.equals(last.description))) {
                return last;
            }
        }
        FunctionConfig version = function.latest.copy();
        function.lastVersion++;
        version.version = String.valueOf(function.lastVersion);
        version.revisionId = revision();
        version.lastModified = now();
        if (description != null) {
            version.description = description;
        }
        function.versions.put(function.lastVersion, version);
        scheduleVersionDeploy(function.name, version.version);
        return version;
    }

    // ---- aliases --------------------------------------------------------------------------------------------------

    /** @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_CreateAlias.html">CreateAlias</a> */
    public synchronized ObjectNode createAlias(String functionName, JsonNode input) {
        StoredFunction function = unqualified(functionName);
        String name = text(input, "Name");
        validateAliasName(name);
        String version = text(input, "FunctionVersion");
        requireVersion(function, version);
        if (function.aliases.containsKey(name)) {
            throw LambdaErrors.conflict("Alias already exists: " + function.arn + ":" + name);
        }
        StoredAlias alias = new StoredAlias();
        alias.name = name;
        alias.functionVersion = version;
        alias.description = Optional.ofNullable(text(input, "Description")).orElse("");
        alias.additionalVersionWeights = routingWeights(function, version, input.get("RoutingConfig"));
        alias.revisionId = revision();
        function.aliases.put(name, alias);
        save();
        reapplyMappingsThrough(function, name);
        return alias(function, alias);
    }

    /** @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_GetAlias.html">GetAlias</a> */
    public synchronized ObjectNode getAlias(String functionName, String aliasName) {
        StoredFunction function = unqualified(functionName);
        return alias(function, existingAlias(function, aliasName));
    }

    /** @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_ListAliases.html">ListAliases</a> */
    public synchronized ObjectNode listAliases(String functionName, String functionVersion, String marker, Integer maxItems) {
        StoredFunction function = unqualified(functionName);
        List<ObjectNode> all = function.aliases.values().stream()
                .filter(alias -> functionVersion == null || alias.functionVersion.equals(functionVersion))
                .map(alias -> alias(function, alias)).toList();
        return page(all, "Aliases", marker, maxItems);
    }

    /** @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_UpdateAlias.html">UpdateAlias</a> */
    public synchronized ObjectNode updateAlias(String functionName, String aliasName, JsonNode input) {
        StoredFunction function = unqualified(functionName);
        StoredAlias alias = existingAlias(function, aliasName);
        checkRevision(alias.revisionId, text(input, "RevisionId"), "GetFunction/GetAlias");
        String version = Optional.ofNullable(text(input, "FunctionVersion")).orElse(alias.functionVersion);
        requireVersion(function, version);
        Map<String, Double> weights = input.has("RoutingConfig")
                ? routingWeights(function, version, input.get("RoutingConfig")) : alias.additionalVersionWeights;
        alias.functionVersion = version;
        alias.additionalVersionWeights = weights;
        if (input.has("Description")) {
            alias.description = Optional.ofNullable(text(input, "Description")).orElse("");
        }
        alias.revisionId = revision();
        save();
        reapplyMappingsThrough(function, alias.name);
        return alias(function, alias);
    }

    /** @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_DeleteAlias.html">DeleteAlias</a> */
    public synchronized void deleteAlias(String functionName, String aliasName) {
        StoredFunction function = unqualified(functionName);
        // DeleteAlias is idempotent in AWS: a missing alias is not an error (204 either way).
        if (function.aliases.remove(aliasName) != null) {
            function.policies.remove(aliasName);
            function.policyRevisions.remove(aliasName);
            save();
            reapplyMappingsThrough(function, aliasName);
        }
    }

    private void validateAliasName(String name) {
        if (name == null) {
            throw LambdaErrors.validation("name", null, "Member must not be null");
        }
        if (name.length() > 128) {
            throw LambdaErrors.validation("name", name, "Member must have length less than or equal to 128");
        }
        if (!name.matches(ALIAS_PATTERN)) {
            throw LambdaErrors.validation("name", name, "Member must satisfy regular expression pattern: " + ALIAS_PATTERN);
        }
    }

    private void requireVersion(StoredFunction function, String version) {
        if (version == null) {
            throw LambdaErrors.validation("functionVersion", null, "Member must not be null");
        }
        if (function.version(version) == null) {
            throw LambdaErrors.functionNotFound(function.arn + ":" + version);
        }
    }

    /**
     * {@code RoutingConfig.AdditionalVersionWeights}: at most one extra version, weight 0..1, not the primary one.
     * Invocations through the alias are routed by these weights ({@link #routed}), and so are the batches of event
     * source mappings through the alias ({@link #mappingAdditionalDeployments}).
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/configuring-alias-routing.html">Alias routing</a>
     */
    private Map<String, Double> routingWeights(StoredFunction function, String primary, JsonNode routing) {
        Map<String, Double> weights = new TreeMap<>();
        if (routing == null || routing.isNull() || !routing.path("AdditionalVersionWeights").isObject()) {
            return weights;
        }
        Iterator<Map.Entry<String, JsonNode>> entries = routing.get("AdditionalVersionWeights").fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            double weight = entry.getValue().asDouble(-1);
            if (!entry.getKey().matches("[0-9]+")) {
                throw LambdaErrors.validation("routingConfig.additionalVersionWeights", "{" + entry.getKey() + "=" + weight + "}",
                        "Map keys must satisfy constraint: [Member must have length less than or equal to 1024, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [0-9]+]");
            }
            if (weight < 0 || weight > 1) {
                throw LambdaErrors.validation("routingConfig.additionalVersionWeights", "{" + entry.getKey() + "=" + weight + "}",
                        "Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0, Member must not be null]");
            }
            if (entry.getKey().equals(primary)) {
                throw LambdaErrors.invalidParameter("Invalid function version " + primary + ". Function version " + primary
                        + " is already included in routing configuration.");
            }
            requireVersion(function, entry.getKey());
            weights.put(entry.getKey(), weight);
        }
        if (weights.size() > 1) {
            throw LambdaErrors.invalidParameter("Number of items in AdditionalVersionWeights cannot be greater than 1");
        }
        return weights;
    }

    private StoredAlias existingAlias(StoredFunction function, String aliasName) {
        StoredAlias alias = function.aliases.get(aliasName);
        if (alias == null) {
            throw LambdaErrors.notFound("Cannot find alias arn: " + function.arn + ":" + aliasName);
        }
        return alias;
    }

    private ObjectNode alias(StoredFunction function, StoredAlias alias) {
        ObjectNode node = JSON.createObjectNode();
        node.put("AliasArn", function.arn + ":" + alias.name);
        node.put("Name", alias.name);
        node.put("FunctionVersion", alias.functionVersion);
        node.put("Description", alias.description);
        if (!alias.additionalVersionWeights.isEmpty()) {
            ObjectNode weights = node.putObject("RoutingConfig").putObject("AdditionalVersionWeights");
            alias.additionalVersionWeights.forEach(weights::put);
        }
        node.put("RevisionId", alias.revisionId);
        return node;
    }

    // ---- code signing ---------------------------------------------------------------------------------------------

    /**
     * Code signing is not configurable here, so a function never has a configuration: AWS answers an empty body then
     * (LocalStack's AWS-validated snapshot {@code get_function_csc_fnwithoutcsc}).
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_GetFunctionCodeSigningConfig.html">GetFunctionCodeSigningConfig</a>
     */
    public synchronized ObjectNode getFunctionCodeSigningConfig(String functionName) {
        unqualified(functionName);
        return JSON.createObjectNode();
    }

    // ---- resource-based policy ------------------------------------------------------------------------------------

    /**
     * Adds a statement to the function's (or the qualified version's/alias's) resource-based policy.
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html">AddPermission</a>
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html">Resource-based policies for Lambda</a>
     */
    public synchronized ObjectNode addPermission(String functionName, String qualifier, JsonNode input) {
        FunctionRef ref = parseFunctionRef(functionName, 140);
        String effective = combinedQualifier(ref, qualifier);
        StoredFunction function = existing(ref.name());
        if ("$LATEST".equals(effective)) {
            throw LambdaErrors.invalidParameter("We currently do not support adding policies for $LATEST.");
        }
        String resource = function.arn;
        if (effective != null) {
            if (function.version(effective) == null && !function.aliases.containsKey(effective)) {
                throw LambdaErrors.functionNotFound(function.arn + ":" + effective);
            }
            resource = function.arn + ":" + effective;
        }
        String key = effective == null ? "" : effective;
        String sid = text(input, "StatementId");
        if (sid == null) {
            throw LambdaErrors.validation("statementId", null, "Member must not be null");
        }
        if (!sid.matches(STATEMENT_ID_PATTERN) || sid.length() > 100) {
            throw LambdaErrors.validation("statementId", sid, "Member must satisfy regular expression pattern: " + STATEMENT_ID_PATTERN);
        }
        String action = text(input, "Action");
        if (action == null) {
            throw LambdaErrors.validation("action", null, "Member must not be null");
        }
        if (!action.matches("(lambda:[*]|lambda:[a-zA-Z]+|[*])")) {
            throw LambdaErrors.validation("action", action, "Member must satisfy regular expression pattern: (lambda:[*]|lambda:[a-zA-Z]+|[*])");
        }
        String principal = text(input, "Principal");
        if (principal == null || principal.isBlank()) {
            throw LambdaErrors.validation("principal", principal, "Member must not be null");
        }
        checkRevision(function.policyRevisions.get(key), text(input, "RevisionId"), "GetPolicy");
        List<String> statements = function.policies.computeIfAbsent(key, k -> new ArrayList<>());
        for (String existing : statements) {
            if (sid.equals(read(existing).path("Sid").asText())) {
                throw LambdaErrors.conflict("The statement id (" + sid + ") provided already exists. Please provide a new statement id, or remove the existing statement.");
            }
        }
        ObjectNode statement = JSON.createObjectNode();
        statement.put("Sid", sid);
        statement.put("Effect", "Allow");
        statement.set("Principal", principal(principal));
        statement.put("Action", action);
        statement.put("Resource", resource);
        ObjectNode condition = JSON.createObjectNode();
        if (text(input, "SourceAccount") != null) {
            condition.putObject("StringEquals").put("AWS:SourceAccount", text(input, "SourceAccount"));
        }
        if (text(input, "PrincipalOrgID") != null) {
            condition.withObjectProperty("StringEquals").put("aws:PrincipalOrgID", text(input, "PrincipalOrgID"));
        }
        if (text(input, "EventSourceToken") != null) {
            condition.withObjectProperty("StringEquals").put("lambda:EventSourceToken", text(input, "EventSourceToken"));
        }
        if (text(input, "FunctionUrlAuthType") != null) {
            condition.withObjectProperty("StringEquals").put("lambda:FunctionUrlAuthType", text(input, "FunctionUrlAuthType"));
        }
        if (text(input, "SourceArn") != null) {
            condition.putObject("ArnLike").put("AWS:SourceArn", text(input, "SourceArn"));
        }
        if (!condition.isEmpty()) {
            statement.set("Condition", condition);
        }
        String text = write(statement);
        statements.add(text);
        function.policyRevisions.put(key, revision());
        save();
        ObjectNode output = JSON.createObjectNode();
        output.put("Statement", text);
        return output;
    }

    /**
     * A service principal ({@code *.amazonaws.com}) is {@code {"Service": ..}}; an account id becomes its root ARN;
     * {@code *} stays {@code *}; an IAM ARN is {@code {"AWS": ..}}.
     */
    private ObjectNode principal(String principal) {
        ObjectNode node = JSON.createObjectNode();
        if (principal.matches("\\d{12}")) {
            node.put("AWS", "arn:aws:iam::" + principal + ":root");
        } else if (principal.startsWith("arn:")) {
            node.put("AWS", principal);
        } else if (principal.equals("*")) {
            node.put("AWS", "*");
        } else if (principal.matches("[a-z0-9.-]+\\.amazonaws\\.com(\\.cn)?|[a-z0-9.-]+\\.amazon\\.com")) {
            node.put("Service", principal);
        } else {
            throw LambdaErrors.invalidParameter("The provided principal was invalid. Please check the principal and try again.");
        }
        return node;
    }

    /** @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_GetPolicy.html">GetPolicy</a> */
    public synchronized ObjectNode getPolicy(String functionName, String qualifier) {
        FunctionRef ref = parseFunctionRef(functionName, 140);
        String effective = combinedQualifier(ref, qualifier);
        StoredFunction function = existing(ref.name());
        if (effective != null && !"$LATEST".equals(effective) && function.version(effective) == null
                && !function.aliases.containsKey(effective)) {
            throw LambdaErrors.functionNotFound(function.arn + ":" + effective);
        }
        String key = effective == null || effective.equals("$LATEST") ? "" : effective;
        List<String> statements = function.policies.getOrDefault(key, List.of());
        if (statements.isEmpty()) {
            throw LambdaErrors.notFound("The resource you requested does not exist.");
        }
        ObjectNode policy = JSON.createObjectNode();
        policy.put("Version", "2012-10-17");
        policy.put("Id", "default");
        ArrayNode list = policy.putArray("Statement");
        statements.forEach(statement -> list.add(read(statement)));
        ObjectNode output = JSON.createObjectNode();
        output.put("Policy", write(policy));
        output.put("RevisionId", function.policyRevisions.get(key));
        return output;
    }

    /** @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_RemovePermission.html">RemovePermission</a> */
    public synchronized void removePermission(String functionName, String qualifier, String statementId, String revisionId) {
        FunctionRef ref = parseFunctionRef(functionName, 140);
        String effective = combinedQualifier(ref, qualifier);
        StoredFunction function = existing(ref.name());
        String key = effective == null ? "" : effective;
        List<String> statements = function.policies.get(key);
        if (statements == null || statements.isEmpty()) {
            throw LambdaErrors.notFound("No policy found for: " + function.arn + (effective == null ? "" : ":" + effective));
        }
        checkRevision(function.policyRevisions.get(key), revisionId, "GetPolicy");
        boolean removed = statements.removeIf(statement -> statementId.equals(read(statement).path("Sid").asText()));
        if (!removed) {
            throw LambdaErrors.notFound("Statement " + statementId + " is not found in resource policy.");
        }
        if (statements.isEmpty()) {
            function.policies.remove(key);
            function.policyRevisions.remove(key);
        } else {
            function.policyRevisions.put(key, revision());
        }
        save();
    }

    /**
     * Whether the policy of the invoked resource allows {@code servicePrincipal} to invoke it for {@code sourceArn}:
     * an {@code Allow} statement for the service (or {@code *}), with {@code lambda:InvokeFunction} (or a wildcard), and
     * whose {@code ArnLike}/{@code ArnEquals} {@code AWS:SourceArn} and {@code StringEquals AWS:SourceAccount}
     * conditions, when present, match. A qualified invocation needs a statement on that qualifier, as in AWS.
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html">Resource-based policies</a>
     * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-integration.html">API Gateway Lambda integrations</a>
     */
    private boolean allows(StoredFunction function, String qualifier, String servicePrincipal, String sourceArn) {
        for (String text : function.policies.getOrDefault(qualifier == null ? "" : qualifier, List.of())) {
            JsonNode statement = read(text);
            if (!"Allow".equals(statement.path("Effect").asText())) {
                continue;
            }
            String action = statement.path("Action").asText();
            if (!action.equals("lambda:InvokeFunction") && !action.equals("lambda:*") && !action.equals("*")) {
                continue;
            }
            JsonNode principal = statement.path("Principal");
            boolean principalMatches = servicePrincipal.equals(principal.path("Service").asText())
                    || "*".equals(principal.path("AWS").asText()) || "*".equals(principal.asText());
            if (!principalMatches) {
                continue;
            }
            JsonNode condition = statement.path("Condition");
            String arnLike = condition.path("ArnLike").path("AWS:SourceArn").asText(null);
            String arnEquals = condition.path("ArnEquals").path("AWS:SourceArn").asText(null);
            String sourceAccount = condition.path("StringEquals").path("AWS:SourceAccount").asText(null);
            if (arnLike != null && !ArnPatterns.like(arnLike, sourceArn)) {
                continue;
            }
            if (arnEquals != null && !arnEquals.equals(sourceArn)) {
                continue;
            }
            if (sourceAccount != null && !sourceAccount.equals(accountOf(sourceArn))) {
                continue;
            }
            return true;
        }
        return false;
    }

    private static String accountOf(String arn) {
        String[] parts = arn == null ? new String[0] : arn.split(":", 6);
        return parts.length > 4 ? parts[4] : "";
    }

    // ---- tags -----------------------------------------------------------------------------------------------------

    /** @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_ListTags.html">ListTags</a> */
    public synchronized ObjectNode listTags(String resourceArn) {
        ObjectNode output = JSON.createObjectNode();
        ObjectNode tags = output.putObject("Tags");
        taggable(resourceArn).forEach(tags::put);
        return output;
    }

    /** @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_TagResource.html">TagResource</a> */
    public synchronized void tagResource(String resourceArn, JsonNode input) {
        Map<String, String> tags = taggable(resourceArn);
        Map<String, String> added = tags(input.get("Tags"));
        Map<String, String> merged = new LinkedHashMap<>(tags);
        merged.putAll(added);
        if (merged.size() > MAX_TAGS) {
            throw LambdaErrors.invalidParameter("Number of tags exceeds resource tag limit.");
        }
        tags.putAll(added);
        save();
    }

    /** @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_UntagResource.html">UntagResource</a> */
    public synchronized void untagResource(String resourceArn, List<String> tagKeys) {
        if (tagKeys == null || tagKeys.isEmpty()) {
            throw LambdaErrors.validation("tagKeys", null, "Member must not be null");
        }
        Map<String, String> tags = taggable(resourceArn);
        tagKeys.forEach(tags::remove);
        save();
    }

    /** The live tag map of a function or event source mapping ARN. */
    private Map<String, String> taggable(String resourceArn) {
        Matcher mapping = Pattern.compile("arn:aws[a-zA-Z-]*:lambda:[^:]+:\\d{12}:event-source-mapping:([0-9a-f-]+)").matcher(resourceArn);
        if (mapping.matches()) {
            StoredMapping stored = mappings.get(mapping.group(1));
            if (stored == null) {
                throw LambdaErrors.notFound("Event source mapping not found: " + resourceArn);
            }
            return stored.tags;
        }
        Matcher function = Pattern.compile("arn:aws[a-zA-Z-]*:lambda:[^:]+:\\d{12}:function:([a-zA-Z0-9-_]+)(:.*)?").matcher(resourceArn);
        if (function.matches()) {
            if (function.group(2) != null) {
                throw LambdaErrors.invalidParameter("Tags on function aliases and versions are not supported. Please specify a function ARN.");
            }
            StoredFunction stored = functions.get(function.group(1));
            if (stored == null) {
                throw LambdaErrors.functionNotFound(resourceArn);
            }
            return stored.tags;
        }
        throw LambdaErrors.validation("resource", resourceArn,
                "Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*):lambda:[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:(function:[a-zA-Z0-9-_]+(:(\\$LATEST|[a-zA-Z0-9-_]+))?|event-source-mapping:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");
    }

    private static Map<String, String> tags(JsonNode node) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(entry -> tags.put(entry.getKey(), entry.getValue().asText()));
        }
        if (tags.size() > MAX_TAGS) {
            throw LambdaErrors.invalidParameter("Number of tags exceeds resource tag limit.");
        }
        return tags;
    }

    // ---- invocation -----------------------------------------------------------------------------------------------

    /** What the wire layer needs to answer an Invoke. */
    /** @param requestId the id the function ran under, answered as {@code x-amzn-RequestId}; {@code null}: none ran */
    public record Invocation(int status, byte[] payload, String functionError, String executedVersion, String logResult,
                             String requestId) {
    }

    /**
     * Invokes a function: {@code RequestResponse} runs it and answers its result (a function error is still a 200,
     * with {@code X-Amz-Function-Error: Unhandled} and the error object as payload); {@code Event} queues it and
     * answers 202, retrying a failed invocation twice after {@link #asyncRetryDelays} as AWS does by default (then the
     * event is dropped and logged: no dead-letter queue or on-failure destination is configurable here);
     * {@code DryRun} only checks that the caller could invoke and answers 204.
     *
     * <p>Functions of a runtime the host does not run (everything but java17/java21) are stored and listed but
     * answer every invocation with a function error {@code Runtime.UnsupportedRuntime}. A {@code Qualifier} naming a
     * published version runs that version's own deployment (the code and configuration it was published with); an
     * alias runs the version it points at, or, with a routing configuration, the additional version for that share of
     * invocations ({@link #routed}). {@code ExecutedVersion} names the version that ran.
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html">Invoke</a>
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/configuration-versions.html">Lambda function versions</a>
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/configuration-aliases.html">Lambda function aliases</a>
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html">Asynchronous invocation</a>
     */
    public Invocation invoke(String functionName, String qualifier, String invocationType, String logType, byte[] payload) {
        String type = invocationType == null ? "RequestResponse" : invocationType;
        if (!Set.of("RequestResponse", "Event", "DryRun").contains(type)) {
            throw LambdaErrors.validation("invocationType", type, "Member must satisfy enum value set: [Event, RequestResponse, DryRun]");
        }
        if (logType != null && !Set.of("None", "Tail").contains(logType)) {
            throw LambdaErrors.validation("logType", logType, "Member must satisfy enum value set: [None, Tail]");
        }
        int limit = type.equals("Event") ? MAX_ASYNC_PAYLOAD : MAX_SYNC_PAYLOAD;
        if (payload.length > limit) {
            throw LambdaErrors.tooLarge("RequestTooLargeException",
                    "Request must be smaller than " + limit + " bytes for the InvokeFunction operation");
        }
        if (payload.length > 0) {
            try {
                JSON.readTree(payload);
            } catch (IOException notJson) {
                throw LambdaErrors.invalidRequestContent("Could not parse request body into json: Could not parse payload into json: "
                        + (notJson instanceof JsonProcessingException parse ? parse.getOriginalMessage() : notJson.getMessage()));
            }
        }
        String name;
        FunctionConfig target;
        String invokedArn;
        synchronized (this) {
            Resolved resolved = resolve(functionName, qualifier);
            target = routed(resolved);
            checkInvocable(target);
            name = resolved.function().name;
            invokedArn = resolved.invokedArn();
        }
        String runtime = target.runtime;
        String executed = target.version;
        switch (type) {
            case "DryRun" -> {
                return new Invocation(204, new byte[0], null, null, null, null);
            }
            case "Event" -> {
                byte[] event = payload.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : payload.clone();
                acceptAsync(name, executed, invokedArn, event);
                return new Invocation(202, new byte[0], null, null, null, null);
            }
            default -> {
                InvokeResult result = run(FunctionDefinition.deployment(name, executed), invokedArn, runtime,
                        payload.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : payload, "lambda:Invoke");
                String log = "Tail".equals(logType) ? tail(result.logTail()) : null;
                return new Invocation(200, result.payload(), result.functionError(), executed, log, result.requestId());
            }
        }
    }

    /** {@inheritDoc} API Gateway's call: refused unless the invoked resource's policy allows the service for the source. */
    @Override
    public InvokeResult invokeFor(String functionArnOrName, byte[] payload, String servicePrincipal, String sourceArn) {
        String deployment;
        String invokedArn;
        String runtime;
        synchronized (this) {
            FunctionRef ref;
            try {
                ref = parseFunctionRef(functionArnOrName, 170);
            } catch (AwsServiceException invalid) {
                throw new PermissionDeniedException("Invalid function reference " + functionArnOrName + ": " + invalid.getMessage());
            }
            StoredFunction function = functions.get(ref.name());
            if (function == null) {
                throw new PermissionDeniedException("Function not found: " + functionArn(ref.name()));
            }
            if (!allows(function, ref.qualifier(), servicePrincipal, sourceArn)) {
                throw new PermissionDeniedException("The resource-based policy of " + function.arn
                        + (ref.qualifier() == null ? "" : ":" + ref.qualifier()) + " does not allow " + servicePrincipal
                        + " to invoke it from " + sourceArn + ".");
            }
            try {
                Resolved resolved = resolve(functionArnOrName, null);
                FunctionConfig target = routed(resolved);
                checkInvocable(target);
                deployment = FunctionDefinition.deployment(function.name, target.version);
                invokedArn = resolved.invokedArn();
                runtime = target.runtime;
            } catch (AwsServiceException notInvocable) {
                throw new PermissionDeniedException(notInvocable.getMessage());
            }
        }
        return run(deployment, invokedArn, runtime, payload, "apigateway:" + sourceArn);
    }

    /**
     * The version an invocation runs: the one the qualifier names; for an alias with
     * {@code RoutingConfig.AdditionalVersionWeights}, the version {@link AliasRouting} picks for this invocation.
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/configuring-alias-routing.html">Weighted alias routing</a>
     */
    private FunctionConfig routed(Resolved resolved) {
        if (resolved.aliasName() == null) {
            return resolved.config();
        }
        StoredAlias alias = resolved.function().aliases.get(resolved.aliasName());
        FunctionConfig picked = resolved.function().version(AliasRouting.pick(alias.functionVersion, alias.additionalVersionWeights));
        return picked == null ? resolved.config() : picked;
    }

    /** AWS refuses to invoke a function that is not yet {@code Active} (or that failed). */
    private void checkInvocable(FunctionConfig config) {
        String state = config.state;
        if (!"Active".equals(state)) {
            throw LambdaErrors.conflict("The operation cannot be performed at this time. The function is currently in the following state: " + state);
        }
    }

    /**
     * Runs one invocation of a deployment ({@code <name>} for {@code $LATEST}, {@code <name>:<version>}) as invoked
     * through {@code invokedArn} (what the function sees as its invoked function ARN).
     */
    private InvokeResult run(String deployment, String invokedArn, String runtime, byte[] payload, String source) {
        if (!RUN_HERE.contains(runtime)) {
            return InvokeResult.error("Runtime.UnsupportedRuntime", "This endpoint runs java17 and java21 functions only; "
                    + deployment + " (" + runtime + ") is stored but not run.");
        }
        try {
            return functionHost.invoke(deployment, invokedArn, payload, source);
        } catch (RuntimeException hostFailed) {
            LOG.warn("The function host failed to invoke {}", deployment, hostFailed);
            return InvokeResult.error("Runtime.ServiceException", "The function host failed: " + hostFailed.getMessage());
        }
    }

    /**
     * Queues an accepted event. With a data directory the event is first written (and forced) to
     * {@code <data>/lambda/async/<id>.json}, and deleted once it ran successfully or was discarded, so that an event
     * acknowledged with 202 survives a restart (it is then run again from its first attempt). The event runs the
     * version its qualifier resolved to when it was accepted, as invoked through {@code invokedArn}.
     */
    private void acceptAsync(String functionName, String version, String invokedArn, byte[] payload) {
        Path journal = null;
        if (asyncDirectory.isPresent()) {
            journal = asyncDirectory.get().resolve(UUID.randomUUID() + ".json");
            ObjectNode record = JSON.createObjectNode();
            record.put("functionName", functionName);
            record.put("version", version);
            record.put("invokedArn", invokedArn);
            record.put("payload", Base64.getEncoder().encodeToString(payload));
            try {
                java.nio.file.Files.createDirectories(journal.getParent());
                try (var channel = java.nio.channels.FileChannel.open(journal, java.nio.file.StandardOpenOption.CREATE_NEW,
                        java.nio.file.StandardOpenOption.WRITE)) {
                    channel.write(java.nio.ByteBuffer.wrap(JSON.writeValueAsBytes(record)));
                    channel.force(true);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("Cannot queue the event in " + journal, e);
            }
        }
        if (!submitAsync(functionName, version, invokedArn, payload, 0, journal)) {
            forget(journal);
            throw LambdaErrors.tooManyRequests("Rate Exceeded.");
        }
    }

    /** Events accepted before a restart and not yet done: queued again, from their first attempt. */
    private void resumeAsync() {
        if (asyncDirectory.isEmpty() || !java.nio.file.Files.isDirectory(asyncDirectory.get())) {
            return;
        }
        try (var files = java.nio.file.Files.list(asyncDirectory.get())) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
                try {
                    JsonNode record = JSON.readTree(file.toFile());
                    // Events queued before versions ran apart have no version: they ran $LATEST. Events queued before
                    // the invoked ARN was kept: the ARN of what ran (the function's, or the version's).
                    String functionName = record.path("functionName").asText();
                    String version = record.path("version").asText(FunctionDefinition.LATEST);
                    String invokedArn = record.path("invokedArn").asText(functionArn(functionName)
                            + (version.equals(FunctionDefinition.LATEST) ? "" : ":" + version));
                    submitAsync(functionName, version, invokedArn, record.path("payload").binaryValue(), 0, file);
                } catch (IOException unreadable) {
                    // A record torn by a crash while it was written was never acknowledged.
                    LOG.warn("Dropping unreadable queued event {}", file);
                    forget(file);
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot list queued events in {}", asyncDirectory.get(), e);
        }
    }

    private boolean submitAsync(String functionName, String version, String invokedArn, byte[] payload, int attempt,
                                Path journal) {
        String deployment = FunctionDefinition.deployment(functionName, version);
        try {
            asyncInvocations.execute(() -> {
                String runtime;
                synchronized (this) {
                    StoredFunction function = functions.get(functionName);
                    FunctionConfig config = function == null ? null : function.version(version);
                    runtime = config == null ? null : config.runtime;
                }
                if (runtime == null) {
                    LOG.warn("Queued event for {} discarded: the function or version was deleted", deployment);
                    forget(journal);
                    return;
                }
                InvokeResult result = run(deployment, invokedArn, runtime, payload, "lambda:InvokeAsync");
                if (result.succeeded()) {
                    forget(journal);
                    return;
                }
                if (attempt < asyncRetryDelays.size()) {
                    Duration delay = asyncRetryDelays.get(attempt);
                    LOG.info("Asynchronous invocation of {} failed (attempt {}); retrying in {}", deployment, attempt + 1, delay);
                    asyncRetries.schedule(() -> {
                        if (!submitAsync(functionName, version, invokedArn, payload, attempt + 1, journal)) {
                            LOG.warn("Asynchronous retry of {} dropped: the queue is full", deployment);
                            forget(journal);
                        }
                    }, delay.toMillis(), TimeUnit.MILLISECONDS);
                } else {
                    LOG.warn("Asynchronous invocation of {} failed after {} attempts; the event is discarded: {}",
                            deployment, attempt + 1, new String(result.payload(), StandardCharsets.UTF_8));
                    forget(journal);
                }
            });
            return true;
        } catch (RejectedExecutionException full) {
            return false;
        }
    }

    private static void forget(Path journal) {
        if (journal != null) {
            journal.toFile().delete();
        }
    }

    /**
     * {@code X-Amz-Log-Result}: the base64 of the log's last {@value #LOG_TAIL_BYTES} bytes, cut where the 4 KB start
     * (even inside a line). In AWS an invocation that ran always has a log ({@code START}, {@code END},
     * {@code REPORT}; after a failed init also {@code INIT_REPORT}); here one that never reached a function process
     * (a missing jar, a function host that runs nothing) has none, and the header is left out rather than sent empty:
     * the SDK's {@code logResult()} is then {@code null}.
     */
    private static String tail(String log) {
        if (log == null || log.isEmpty()) {
            return null;
        }
        byte[] bytes = log.getBytes(StandardCharsets.UTF_8);
        int from = Math.max(0, bytes.length - LOG_TAIL_BYTES);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(bytes, from, bytes.length));
    }

    // ---- event source mappings ------------------------------------------------------------------------------------

    /**
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html">CreateEventSourceMapping</a>
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventsourcemapping.html">Event source mappings</a>
     */
    public synchronized ObjectNode createEventSourceMapping(JsonNode input) {
        String sourceArn = text(input, "EventSourceArn");
        String kind = sourceKind(sourceArn);
        String functionRef = text(input, "FunctionName");
        if (functionRef == null) {
            throw LambdaErrors.validation("functionName", null, "Member must not be null");
        }
        FunctionRef ref = parseFunctionRef(functionRef, 140);
        StoredFunction function = mappedFunction(ref);
        StoredMapping mapping = new StoredMapping();
        mapping.uuid = UUID.randomUUID().toString();
        mapping.eventSourceArn = sourceArn;
        mapping.sourceKind = kind;
        mapping.functionName = function.name;
        mapping.functionArn = qualifiedArn(ref);
        mapping.enabled = !input.has("Enabled") || input.get("Enabled").asBoolean(true);
        if (mapping.polledAsStream()) {
            mapping.maximumRetryAttempts = -1;
            mapping.maximumRecordAgeInSeconds = -1;
            mapping.bisectBatchOnFunctionError = false;
            mapping.parallelizationFactor = 1;
            mapping.tumblingWindowInSeconds = 0;
            String position = text(input, "StartingPosition");
            if (position == null) {
                throw LambdaErrors.invalidParameter("1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member must not be null.");
            }
        } else if (input.hasNonNull("StartingPosition")) {
            throw LambdaErrors.invalidParameter("Unsupported starting position for arn type: " + sourceArn);
        }
        applyMappingSettings(mapping, input, true);
        // One mapping per source and function ARN: the function, each version and each alias are their own targets.
        String target = functionRefText(ref);
        for (StoredMapping existing : mappings.values()) {
            if (existing.eventSourceArn.equals(sourceArn) && existing.functionArn.equals(mapping.functionArn)
                    && !"Deleting".equals(existing.state)) {
                throw LambdaErrors.conflict(mapping.polledAsStream()
                        ? "The event source arn (\" " + sourceArn + " \") and function (\" " + target
                        + " \") provided mapping already exists. Please update or delete the existing mapping with UUID " + existing.uuid
                        : "An event source mapping with SQS arn (\" " + sourceArn + " \") and function (\" " + target
                        + " \") already exists. Please update or delete the existing mapping with UUID " + existing.uuid);
            }
        }
        Optional<String> problem = mappingHost.eventSourceProblem(sourceArn);
        if (problem.isPresent()) {
            throw LambdaErrors.invalidParameter(problem.get());
        }
        checkExecutionRole(function, mapping, true);
        mapping.tags.putAll(tags(input.get("Tags")));
        mapping.state = "Creating";
        mapping.stateTransitionReason = mapping.polledAsStream() ? "User action" : "USER_INITIATED";
        mapping.lastModifiedMillis = clock.millis();
        mappings.put(mapping.uuid, mapping);
        save();
        scheduleMappingApply(mapping.uuid);
        return mapping(mapping);
    }

    /** @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_GetEventSourceMapping.html">GetEventSourceMapping</a> */
    public synchronized ObjectNode getEventSourceMapping(String uuid) {
        return mapping(existingMapping(uuid));
    }

    /**
     * A {@code FunctionName} filter selects the mappings of that function ARN: a version's or alias's ARN those made
     * through it, the function's name or ARN those made with the unqualified function ("you can get list of event
     * source mappings for a specific Lambda function version or an alias", the AWS CLI reference).
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_ListEventSourceMappings.html">ListEventSourceMappings</a>
     * @see <a href="https://docs.aws.amazon.com/cli/latest/reference/lambda/list-event-source-mappings.html">aws lambda list-event-source-mappings</a>
     */
    public synchronized ObjectNode listEventSourceMappings(String eventSourceArn, String functionName, String marker, Integer maxItems) {
        String wanted = functionName == null ? null : qualifiedArn(parseFunctionRef(functionName, 140));
        List<ObjectNode> all = mappings.values().stream()
                .filter(mapping -> eventSourceArn == null || mapping.eventSourceArn.equals(eventSourceArn))
                .filter(mapping -> wanted == null || mapping.functionArn.equals(wanted))
                .map(this::mapping).toList();
        return page(all, "EventSourceMappings", marker, maxItems);
    }

    /**
     * Changes a mapping; it is {@code Updating} (or {@code Enabling}/{@code Disabling}) until the host applied it.
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_UpdateEventSourceMapping.html">UpdateEventSourceMapping</a>
     */
    public synchronized ObjectNode updateEventSourceMapping(String uuid, JsonNode input) {
        StoredMapping mapping = existingMapping(uuid);
        if (!"Enabled".equals(mapping.state) && !"Disabled".equals(mapping.state)) {
            // A mapping between states is "in use"; Terraform's provider retries ResourceInUseException on update.
            throw new AwsServiceException("ResourceInUseException", 400, "Cannot update the event source mapping because it is in use.");
        }
        if (input.hasNonNull("StartingPosition") || input.hasNonNull("EventSourceArn")) {
            throw LambdaErrors.invalidParameter("EventSourceArn and StartingPosition of an event source mapping cannot be updated.");
        }
        StoredMapping updated = copyOf(mapping);
        if (input.hasNonNull("FunctionName")) {
            FunctionRef ref = parseFunctionRef(text(input, "FunctionName"), 140);
            StoredFunction function = mappedFunction(ref);
            updated.functionName = function.name;
            updated.functionArn = qualifiedArn(ref);
        }
        boolean wasEnabled = mapping.enabled;
        if (input.hasNonNull("Enabled")) {
            updated.enabled = input.get("Enabled").asBoolean();
        }
        applyMappingSettings(updated, input, false);
        // Another function brings another role, which must read the source; a new destination must take its sends.
        checkExecutionRole(functions.get(updated.functionName), updated,
                !updated.functionName.equals(mapping.functionName));
        updated.state = updated.enabled == wasEnabled ? "Updating" : updated.enabled ? "Enabling" : "Disabling";
        updated.stateTransitionReason = mapping.polledAsStream() ? "User action" : "USER_INITIATED";
        updated.lastModifiedMillis = clock.millis();
        mappings.put(uuid, updated);
        save();
        scheduleMappingApply(uuid);
        return mapping(updated);
    }

    /** @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_DeleteEventSourceMapping.html">DeleteEventSourceMapping</a> */
    public synchronized ObjectNode deleteEventSourceMapping(String uuid) {
        StoredMapping mapping = existingMapping(uuid);
        if ("Deleting".equals(mapping.state)) {
            return mapping(mapping);
        }
        mapping.state = "Deleting";
        mapping.stateTransitionReason = mapping.polledAsStream() ? "User action" : "USER_INITIATED";
        mapping.lastModifiedMillis = clock.millis();
        save();
        scheduleMappingRemoval(uuid);
        return mapping(mapping);
    }

    /**
     * Batch size limits per source kind, AWS's defaults, and the settings that only streams take.
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html">CreateEventSourceMapping (BatchSize)</a>
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html">SQS event source settings</a>
     */
    private void applyMappingSettings(StoredMapping mapping, JsonNode input, boolean creating) {
        if (input.hasNonNull("BatchSize")) {
            mapping.batchSize = range("batchSize", input.get("BatchSize"), 1, 10_000);
        } else if (creating) {
            mapping.batchSize = mapping.polledAsStream() ? 100 : 10;
        }
        if (input.hasNonNull("MaximumBatchingWindowInSeconds")) {
            mapping.maximumBatchingWindowInSeconds = range("maximumBatchingWindowInSeconds", input.get("MaximumBatchingWindowInSeconds"), 0, 300);
        }
        boolean fifo = "sqs".equals(mapping.sourceKind) && mapping.eventSourceArn.endsWith(".fifo");
        // FIFO queues take at most 10 (the SQS event source docs); AWS's exact text for this refusal is not recorded, so it is ours.
        if (fifo && mapping.batchSize > 10) {
            throw LambdaErrors.invalidParameter("Batch size for FIFO queues must be less than or equal to 10.");
        }
        if ("sqs".equals(mapping.sourceKind) && mapping.batchSize > 10 && mapping.maximumBatchingWindowInSeconds == 0) {
            throw LambdaErrors.invalidParameter("Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10");
        }
        if (input.hasNonNull("StartingPosition") && creating) {
            String position = text(input, "StartingPosition");
            if (!Set.of("LATEST", "TRIM_HORIZON", "AT_TIMESTAMP").contains(position)) {
                throw LambdaErrors.validation("startingPosition", position, "Member must satisfy enum value set: [LATEST, AT_TIMESTAMP, TRIM_HORIZON]");
            }
            // AT_TIMESTAMP is a Kinesis position; DynamoDB Streams have no timestamps to start from.
            if (position.equals("AT_TIMESTAMP") && !"kinesis".equals(mapping.sourceKind)) {
                throw LambdaErrors.invalidParameter("Unsupported starting position for arn type: " + mapping.eventSourceArn);
            }
            if (position.equals("AT_TIMESTAMP")) {
                JsonNode timestamp = input.get("StartingPositionTimestamp");
                if (timestamp == null || !timestamp.isNumber()) {
                    throw LambdaErrors.invalidParameter("StartingPositionTimestamp must be set for AT_TIMESTAMP starting position.");
                }
                mapping.startingPositionTimestampMillis = (long) (timestamp.asDouble() * 1000);
            }
            mapping.startingPosition = position;
        }
        String[] streamOnly = {"MaximumRetryAttempts", "MaximumRecordAgeInSeconds", "BisectBatchOnFunctionError",
                "ParallelizationFactor", "TumblingWindowInSeconds"};
        // Worded after AWS's recorded refusal of DestinationConfig for SQS (the texts for these settings are not recorded).
        for (String setting : streamOnly) {
            if (input.hasNonNull(setting) && !mapping.polledAsStream()) {
                throw LambdaErrors.invalidParameter("Unsupported " + setting + " parameter for given event source mapping type.");
            }
        }
        if (input.hasNonNull("MaximumRetryAttempts")) {
            mapping.maximumRetryAttempts = range("maximumRetryAttempts", input.get("MaximumRetryAttempts"), -1, 10_000);
        }
        if (input.hasNonNull("MaximumRecordAgeInSeconds")) {
            int age = range("maximumRecordAgeInSeconds", input.get("MaximumRecordAgeInSeconds"), -1, 604_800);
            if (age != -1 && age < 60) {
                throw LambdaErrors.validation("maximumRecordAgeInSeconds", age, "Member must have value greater than or equal to 60");
            }
            mapping.maximumRecordAgeInSeconds = age;
        }
        if (input.hasNonNull("BisectBatchOnFunctionError")) {
            mapping.bisectBatchOnFunctionError = input.get("BisectBatchOnFunctionError").asBoolean();
        }
        if (input.hasNonNull("ParallelizationFactor")) {
            mapping.parallelizationFactor = range("parallelizationFactor", input.get("ParallelizationFactor"), 1, 10);
        }
        if (input.hasNonNull("TumblingWindowInSeconds")) {
            mapping.tumblingWindowInSeconds = range("tumblingWindowInSeconds", input.get("TumblingWindowInSeconds"), 0, 900);
        }
        if (input.has("DestinationConfig") && !input.get("DestinationConfig").isNull()) {
            if (!mapping.polledAsStream()) {
                throw LambdaErrors.invalidParameter("Unsupported DestinationConfig parameter for given event source mapping type.");
            }
            String destination = input.path("DestinationConfig").path("OnFailure").path("Destination").asText(null);
            if (destination != null && !destination.isEmpty() && !destination.matches("arn:aws[a-zA-Z-]*:(sqs|sns|s3):.*")) {
                throw LambdaErrors.invalidParameter("The provided destination config DestinationConfig(onSuccess=null, onFailure=OnFailure(destination="
                        + destination + ")) is invalid.");
            }
            mapping.onFailureDestination = destination == null || destination.isEmpty() ? null : destination;
        }
        if (input.has("FunctionResponseTypes") && input.get("FunctionResponseTypes").isArray()) {
            List<String> types = new ArrayList<>();
            for (JsonNode type : input.get("FunctionResponseTypes")) {
                if (!"ReportBatchItemFailures".equals(type.asText())) {
                    throw LambdaErrors.validation("functionResponseTypes", "[" + type.asText() + "]",
                            "Member must satisfy constraint: [Member must satisfy enum value set: [ReportBatchItemFailures]]");
                }
                types.add(type.asText());
            }
            mapping.functionResponseTypes = types;
        }
        if (input.has("FilterCriteria") && !input.get("FilterCriteria").isNull()) {
            List<String> patterns = new ArrayList<>();
            for (JsonNode filter : input.path("FilterCriteria").path("Filters")) {
                String pattern = filter.path("Pattern").asText(null);
                if (pattern == null || !isJsonObject(pattern)) {
                    throw LambdaErrors.invalidParameter("Invalid filter pattern definition.");
                }
                patterns.add(pattern);
            }
            if (patterns.size() > 5) {
                throw LambdaErrors.invalidParameter("The number of filters exceeds the limit of 5.");
            }
            mapping.filterPatterns = patterns;
        }
        if (input.path("ScalingConfig").hasNonNull("MaximumConcurrency")) {
            if (mapping.polledAsStream()) {
                throw LambdaErrors.invalidParameter("Unsupported ScalingConfig parameter for given event source mapping type.");
            }
            mapping.maximumConcurrency = range("scalingConfig.maximumConcurrency", input.path("ScalingConfig").get("MaximumConcurrency"), 2, 1000);
        }
    }

    private static boolean isJsonObject(String text) {
        try {
            return JSON.readTree(text) instanceof ObjectNode;
        } catch (IOException notJson) {
            return false;
        }
    }

    /**
     * When the edge enforces IAM: refuses the mapping unless the function's execution role may read its source
     * ({@code checkSource}) and send to its on-failure destination, as AWS checks at creation.
     *
     * @see EventSourceMappingPermissions
     */
    private void checkExecutionRole(StoredFunction function, StoredMapping mapping, boolean checkSource) {
        if (mappingPermissions.isEmpty() || function == null) {
            return;
        }
        String roleArn = mappedConfig(function, mapping).role;
        if (checkSource) {
            mappingPermissions.get().checkSource(roleArn, mapping.sourceKind, mapping.eventSourceArn);
        }
        StoredMapping stored = mappings.get(mapping.uuid);
        boolean destinationChanged = stored == null || checkSource
                || !java.util.Objects.equals(stored.onFailureDestination, mapping.onFailureDestination);
        if (mapping.onFailureDestination != null && destinationChanged) {
            mappingPermissions.get().checkOnFailureDestination(roleArn, mapping.onFailureDestination);
        }
    }

    /** The kind of source an ARN names; anything but a DynamoDB stream, a Kinesis stream or an SQS queue is refused. */
    private static String sourceKind(String arn) {
        if (arn == null) {
            throw LambdaErrors.invalidParameter("Unrecognized event source.");
        }
        if (arn.matches("arn:aws[a-zA-Z-]*:dynamodb:[^:]+:\\d{12}:table/[^/]+/stream/.+")) {
            return "dynamodb";
        }
        if (arn.matches("arn:aws[a-zA-Z-]*:kinesis:[^:]+:\\d{12}:stream/.+")) {
            return "kinesis";
        }
        if (arn.matches("arn:aws[a-zA-Z-]*:sqs:[^:]+:\\d{12}:[^:/]+")) {
            return "sqs";
        }
        throw LambdaErrors.invalidParameter("Unrecognized event source.");
    }

    private StoredMapping existingMapping(String uuid) {
        StoredMapping mapping = mappings.get(uuid);
        if (mapping == null) {
            throw LambdaErrors.notFound("The resource you requested does not exist.");
        }
        return mapping;
    }

    private static StoredMapping copyOf(StoredMapping mapping) {
        return JSON.convertValue(JSON.valueToTree(mapping), StoredMapping.class);
    }

    private ObjectNode mapping(StoredMapping mapping) {
        ObjectNode node = JSON.createObjectNode();
        node.put("UUID", mapping.uuid);
        node.put("BatchSize", mapping.batchSize);
        node.put("MaximumBatchingWindowInSeconds", mapping.maximumBatchingWindowInSeconds);
        node.put("EventSourceArn", mapping.eventSourceArn);
        node.put("FunctionArn", mapping.functionArn);
        node.put("LastModified", mapping.lastModifiedMillis / 1000.0);
        node.put("State", mapping.state);
        node.put("StateTransitionReason", mapping.stateTransitionReason);
        node.put("EventSourceMappingArn", mappingArn(mapping.uuid));
        ArrayNode responseTypes = node.putArray("FunctionResponseTypes");
        mapping.functionResponseTypes.forEach(responseTypes::add);
        if (!mapping.filterPatterns.isEmpty()) {
            ArrayNode filters = node.putObject("FilterCriteria").putArray("Filters");
            mapping.filterPatterns.forEach(pattern -> filters.addObject().put("Pattern", pattern));
        }
        if (mapping.maximumConcurrency != null) {
            node.putObject("ScalingConfig").put("MaximumConcurrency", mapping.maximumConcurrency);
        }
        if (mapping.polledAsStream()) {
            node.put("StartingPosition", mapping.startingPosition);
            if (mapping.startingPositionTimestampMillis != null) {
                node.put("StartingPositionTimestamp", mapping.startingPositionTimestampMillis / 1000.0);
            }
            node.put("ParallelizationFactor", mapping.parallelizationFactor);
            node.put("MaximumRetryAttempts", mapping.maximumRetryAttempts);
            node.put("MaximumRecordAgeInSeconds", mapping.maximumRecordAgeInSeconds);
            node.put("BisectBatchOnFunctionError", mapping.bisectBatchOnFunctionError);
            node.put("TumblingWindowInSeconds", mapping.tumblingWindowInSeconds);
            ObjectNode onFailure = node.putObject("DestinationConfig").putObject("OnFailure");
            if (mapping.onFailureDestination != null) {
                onFailure.put("Destination", mapping.onFailureDestination);
            }
            String result;
            try {
                result = mappingHost.lastProcessingResult(mapping.uuid);
            } catch (RuntimeException hostFailed) {
                result = "PROBLEM: " + hostFailed.getMessage();
            }
            node.put("LastProcessingResult", result == null ? "No records processed" : result);
        }
        return node;
    }

    /**
     * The function a mapping's {@code FunctionName} names; a qualified name (a version or an alias) must name an existing
     * version or alias.
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html">CreateEventSourceMapping (FunctionName: a qualified ARN is accepted)</a>
     */
    private StoredFunction mappedFunction(FunctionRef ref) {
        StoredFunction function = functions.get(ref.name());
        if (function == null || ref.qualifier() != null && function.version(ref.qualifier()) == null
                && !function.aliases.containsKey(ref.qualifier())) {
            throw LambdaErrors.notFound("Function does not exist");
        }
        return function;
    }

    /** The function as the caller named it in a message: {@code name}, or {@code name:qualifier}. */
    private static String functionRefText(FunctionRef ref) {
        return ref.qualifier() == null ? ref.name() : ref.name() + ":" + ref.qualifier();
    }

    /** The function's ARN, qualified as the caller qualified its name: a mapping's {@code FunctionArn}. */
    private String qualifiedArn(FunctionRef ref) {
        return ref.qualifier() == null ? functionArn(ref.name()) : functionArn(ref.name()) + ":" + ref.qualifier();
    }

    private static String mappedQualifier(StoredMapping mapping) {
        return mapping.functionArn == null ? null : parseFunctionRef(mapping.functionArn, 170).qualifier();
    }

    /** The configuration a mapping invokes now (its version, its alias's version, or {@code $LATEST}). */
    private static FunctionConfig mappedConfig(StoredFunction function, StoredMapping mapping) {
        String qualifier = mappedQualifier(mapping);
        StoredAlias alias = qualifier == null ? null : function.aliases.get(qualifier);
        FunctionConfig config = function.version(alias != null ? alias.functionVersion
                : qualifier == null ? FunctionDefinition.LATEST : qualifier);
        return config == null ? function.latest : config;
    }

    /**
     * The host deployment a mapping invokes: {@code $LATEST}'s, a version's, or the version its alias points at now
     * (its primary version; {@link #mappingAdditionalDeployments} has the alias's routing). A version or alias
     * deleted since gives a deployment the host does not know, so invocations fail, as a mapping to a deleted function
     * does in AWS. Mappings through an alias are applied again when the alias changes ({@link #reapplyMappingsThrough}).
     */
    private String mappingDeployment(StoredMapping mapping) {
        StoredAlias alias = mappedAlias(mapping);
        return FunctionDefinition.deployment(mapping.functionName, alias != null ? alias.functionVersion : mappedQualifier(mapping));
    }

    /**
     * The weighted alias routing of a mapping through an alias, by host deployment: each batch the mapping sends is
     * routed by it ({@link AliasRouting}), as every invocation through the alias is.
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_CreateAlias.html">CreateAlias (RoutingConfig)</a>
     */
    private Map<String, Double> mappingAdditionalDeployments(StoredMapping mapping) {
        StoredAlias alias = mappedAlias(mapping);
        Map<String, Double> weights = new TreeMap<>();
        if (alias != null) {
            alias.additionalVersionWeights.forEach((version, weight) ->
                    weights.put(FunctionDefinition.deployment(mapping.functionName, version), weight));
        }
        return weights;
    }

    private StoredAlias mappedAlias(StoredMapping mapping) {
        String qualifier = mappedQualifier(mapping);
        StoredFunction function = functions.get(mapping.functionName);
        return function == null || qualifier == null ? null : function.aliases.get(qualifier);
    }

    /** An alias was created, moved, re-weighted or deleted: the mappings through it invoke what it names now. */
    private void reapplyMappingsThrough(StoredFunction function, String aliasName) {
        mappings.values().stream()
                .filter(mapping -> mapping.functionName.equals(function.name) && aliasName.equals(mappedQualifier(mapping)))
                .filter(mapping -> !"Deleting".equals(mapping.state))
                .map(mapping -> mapping.uuid).toList()
                .forEach(this::scheduleMappingApply);
    }

    private EventSourceMappingDefinition definition(StoredMapping mapping) {
        return new EventSourceMappingDefinition(mapping.uuid, mapping.eventSourceArn, mappingDeployment(mapping),
                mappingAdditionalDeployments(mapping), mapping.functionArn, mapping.enabled, mapping.batchSize, mapping.maximumBatchingWindowInSeconds,
                mapping.startingPosition,
                mapping.startingPositionTimestampMillis == null ? null : Instant.ofEpochMilli(mapping.startingPositionTimestampMillis),
                mapping.maximumRetryAttempts, mapping.maximumRecordAgeInSeconds, mapping.bisectBatchOnFunctionError,
                mapping.parallelizationFactor, mapping.tumblingWindowInSeconds, mapping.onFailureDestination,
                mapping.filterPatterns, Set.copyOf(mapping.functionResponseTypes), mapping.tags);
    }

    private String mappingArn(String uuid) {
        return "arn:aws:lambda:" + region + ":" + accountId + ":event-source-mapping:" + uuid;
    }

    private void scheduleMappingApply(String uuid) {
        control.execute(() -> {
            EventSourceMappingDefinition definition;
            synchronized (this) {
                StoredMapping mapping = mappings.get(uuid);
                if (mapping == null || "Deleting".equals(mapping.state)) {
                    return;
                }
                definition = definition(mapping);
            }
            boolean applied = hostCall(() -> mappingHost.apply(definition));
            synchronized (this) {
                StoredMapping mapping = mappings.get(uuid);
                if (mapping == null || "Deleting".equals(mapping.state)) {
                    return;
                }
                mapping.state = mapping.enabled ? "Enabled" : "Disabled";
                if (!applied) {
                    mapping.stateTransitionReason = "The event source mapping could not be started by the local poller host.";
                }
                save();
            }
        });
    }

    private void scheduleMappingRemoval(String uuid) {
        control.execute(() -> {
            hostCall(() -> mappingHost.remove(uuid));
            synchronized (this) {
                mappings.remove(uuid);
                save();
            }
        });
    }

    // ---- configuration rules --------------------------------------------------------------------------------------

    /**
     * Validates and applies the settings CreateFunction and UpdateFunctionConfiguration share.
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html">CreateFunction (request parameters)</a>
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html">Lambda quotas</a>
     */
    private void applyConfiguration(FunctionConfig config, JsonNode input, boolean creating) {
        if (input.hasNonNull("Runtime")) {
            config.runtime = runtime(text(input, "Runtime"));
        }
        if (input.hasNonNull("Handler")) {
            String handler = text(input, "Handler");
            if (handler.length() > 128) {
                throw LambdaErrors.validation("handler", handler, "Member must have length less than or equal to 128");
            }
            if (!handler.matches("[^\\s]+")) {
                throw LambdaErrors.validation("handler", handler, "Member must satisfy regular expression pattern: [^\\s]+");
            }
            config.handler = handler;
        }
        if (input.hasNonNull("Description")) {
            String description = text(input, "Description");
            if (description.length() > 256) {
                throw LambdaErrors.validation("description", description, "Member must have length less than or equal to 256");
            }
            config.description = description;
        }
        if (input.hasNonNull("MemorySize")) {
            config.memorySize = memorySize(input.get("MemorySize"));
        }
        if (input.hasNonNull("Timeout")) {
            config.timeout = range("timeout", input.get("Timeout"), 1, 900);
        }
        if (input.hasNonNull("Role") || creating) {
            config.role = role(text(input, "Role"));
        }
        if (input.has("Environment") && !input.get("Environment").isNull()) {
            config.environment = environment(input.get("Environment").get("Variables"));
        }
        if (input.hasNonNull("TracingConfig")) {
            String mode = input.path("TracingConfig").path("Mode").asText("PassThrough");
            if (!mode.equals("Active") && !mode.equals("PassThrough")) {
                throw LambdaErrors.validation("tracingConfig.mode", mode, "Member must satisfy enum value set: [Active, PassThrough]");
            }
            config.tracingMode = mode;
        }
        if (input.hasNonNull("LoggingConfig")) {
            loggingConfig(config, input.get("LoggingConfig"));
        }
        if (input.hasNonNull("Architectures")) {
            config.architectures = architectures(input.get("Architectures"));
        }
        if (input.hasNonNull("EphemeralStorage")) {
            config.ephemeralStorage = range("ephemeralStorage.size", input.path("EphemeralStorage").get("Size"), 512, 10240);
        }
        if (input.hasNonNull("SnapStart")) {
            String applyOn = input.path("SnapStart").path("ApplyOn").asText("None");
            if (!applyOn.equals("None") && !applyOn.equals("PublishedVersions")) {
                throw LambdaErrors.validation("snapStart.applyOn", applyOn, "Member must satisfy enum value set: [PublishedVersions, None]");
            }
            config.snapStartApplyOn = applyOn;
        }
        if (input.has("DeadLetterConfig")) {
            String target = input.path("DeadLetterConfig").path("TargetArn").asText("");
            config.deadLetterTargetArn = target.isEmpty() ? null : target;
        }
        if (input.has("KMSKeyArn")) {
            String key = input.path("KMSKeyArn").asText("");
            config.kmsKeyArn = key.isEmpty() ? null : key;
        }
        if (input.hasNonNull("Layers") && input.get("Layers").size() > 0) {
            throw LambdaErrors.invalidParameter("Layers are not supported by this endpoint; package dependencies in the function's .zip or .jar (lib/).");
        }
        if (input.path("VpcConfig").path("SubnetIds").size() > 0) {
            throw LambdaErrors.invalidParameter("VpcConfig is not supported by this endpoint: functions run on the local machine's network.");
        }
    }

    private static String runtime(String runtime) {
        if (DEPRECATED_RUNTIMES.contains(runtime)) {
            throw LambdaErrors.invalidParameter("The runtime parameter of " + runtime + " is no longer supported for creating or "
                    + "updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.");
        }
        if (!RUNTIMES.contains(runtime)) {
            List<String> listed = RUNTIMES.subList(0, RUNTIMES.size() - 1);
            throw LambdaErrors.invalidParameter("Value " + runtime + " at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: "
                    + listed + " or be a valid ARN");
        }
        return runtime;
    }

    /**
     * 128..10240 MB. Below the model's minimum AWS's front end answers its constraint message; above the account
     * limit Lambda answers {@code 'MemorySize' value failed to satisfy constraint: Member must have value less than or
     * equal to <limit>} (as reported, e.g., github.com/alexcasalboni/aws-lambda-power-tuning/pull/181).
     */
    private static int memorySize(JsonNode value) {
        int memory = value.asInt();
        if (memory < 128) {
            throw LambdaErrors.validation("memorySize", memory, "Member must have value greater than or equal to 128");
        }
        if (memory > 10240) {
            throw LambdaErrors.validation("'MemorySize' value failed to satisfy constraint: Member must have value less than or equal to 10240");
        }
        return memory;
    }

    private static int range(String field, JsonNode value, int min, int max) {
        if (value == null || !value.canConvertToInt()) {
            throw LambdaErrors.validation(field, value == null ? null : value.asText(), "Member must be an integer");
        }
        int number = value.asInt();
        if (number < min) {
            throw LambdaErrors.validation(field, number, "Member must have value greater than or equal to " + min);
        }
        if (number > max) {
            throw LambdaErrors.validation(field, number, "Member must have value less than or equal to " + max);
        }
        return number;
    }

    /**
     * The execution role must be a role ARN, exist in IAM and trust {@code lambda.amazonaws.com} with
     * {@code sts:AssumeRole}; otherwise Lambda cannot assume it.
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html">Lambda execution role</a>
     */
    private String role(String roleArn) {
        if (roleArn == null || !roleArn.matches(ROLE_PATTERN)) {
            throw LambdaErrors.validation("role", roleArn, "Member must satisfy regular expression pattern: " + ROLE_PATTERN);
        }
        Optional<Role> role = iam.roleByArn(roleArn);
        if (role.isEmpty() || !trustsLambda(role.get().assumeRolePolicyDocument())) {
            throw LambdaErrors.invalidParameter("The role defined for the function cannot be assumed by Lambda.");
        }
        return roleArn;
    }

    static boolean trustsLambda(String document) {
        JsonNode policy;
        try {
            String text = document.trim().startsWith("%7B") || document.trim().startsWith("%7b")
                    ? java.net.URLDecoder.decode(document, StandardCharsets.UTF_8) : document;
            policy = JSON.readTree(text);
        } catch (IOException | IllegalArgumentException malformed) {
            return false;
        }
        JsonNode statements = policy.path("Statement");
        List<JsonNode> list = new ArrayList<>();
        if (statements.isArray()) {
            statements.forEach(list::add);
        } else if (statements.isObject()) {
            list.add(statements);
        }
        for (JsonNode statement : list) {
            if (!"Allow".equals(statement.path("Effect").asText())) {
                continue;
            }
            if (!matchesAny(statement.path("Action"), Set.of("sts:AssumeRole", "sts:*", "*"))) {
                continue;
            }
            JsonNode principal = statement.path("Principal");
            if ("*".equals(principal.asText()) || matchesAny(principal.path("Service"), Set.of("lambda.amazonaws.com"))
                    || matchesAny(principal.path("AWS"), Set.of("*"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesAny(JsonNode value, Set<String> accepted) {
        if (value.isTextual()) {
            return accepted.contains(value.asText());
        }
        if (value.isArray()) {
            for (JsonNode element : value) {
                if (accepted.contains(element.asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Map<String, String> environment(JsonNode variables) {
        Map<String, String> environment = new TreeMap<>();
        if (variables != null && variables.isObject()) {
            variables.fields().forEachRemaining(entry -> environment.put(entry.getKey(), entry.getValue().asText()));
        }
        String measured = write(JSON.valueToTree(environment));
        if (measured.getBytes(StandardCharsets.UTF_8).length > MAX_ENVIRONMENT_BYTES) {
            throw LambdaErrors.invalidParameter("Lambda was unable to configure your environment variables because the environment "
                    + "variables you have provided exceeded the 4KB limit. String measured: " + measured);
        }
        Set<String> reserved = new java.util.TreeSet<>(environment.keySet());
        reserved.retainAll(Set.of("_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
                "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
                "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
                "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR"));
        if (!reserved.isEmpty()) {
            throw LambdaErrors.invalidParameter("Lambda was unable to configure your environment variables because the environment "
                    + "variables you have provided contains reserved keys that are currently not supported for modification. "
                    + "Reserved keys used in this request: " + String.join(", ", reserved));
        }
        return environment;
    }

    /**
     * {@code LoggingConfig}: {@code Text} or {@code JSON}; log levels only with JSON, where they default to
     * {@code INFO}; the log group defaults to {@code /aws/lambda/<name>}.
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-advanced.html">Lambda advanced logging controls</a>
     */
    private static void loggingConfig(FunctionConfig config, JsonNode logging) {
        String format = logging.path("LogFormat").asText(config.logFormat);
        if (!format.equals("Text") && !format.equals("JSON")) {
            throw LambdaErrors.validation("loggingConfig.logFormat", format, "Member must satisfy enum value set: [JSON, Text]");
        }
        Set<String> levels = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL");
        String application = logging.path("ApplicationLogLevel").asText(null);
        String system = logging.path("SystemLogLevel").asText(null);
        if (application != null && !application.isEmpty() && !levels.contains(application)) {
            throw LambdaErrors.validation("loggingConfig.applicationLogLevel", application, "Member must satisfy enum value set: [TRACE, DEBUG, INFO, WARN, ERROR, FATAL]");
        }
        if (system != null && !system.isEmpty() && !Set.of("DEBUG", "INFO", "WARN").contains(system)) {
            throw LambdaErrors.validation("loggingConfig.systemLogLevel", system, "Member must satisfy enum value set: [DEBUG, INFO, WARN]");
        }
        boolean levelsGiven = (application != null && !application.isEmpty()) || (system != null && !system.isEmpty());
        if (format.equals("Text") && levelsGiven) {
            throw LambdaErrors.invalidParameter("LogLevel is not supported when LogFormat is set to \"Text\". Remove LogLevel from your request or change the LogFormat to \"JSON\" and try again.");
        }
        config.logFormat = format;
        if (format.equals("JSON")) {
            config.applicationLogLevel = application == null || application.isEmpty()
                    ? Optional.ofNullable(config.applicationLogLevel).orElse("INFO") : application;
            config.systemLogLevel = system == null || system.isEmpty()
                    ? Optional.ofNullable(config.systemLogLevel).orElse("INFO") : system;
        } else {
            config.applicationLogLevel = null;
            config.systemLogLevel = null;
        }
        String group = logging.path("LogGroup").asText(null);
        if (group != null && !group.isEmpty()) {
            if (!group.matches("[\\.\\-_/#A-Za-z0-9]+") || group.length() > 512) {
                throw LambdaErrors.validation("loggingConfig.logGroup", group, "Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+");
            }
            config.logGroup = group;
        }
    }

    private static List<String> architectures(JsonNode node) {
        List<String> values = new ArrayList<>();
        node.forEach(value -> values.add(value.asText()));
        if (values.size() != 1) {
            throw LambdaErrors.validation("architectures", values.toString(),
                    "Member must have length less than or equal to 1");
        }
        if (!Set.of("x86_64", "arm64").contains(values.get(0))) {
            throw LambdaErrors.validation("architectures", values.toString(),
                    "Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]");
        }
        return values;
    }

    /**
     * Decodes an upload's {@code ZipFile} (base64 in JSON) into a staged file while the request is read, so that the
     * package is never held in memory whole; {@link #checkCode} then applies Lambda's rules to it.
     *
     * @param base64 writes the decoded bytes; an {@link IOException} or {@link IllegalArgumentException} from it
     *               means the value is not base64
     */
    public UploadedPackage stageZipFile(CodeStore.PackageWriter base64) {
        try {
            return codes.stage(base64, MAX_ZIP_BYTES);
        } catch (CodeStore.PackageTooLarge tooLarge) {
            throw LambdaErrors.tooLarge("RequestEntityTooLargeException", "Zipped size must be smaller than " + MAX_ZIP_BYTES + " bytes");
        } catch (IOException | IllegalArgumentException notBase64) {
            // Jackson reports a character outside the base64 alphabet as an IllegalArgumentException.
            throw LambdaErrors.unreadableZip();
        }
    }

    /**
     * The function's code: {@code ZipFile} only (staged by {@link #stageZipFile}), at most 50 MB, a readable zip
     * with at least one entry, at most 250 MB unzipped by its entries' sizes. S3 and image sources are not served here.
     *
     * @param code the request's {@code Code} (CreateFunction) or the request itself (UpdateFunctionCode)
     * @return the package, or {@code null} when the request names no source
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html">Lambda quotas (deployment package size)</a>
     */
    private static UploadedPackage checkCode(JsonNode code, UploadedPackage zipFile) {
        if (code != null && !code.isNull()) {
            if (code.hasNonNull("S3Bucket") || code.hasNonNull("S3Key")) {
                throw LambdaErrors.invalidParameter("Code from S3 (S3Bucket/S3Key) is not supported by this endpoint; upload the package as ZipFile.");
            }
            if (code.hasNonNull("ImageUri")) {
                throw LambdaErrors.invalidParameter("Please don't provide ImageUri when updating a function with packageType Zip.");
            }
        }
        if (zipFile == null) {
            return null;
        }
        long unzipped = 0;
        try (ZipFile zip = new ZipFile(zipFile.file().toFile())) {
            if (zip.size() == 0) {
                throw LambdaErrors.unreadableZip();
            }
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                unzipped += Math.max(0, entries.nextElement().getSize());
            }
        } catch (IOException corrupt) {
            throw LambdaErrors.unreadableZip();
        }
        if (unzipped > MAX_UNZIPPED_BYTES) {
            throw LambdaErrors.invalidParameter("Unzipped size must be smaller than " + MAX_UNZIPPED_BYTES + " bytes");
        }
        return zipFile;
    }

    private void storeCode(FunctionConfig config, UploadedPackage zip) {
        config.codeSha256 = zip.sha256Base64();
        config.codeSha256Hex = zip.sha256Hex();
        config.codeSize = zip.size();
        codes.adopt(zip);
    }

    private void retainReferencedCode() {
        Set<String> referenced = new HashSet<>();
        functions.values().forEach(function -> {
            referenced.add(function.latest.codeSha256Hex);
            function.versions.values().forEach(version -> referenced.add(version.codeSha256Hex));
        });
        codes.retainOnly(referenced);
    }

    // ---- state transitions ----------------------------------------------------------------------------------------

    /** An update of {@code $LATEST}: {@code InProgress} now, {@code Successful} once the host took the definition. */
    private void beginUpdate(StoredFunction function, FunctionConfig updated) {
        updated.lastModified = now();
        updated.revisionId = revision();
        updated.lastUpdateStatus = "InProgress";
        // AWS reports this reason and code for an update in progress (LocalStack's test_function_lifecycle snapshot).
        updated.lastUpdateStatusReason = "The function is being created.";
        updated.lastUpdateStatusReasonCode = "Creating";
        function.latest = updated;
        save();
        scheduleDeploy(function.name);
    }

    private void checkNotUpdating(StoredFunction function) {
        if ("InProgress".equals(function.latest.lastUpdateStatus) || "Pending".equals(function.latest.state)) {
            throw LambdaErrors.conflict("The operation cannot be performed at this time. An update is in progress for resource: " + function.arn);
        }
    }

    /** Hands {@code $LATEST} to the host, then makes the function Active / the update Successful (or Failed). */
    private void scheduleDeploy(String functionName) {
        scheduleDeploy(functionName, FunctionDefinition.LATEST);
    }

    /**
     * Hands a published version to the host as its own deployment, then makes it Active (or Failed). A version never
     * changes, so it is deployed once, when published (and again on start); its processes start on first use.
     */
    private void scheduleVersionDeploy(String functionName, String version) {
        scheduleDeploy(functionName, version);
    }

    private void scheduleDeploy(String functionName, String version) {
        control.execute(() -> {
            FunctionDefinition definition;
            synchronized (this) {
                StoredFunction function = functions.get(functionName);
                FunctionConfig config = function == null ? null : function.version(version);
                if (config == null) {
                    return;
                }
                definition = definition(function, config);
            }
            String failure = null;
            try {
                if (RUN_HERE.contains(definition.runtime())) {
                    functionHost.deploy(definition);
                } else {
                    // The host runs Java only (FunctionDefinition's contract); a function of another runtime is stored
                    // and Active as in AWS, and one that changed away from Java is no longer hosted.
                    functionHost.remove(definition.deployment());
                }
            } catch (RuntimeException hostFailed) {
                LOG.warn("The function host refused {}", definition.deployment(), hostFailed);
                failure = String.valueOf(hostFailed.getMessage());
            }
            synchronized (this) {
                StoredFunction function = functions.get(functionName);
                FunctionConfig config = function == null ? null : function.version(version);
                if (config == null || !definition.codeSha256().equals(config.codeSha256)) {
                    return;
                }
                if (!FunctionDefinition.LATEST.equals(version) && failure == null && "Active".equals(config.state)
                        && !"InProgress".equals(config.lastUpdateStatus)) {
                    return; // a version deployed again on start: nothing changed, its RevisionId stays
                }
                if (failure == null) {
                    config.state = "Active";
                    config.stateReason = null;
                    config.stateReasonCode = null;
                    config.lastUpdateStatus = "Successful";
                    config.lastUpdateStatusReason = null;
                    config.lastUpdateStatusReasonCode = null;
                } else {
                    config.state = "Failed";
                    config.stateReason = failure;
                    config.stateReasonCode = "InternalError";
                    config.lastUpdateStatus = "Failed";
                    config.lastUpdateStatusReason = failure;
                    config.lastUpdateStatusReasonCode = "InternalError";
                }
                config.revisionId = revision();
                save();
                // The previous package is no longer the host's current definition: drop it unless a version keeps it.
                retainReferencedCode();
            }
        });
    }

    private FunctionDefinition definition(StoredFunction function, FunctionConfig config) {
        return new FunctionDefinition(function.name, function.arn, config.runtime, config.handler,
                codes.path(config.codeSha256Hex), config.codeSha256, config.memorySize, config.timeout,
                config.environment == null ? Map.of() : config.environment, config.role, config.logGroup,
                config.tracingMode, config.version, config.logFormat, config.applicationLogLevel, config.systemLogLevel);
    }

    private static boolean hostCall(Runnable call) {
        try {
            call.run();
            return true;
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (RuntimeException | Error hostFailed) {
            // A linkage error in the host (a stale jar) must not leave a function Pending or a mapping Creating forever.
            LOG.warn("The Lambda host failed", hostFailed);
            return false;
        }
    }

    // ---- output shapes --------------------------------------------------------------------------------------------

    /**
     * {@code FunctionConfiguration} as GetFunctionConfiguration returns it: every field Terraform's
     * {@code aws_lambda_function} reads back, with AWS's defaults.
     */
    private ObjectNode configuration(StoredFunction function, FunctionConfig config, String aliasName) {
        ObjectNode node = JSON.createObjectNode();
        node.put("FunctionName", function.name);
        String qualifier = aliasName != null ? aliasName : config.version.equals("$LATEST") ? null : config.version;
        node.put("FunctionArn", qualifier == null ? function.arn : function.arn + ":" + qualifier);
        node.put("Runtime", config.runtime);
        node.put("Role", config.role);
        node.put("Handler", config.handler);
        node.put("CodeSize", config.codeSize);
        node.put("Description", config.description);
        node.put("Timeout", config.timeout);
        node.put("MemorySize", config.memorySize);
        node.put("LastModified", config.lastModified);
        node.put("CodeSha256", config.codeSha256);
        node.put("Version", config.version);
        if (config.environment != null) {
            ObjectNode variables = node.putObject("Environment").putObject("Variables");
            config.environment.forEach(variables::put);
        }
        if (config.deadLetterTargetArn != null) {
            node.putObject("DeadLetterConfig").put("TargetArn", config.deadLetterTargetArn);
        }
        if (config.kmsKeyArn != null) {
            node.put("KMSKeyArn", config.kmsKeyArn);
        }
        node.putObject("TracingConfig").put("Mode", config.tracingMode);
        node.put("RevisionId", config.revisionId);
        node.put("State", config.state);
        putIfPresent(node, "StateReason", config.stateReason);
        putIfPresent(node, "StateReasonCode", config.stateReasonCode);
        putIfPresent(node, "LastUpdateStatus", config.lastUpdateStatus);
        putIfPresent(node, "LastUpdateStatusReason", config.lastUpdateStatusReason);
        putIfPresent(node, "LastUpdateStatusReasonCode", config.lastUpdateStatusReasonCode);
        node.put("PackageType", config.packageType);
        ArrayNode architectures = node.putArray("Architectures");
        config.architectures.forEach(architectures::add);
        node.putObject("EphemeralStorage").put("Size", config.ephemeralStorage);
        ObjectNode snapStart = node.putObject("SnapStart");
        snapStart.put("ApplyOn", config.snapStartApplyOn);
        snapStart.put("OptimizationStatus", "PublishedVersions".equals(config.snapStartApplyOn) && !config.version.equals("$LATEST") ? "On" : "Off");
        node.putObject("RuntimeVersionConfig").put("RuntimeVersionArn", runtimeVersionArn(config.runtime));
        ObjectNode logging = node.putObject("LoggingConfig");
        logging.put("LogFormat", config.logFormat);
        putIfPresent(logging, "ApplicationLogLevel", config.applicationLogLevel);
        putIfPresent(logging, "SystemLogLevel", config.systemLogLevel);
        logging.put("LogGroup", config.logGroup);
        return node;
    }

    /** A stable runtime version ARN per runtime, in AWS's form {@code arn:aws:lambda:<region>::runtime:<64 hex>}. */
    private String runtimeVersionArn(String runtime) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(String.valueOf(runtime).getBytes(StandardCharsets.UTF_8));
            return "arn:aws:lambda:" + region + "::runtime:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    /** One page of {@code items}: the marker is the index of the next item; {@code MaxItems} 1..10000 (default 50). */
    private static ObjectNode page(List<ObjectNode> items, String field, String marker, Integer maxItems) {
        int size = maxItems == null ? 50 : maxItems;
        if (size < 1 || size > 10_000) {
            throw LambdaErrors.validation("maxItems", size, size < 1 ? "Member must have value greater than or equal to 1"
                    : "Member must have value less than or equal to 10000");
        }
        int from = 0;
        if (marker != null && !marker.isEmpty()) {
            try {
                from = Integer.parseInt(new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException badMarker) {
                throw LambdaErrors.invalidParameter("Invalid Marker: " + marker);
            }
        }
        ObjectNode output = JSON.createObjectNode();
        ArrayNode list = output.putArray(field);
        int to = Math.min(items.size(), Math.max(from, 0) + size);
        for (int index = Math.max(from, 0); index < to; index++) {
            list.add(items.get(index));
        }
        if (to < items.size()) {
            output.put("NextMarker", Base64.getUrlEncoder().withoutPadding().encodeToString(String.valueOf(to).getBytes(StandardCharsets.UTF_8)));
        }
        return output;
    }

    // ---- names, ARNs, qualifiers ----------------------------------------------------------------------------------

    /** A function reference: a name, a partial ARN ({@code 123456789012:function:name}) or an ARN, maybe qualified. */
    record FunctionRef(String name, String qualifier) {
    }

    private record Resolved(StoredFunction function, FunctionConfig config, String qualifier, String aliasName) {

        /**
         * The ARN the caller invoked, as the function sees it ({@code context.getInvokedFunctionArn()}): the function's
         * ARN qualified as the caller qualified it (the version, {@code $LATEST} or the alias, even when the alias
         * routes to a version), unqualified when the caller named the function alone.
         *
         * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/java-context.html">Java context object (getInvokedFunctionArn)</a>
         */
        String invokedArn() {
            return qualifier == null ? function.arn : function.arn + ":" + qualifier;
        }
    }

    /**
     * Parses a FunctionName parameter by the API model's pattern and length.
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_GetFunction.html#API_GetFunction_RequestSyntax">FunctionName</a>
     */
    static FunctionRef parseFunctionRef(String value, int maxLength) {
        if (value == null || value.isEmpty()) {
            throw LambdaErrors.validation("functionName", value, "Member must have length greater than or equal to 1");
        }
        if (value.length() > maxLength) {
            throw LambdaErrors.validation("functionName", value, "Member must have length less than or equal to " + maxLength);
        }
        Matcher matcher = FUNCTION_NAME.matcher(value);
        if (!matcher.matches()) {
            throw LambdaErrors.validation("functionName", value, "Member must satisfy regular expression pattern: " + FUNCTION_NAME_PATTERN);
        }
        return new FunctionRef(matcher.group(10), matcher.group(12));
    }

    /** The qualifier of a call: the ARN's and the parameter's must agree when both are given. */
    private static String combinedQualifier(FunctionRef ref, String qualifier) {
        if (qualifier != null && qualifier.isEmpty()) {
            qualifier = null;
        }
        if (qualifier != null && !qualifier.matches("[a-zA-Z0-9$_-]+")) {
            throw LambdaErrors.validation("qualifier", qualifier, "Member must satisfy regular expression pattern: (|[a-zA-Z0-9$_-]+)");
        }
        if (ref.qualifier() != null && qualifier != null && !ref.qualifier().equals(qualifier)) {
            throw LambdaErrors.invalidParameter("The derived qualifier from the function name does not match the specified qualifier.");
        }
        return ref.qualifier() != null ? ref.qualifier() : qualifier;
    }

    /** A function and the configuration a qualifier names: {@code $LATEST}, a version number or an alias. */
    private Resolved resolve(String functionName, String qualifier) {
        FunctionRef ref = parseFunctionRef(functionName, 170);
        String effective = combinedQualifier(ref, qualifier);
        StoredFunction function = functions.get(ref.name());
        if (function == null) {
            throw LambdaErrors.functionNotFound(functionArn(ref.name()) + (effective == null ? "" : ":" + effective));
        }
        if (effective == null || effective.equals("$LATEST")) {
            return new Resolved(function, function.latest, effective, null);
        }
        FunctionConfig version = function.version(effective);
        if (version != null) {
            return new Resolved(function, version, effective, null);
        }
        StoredAlias alias = function.aliases.get(effective);
        if (alias != null) {
            return new Resolved(function, function.version(alias.functionVersion), effective, alias.name);
        }
        throw LambdaErrors.functionNotFound(function.arn + ":" + effective);
    }

    private StoredFunction existing(String name) {
        StoredFunction function = functions.get(name);
        if (function == null) {
            throw LambdaErrors.functionNotFound(functionArn(name));
        }
        return function;
    }

    /** Operations that act on the function itself, not a version or alias. */
    private StoredFunction unqualified(String functionName) {
        FunctionRef ref = parseFunctionRef(functionName, 140);
        StoredFunction function = existing(ref.name());
        if (ref.qualifier() != null && !ref.qualifier().equals("$LATEST")) {
            throw LambdaErrors.invalidParameter("This operation is permitted on Lambda functions only. Aliases and versions do not "
                    + "support this operation. Please specify either a function name or an unqualified function ARN.");
        }
        return function;
    }

    private String functionArn(String name) {
        return "arn:aws:lambda:" + region + ":" + accountId + ":function:" + name;
    }

    private static void checkRevision(String current, String given, String api) {
        if (given != null && !given.equals(current)) {
            throw LambdaErrors.preconditionFailed(api);
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private String now() {
        return LAST_MODIFIED.format(clock.instant());
    }

    private static String revision() {
        return UUID.randomUUID().toString();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private void save() {
        store.save(new LambdaState(new ArrayList<>(functions.values()), new ArrayList<>(mappings.values())));
    }

    @Override
    public void close() {
        control.shutdown();
        asyncRetries.shutdownNow();
        asyncInvocations.shutdown();
        try {
            control.awaitTermination(5, TimeUnit.SECONDS);
            asyncInvocations.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        codes.close();
    }
}
