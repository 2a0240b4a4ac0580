/**
 * Proof under faults: a fault-injection harness over the local runtime, the soak that uses it, and an HTTP API
 * fuzzer. The functions' code and jars are never touched: every fault is injected around them, the way the real
 * world injects it.
 *
 * <h2>Faults</h2>
 * <ul>
 * <li><b>Function errors</b> ({@link dev.ddbstreams.local.faults.FunctionFaultInjector}): a decorator of the
 * {@code FunctionInvoker} the mappings use (hook {@code LocalRuntimeOptions.Hooks#invokerDecorator}) fails a fraction
 * of the invocations before running the function, or after running it (its effects happened and the batch is
 * delivered again: only idempotent effects survive that), and fails every batch holding a <i>poison</i> record, so
 * bisection isolates it and the mapping gives up on it after its retries. Invocations from the HTTP API pass through.
 * It also records, record by record, what each stream mapping delivered and what the function acknowledged
 * ({@link dev.ddbstreams.local.faults.DeliveryTracker}).</li>
 * <li><b>DynamoDB write errors</b> ({@link dev.ddbstreams.local.faults.DynamoDbFaultProxy}): a loopback HTTP proxy in
 * front of the DynamoDB engine, one port per function, that the functions reach through {@code AWS_ENDPOINT_URL_DYNAMODB}
 * (hook {@code LocalRuntimeOptions.Hooks#functionDynamoDbEndpoint}). It answers a fraction of the write requests
 * ({@code PutItem}, {@code UpdateItem}, {@code DeleteItem}, {@code TransactWriteItems}, {@code BatchWriteItem}) with
 * DynamoDB's own error JSON: 400 {@code ThrottlingException} and {@code ProvisionedThroughputExceededException}
 * (never applied), 500 {@code InternalServerError} (half of them for idempotent consumers <i>after</i> applying the
 * write, as a real 500 may). The SDK's retries absorb most, as in AWS; the proxy counts them from the SDK's
 * {@code amz-sdk-request} header.</li>
 * <li><b>A function JVM killed mid-batch</b>: the soak waits until a function is busy with a batch of at least two
 * records, kills its process tree ({@code FunctionRuntime.processes}), and checks that the invocation ended with
 * the process gone; the runtime restarts the function on next use.</li>
 * <li><b>The runtime stopped and started again mid-stream</b> on the same data directory: tables, queues and
 * checkpoints persist; batches in flight are delivered again.</li>
 * </ul>
 *
 * <h2>Soak</h2>
 * {@link dev.ddbstreams.local.faults.SoakRun} ({@code make soak}, full size; {@code FaultSoakIT}, reduced, in
 * {@code make test}) writes a seeded {@link dev.ddbstreams.local.faults.SoakWorkload} of inserts, updates (including
 * users and items moving to another group) and deletes on {@code GameScoreRecords} and {@code StoreOrders}, and
 * notes through the HTTP API, in four segments with a process fault in each of the first three: a kill while the
 * segment streams in (so a batch is in flight to cut short), a kill, then the restart after the third. The random
 * faults stay on until every record has been delivered at least once, then stop; the soak waits for the drain (the
 * SQS messages a stopped runtime had received included: the fed queues get their function's timeout as visibility
 * timeout for the run, not the wiring's 180 s, so they come back within it) and
 * checks ({@link dev.ddbstreams.local.faults.SoakVerifier}), each against an independent reference:
 * <ul>
 * <li>both views equal the truth recomputed by scanning the source tables (a missing row is zero; numbers are
 * compared as numbers);</li>
 * <li>every note carries the word count of its content, computed here with the same definition (runs of code points
 * that are not Unicode {@code White_Space}); no note the API created is missing, none it deleted is left;</li>
 * <li>no stream record is lost: every record of each source stream, read independently
 * ({@link dev.ddbstreams.local.faults.StreamCatalog}), was acknowledged by a successful invocation or is inside a
 * batch described in the mapping's on-failure queue;</li>
 * <li>every batch the engine gave up on (its {@code GIVEN_UP} reports) is in the right on-failure queue, in AWS's
 * on-failure record format for this function and stream, describing records that exist, and nothing else is there;
 * every poison record is described; every other on-failure queue and the redrive DLQ stay empty.</li>
 * </ul>
 * It prints the figures ({@link dev.ddbstreams.local.faults.SoakReport}): writes, faults injected by kind, retries
 * observed, given-up batches, mismatches, lost records, time to drain after the faults stopped, total duration.
 * The run works on a copy of the jars ({@link dev.ddbstreams.local.faults.RepositorySnapshot}) so that a build in
 * the working tree meanwhile cannot replace them under the running functions.
 *
 * <h2>HTTP fuzzer</h2>
 * {@link dev.ddbstreams.local.faults.HttpFuzzer} ({@code make fuzz}; {@code HttpFuzzIT} in {@code make test}) sends
 * 2,000 seeded requests ({@link dev.ddbstreams.local.faults.FuzzCorpus}: invalid JSON, deep nesting, bodies over the
 * item, function and 10 MB API limits, wrong types, Unicode edge cases, odd ids and paths, every method, odd headers
 * and content types, and HTTP syntax errors) over raw sockets to the runtime's HTTP API on 127.0.0.1, and requires:
 * no 5xx, an answer to every well-formed request, a JSON error body with an {@code Apigw-Requestid} on every 4xx
 * (also on what the HTTP server refuses before any route is selected: malformed request lines, escapes and framing,
 * oversized headers), no invalid input accepted, no function restarted and no process gone, the runtime still serving.
 * {@link dev.ddbstreams.local.faults.HttpFuzzer#runEdge} then sends 2,000 more to the runtime's AWS edge
 * ({@link dev.ddbstreams.local.faults.EdgeFuzzCorpus}: valid requests to every service the edge serves, in each of its
 * protocols, signed or not, mutated in body bytes, values, nesting, size, operation, content type, path, method,
 * headers and HTTP syntax) and requires the same, each 4xx in the error shape of the protocol the request speaks
 * (JSON, AWS's query XML, CBOR), and the edge, the DynamoDB and Kinesis engines and ElasticMQ still answering.
 * {@link dev.ddbstreams.local.faults.FuzzRules} holds the classification rules for both targets; a hang (no answer
 * within the request timeout) is a failure.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/services-dynamodb-errors.html">Error handling for DynamoDB event sources</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html">DynamoDB error handling</a>
 */
package dev.ddbstreams.local.faults;
