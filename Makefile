# DynamoDB Streams pipelines: build, test, run locally, deploy with Terraform.
# `make help` lists the targets. Every target works from a fresh clone with a JDK 17+ and Maven.

MVN        ?= mvn
MVN_FLAGS  ?= -B -ntp
TFCHECK    ?= ../shared/tools/tfcheck/tfcheck

.DEFAULT_GOAL := help
.PHONY: help build test unit-test run demo bench bench-dynamodb soak fuzz clean

# The local runtime runs from its classes plus the class path Maven wrote at package time. Its JVM hosts
# DynamoDB Local and ElasticMQ, so it keeps the full JIT (function JVMs use C1 only, for cold starts).
RUNTIME_CP = local-runtime/target/classes:$$(cat local-runtime/target/classpath.txt)
RUNTIME_JAVA = java -Dsun.net.httpserver.nodelay=true -cp "$(RUNTIME_CP)"

# run, demo, bench, soak and fuzz rebuild only when a source, POM or the wiring changed since the last build:
# shading four jars takes most of a minute, and an unchanged tree needs none of it.
BUILD_INPUTS := $(shell find . -name target -prune -o -name node_modules -prune -o -name .local-data -prune -o \
	\( -path '*/src/*' -o -name pom.xml -o -name wiring.json \) -type f -print 2>/dev/null)
BUILD_STAMP  := local-runtime/target/.build-stamp

$(BUILD_STAMP): $(BUILD_INPUTS)
	$(MVN) $(MVN_FLAGS) -DskipTests package
	@mkdir -p $(@D) && touch $@

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-15s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

build: ## Build every function jar (<module>/target/<module>.jar), tests skipped
	$(MVN) $(MVN_FLAGS) -DskipTests package
	@mkdir -p $(dir $(BUILD_STAMP)) && touch $(BUILD_STAMP)

test: ## Unit tests, integration tests on embedded emulators, Terraform checks; ends with each skipped test and its reason, and a passed/failed/skipped line
	@$(MVN) $(MVN_FLAGS) verify; status=$$?; java tools/TestReport.java .; exit $$status

unit-test: ## Unit tests only (no emulators), for a quick loop
	$(MVN) $(MVN_FLAGS) -DskipITs verify

run: $(BUILD_STAMP) ## Run the whole system on 127.0.0.1 (API :8080, DynamoDB :8000, SQS :9324, Kinesis :4567); ARGS="--in-memory --help ..."
	@$(RUNTIME_JAVA) dev.ddbstreams.local.Main $(ARGS)

demo: $(BUILD_STAMP) ## Drive all nine scenario rows against a fresh in-memory runtime and print what happened
	@$(RUNTIME_JAVA) dev.ddbstreams.local.Demo $(ARGS)

bench: $(BUILD_STAMP) ## Write-to-effect latency at a steady rate, memory, then aggregator records/s (ARGS="--rate 50 --seconds 60 --burst 5000")
	@$(RUNTIME_JAVA) dev.ddbstreams.local.bench.LatencyBenchmark $(ARGS)

bench-dynamodb: ## DynamoDB engine alone: PutItem/GetItem/UpdateItem ops/s with 1 and 8 SDK clients, TransactWriteItems/s, stream lag (ARGS="--seconds N")
	@$(MVN) $(MVN_FLAGS) -q -pl dynamodb-engine test-compile dependency:build-classpath -Dmdep.includeScope=test \
		-Dmdep.outputFile=target/test-classpath.txt
	@java -cp "dynamodb-engine/target/test-classes:dynamodb-engine/target/classes:$$(cat dynamodb-engine/target/test-classpath.txt)" \
		dev.ddbstreams.dynamodb.bench.DynamoDbEngineBenchmark $(ARGS)

soak: $(BUILD_STAMP) ## Fault soak: 20,000 writes + 2,000 notes under function and DynamoDB errors, kills, a restart (ARGS="--reduced --seed N")
	@$(RUNTIME_JAVA) dev.ddbstreams.local.faults.Soak $(ARGS)

fuzz: $(BUILD_STAMP) ## HTTP API fuzzer: 2,000 seeded malformed and hostile requests against a fresh runtime (ARGS="--requests N --seed N")
	@$(RUNTIME_JAVA) dev.ddbstreams.local.faults.Fuzz $(ARGS)

clean: ## Remove build output (keeps .local-data/, the local runtime's data)
	$(MVN) $(MVN_FLAGS) -q clean

# ---- Terraform: plan, deploy, destroy, tf-check (see terraform/README.md) --------------------------
# TARGET=aws (default) or TARGET=localstack; LocalStack state lives in its own workspace ("localstack"),
# so it never mixes with the state of a real AWS deployment.
TARGET              ?= aws
TERRAFORM           ?= terraform
TF_DIR              ?= terraform
TF_PLAN             ?= tfplan
LOCALSTACK_ENDPOINT ?= http://localhost:4566
TF_INIT_FLAGS       ?=
TF_VAR_FLAGS        ?=
AUTO_APPROVE        ?=

TF_RUN  = cd $(TF_DIR) && $(if $(filter localstack,$(TARGET)),TF_WORKSPACE=localstack ,)$(TERRAFORM)
TF_VARS = -var=target=$(TARGET)$(if $(filter localstack,$(TARGET)), -var=localstack_endpoint=$(LOCALSTACK_ENDPOINT),) $(TF_VAR_FLAGS)

.PHONY: plan deploy destroy tf-check tf-init tf-target

tf-target:
	@case "$(TARGET)" in aws|localstack) ;; *) echo "TARGET must be aws or localstack, not '$(TARGET)'" >&2; exit 2 ;; esac

tf-init: tf-target
	$(TF_RUN) init -input=false $(TF_INIT_FLAGS)

plan: tf-target build tf-init ## Build, then terraform plan into terraform/tfplan (TARGET=aws|localstack)
	$(TF_RUN) plan -input=false $(TF_VARS) -out=$(TF_PLAN)

deploy: plan ## Build, terraform init, plan to terraform/tfplan, apply that plan (TARGET=aws|localstack)
	$(TF_RUN) apply -input=false $(TF_PLAN)

destroy: tf-target tf-init ## terraform destroy, no build needed (TARGET=aws|localstack; AUTO_APPROVE=1 skips the prompt)
	$(TF_RUN) destroy -input=false $(TF_VARS)$(if $(AUTO_APPROVE), -auto-approve,)

tf-check: ## Offline terraform fmt -check and validate (tfcheck), plus terraform fmt -check where installed
	$(TFCHECK) fmt -check -diff $(TF_DIR)
	$(TFCHECK) validate $(TF_DIR)
	@if command -v $(TERRAFORM) >/dev/null 2>&1; then echo "$(TERRAFORM) fmt -check -recursive $(TF_DIR)"; $(TERRAFORM) fmt -check -recursive $(TF_DIR); fi
# ---- end of Terraform section ----------------------------------------------------------------------
