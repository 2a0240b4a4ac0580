# DynamoDB Streams pipelines: build, test, run locally, deploy with Terraform.
# `make help` lists the targets. Every target works from a fresh clone with a JDK 17+ and Maven.

MVN        ?= mvn
MVN_FLAGS  ?= -B -ntp
TFCHECK    ?= ../shared/tools/tfcheck/tfcheck

.DEFAULT_GOAL := help
.PHONY: help build test unit-test run demo clean

# The local runtime runs from its classes plus the class path Maven wrote at package time.
RUNTIME_CP = local-runtime/target/classes:$$(cat local-runtime/target/classpath.txt)
RUNTIME_JAVA = java -XX:TieredStopAtLevel=1 -Dsun.net.httpserver.nodelay=true -cp "$(RUNTIME_CP)"

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

build: ## Build every function jar (<module>/target/<module>.jar), tests skipped
	$(MVN) $(MVN_FLAGS) -DskipTests package

test: ## Unit tests, integration tests on embedded emulators, Terraform checks
	$(MVN) $(MVN_FLAGS) verify

unit-test: ## Unit tests only (no emulators), for a quick loop
	$(MVN) $(MVN_FLAGS) -DskipITs verify

run: build ## Run the whole system on 127.0.0.1 (API :8080, DynamoDB :8000, SQS :9324, Kinesis :4567); ARGS="--in-memory --help ..."
	@$(RUNTIME_JAVA) dev.ddbstreams.local.Main $(ARGS)

demo: build ## Drive all nine scenario rows against a fresh in-memory runtime and print what happened
	@$(RUNTIME_JAVA) dev.ddbstreams.local.Demo $(ARGS)

clean: ## Remove build output (keeps .local-data/, the local runtime's data)
	$(MVN) $(MVN_FLAGS) -q clean
