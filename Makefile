# DynamoDB Streams pipelines: build, test, run locally, deploy with Terraform.
# `make help` lists the targets. Every target works from a fresh clone with a JDK 17+ and Maven.

MVN        ?= mvn
MVN_FLAGS  ?= -B -ntp
TFCHECK    ?= ../shared/tools/tfcheck/tfcheck

.DEFAULT_GOAL := help
.PHONY: help build test unit-test run demo bench bench-dynamodb bench-kinesis soak fuzz clean

# The local runtime runs from its classes plus the class path Maven wrote at package time. Its JVM hosts
# our DynamoDB and Kinesis engines and ElasticMQ, so it keeps the full JIT (function JVMs use C1 only, for cold starts).
RUNTIME_CP = local-runtime/target/classes:$$(cat local-runtime/target/classpath.txt)
RUNTIME_JAVA = java -cp "$(RUNTIME_CP)"
# demo, bench, soak and fuzz drive a runtime from the local-harness module (kept out of the runtime's jar):
# its classes plus its class path, which holds the runtime's jar and libraries.
HARNESS_CP = local-harness/target/classes:$$(cat local-harness/target/classpath.txt)
HARNESS_JAVA = java -cp "$(HARNESS_CP)"

# run, demo, bench, soak and fuzz rebuild only when a source, POM or the wiring changed since the last build:
# shading four jars takes most of a minute, and an unchanged tree needs none of it.
BUILD_INPUTS := $(shell find . -name target -prune -o -name node_modules -prune -o -name .local-data -prune -o \
	\( -path '*/src/*' -o -name pom.xml -o -name wiring.json \) -type f -print 2>/dev/null)
BUILD_STAMP  := local-runtime/target/.build-stamp

# Maven's log at WARN: its per-module progress (hundreds of INFO lines) is not what `make run` is for, but every
# warning (javac's, the shade plugin's) and error still prints; `make build` shows the full log. (-q would hide
# the warnings too.)
$(BUILD_STAMP): $(BUILD_INPUTS)
	@echo "build: packaging the function jars and the runtime (tests skipped; full log: make build) ..."
	@$(MVN) $(MVN_FLAGS) -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -DskipTests package
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

run: $(BUILD_STAMP) ## Run the whole system on 127.0.0.1 (AWS endpoint :4566, API :8080, DynamoDB :8000, SQS :9324, Kinesis :4567); ARGS="--in-memory --empty --no-iam --help ..."
	@$(RUNTIME_JAVA) dev.ddbstreams.local.Main $(ARGS)

demo: $(BUILD_STAMP) ## Drive all nine scenario rows against a fresh in-memory runtime and print what happened
	@$(HARNESS_JAVA) dev.ddbstreams.local.Demo $(ARGS)

bench: $(BUILD_STAMP) ## Write-to-effect latency at a steady rate, memory, Kinesis put-to-invoke, aggregator records/s (ARGS="--rate 50 --seconds 60 --kinesis 500 --burst 5000")
	@$(HARNESS_JAVA) dev.ddbstreams.local.bench.LatencyBenchmark $(ARGS)

# An engine's benchmark is test code: compile it, write its test class path, run its main class.
ENGINE_BENCH = $(MVN) $(MVN_FLAGS) -q -pl $(1) test-compile dependency:build-classpath -Dmdep.includeScope=test \
		-Dmdep.outputFile=target/test-classpath.txt && \
	java -cp "$(1)/target/test-classes:$(1)/target/classes:$$(cat $(1)/target/test-classpath.txt)" $(2) $(ARGS)

bench-dynamodb: ## DynamoDB engine alone: PutItem/GetItem/UpdateItem ops/s with 1 and 8 SDK clients, TransactWriteItems/s, stream lag (ARGS="--seconds N")
	@$(call ENGINE_BENCH,dynamodb-engine,dev.ddbstreams.dynamodb.bench.DynamoDbEngineBenchmark)

bench-kinesis: ## Kinesis engine alone: PutRecords records/s and PutRecord-to-GetRecords latency, in memory and persisted (ARGS="SECONDS")
	@$(call ENGINE_BENCH,kinesis-engine,dev.ddbstreams.kinesis.bench.KinesisBenchmark)

soak: $(BUILD_STAMP) ## Fault soak: 20,000 writes + 2,000 notes under function and DynamoDB errors, kills, a restart (ARGS="--reduced --seed N")
	@$(HARNESS_JAVA) dev.ddbstreams.local.faults.Soak $(ARGS)

fuzz: $(BUILD_STAMP) ## HTTP fuzzer: 2,000 seeded malformed and hostile requests to a fresh runtime's HTTP API and 2,000 to its AWS edge (ARGS="--requests N --seed N --target api|edge|both")
	@$(HARNESS_JAVA) dev.ddbstreams.local.faults.Fuzz $(ARGS)

clean: ## Remove build output (keeps .local-data/, the local runtime's data)
	$(MVN) $(MVN_FLAGS) -q clean

# ---- Terraform: plan, deploy, destroy, tf-check (see terraform/README.md) --------------------------
# TARGET=aws (default), TARGET=local (the project's own local AWS endpoint, `make run`) or
# TARGET=localstack. Each emulated target keeps its state in its own workspace ("local", "localstack"),
# so it never mixes with the state of a real AWS deployment.
TARGET              ?= aws
TERRAFORM           ?= terraform
AWS                 ?= aws
TF_DIR              ?= terraform
TF_PLAN             ?= tfplan
LOCAL_ENDPOINT      ?= http://127.0.0.1:4566
LOCALSTACK_ENDPOINT ?= http://localhost:4566
TF_INIT_FLAGS       ?=
TF_VAR_FLAGS        ?=
AUTO_APPROVE        ?=

# Per emulated target: the workspace holding its state, its endpoint, and the variable naming it.
TF_WORKSPACE_local      = local
TF_WORKSPACE_localstack = localstack
TF_ENDPOINT_local          = $(LOCAL_ENDPOINT)
TF_ENDPOINT_localstack     = $(LOCALSTACK_ENDPOINT)
TF_ENDPOINT_VAR_local      = -var=local_endpoint=$(LOCAL_ENDPOINT)
TF_ENDPOINT_VAR_localstack = -var=localstack_endpoint=$(LOCALSTACK_ENDPOINT)

TF_RUN  = cd $(TF_DIR) && $(if $(TF_WORKSPACE_$(TARGET)),TF_WORKSPACE=$(TF_WORKSPACE_$(TARGET)) ,)$(TERRAFORM)
TF_VARS = -var=target=$(TARGET)$(if $(TF_ENDPOINT_VAR_$(TARGET)), $(TF_ENDPOINT_VAR_$(TARGET)),) $(TF_VAR_FLAGS)

.PHONY: plan deploy destroy tf-check tf-init tf-target tf-credentials tf-endpoint

tf-target:
	@case "$(TARGET)" in aws|local|localstack) ;; *) echo "TARGET must be aws, local or localstack, not '$(TARGET)'" >&2; exit 2 ;; esac

# TARGET=aws needs AWS credentials; without them the provider fails deep in an STS call. Ask the AWS CLI
# when there is one (it knows every source, SSO included), else look for the usual sources: environment
# keys, a profile, the shared credentials/config files, a web identity token, container credentials,
# and the EC2 instance metadata service (not asked when AWS_EC2_METADATA_DISABLED=true).
tf-credentials: tf-target
	@if [ "$(TARGET)" = aws ]; then \
	  if command -v $(AWS) >/dev/null 2>&1; then \
	    if answer=$$($(AWS) sts get-caller-identity --cli-connect-timeout 5 --output text 2>&1); then exit 0; fi; \
	    why="\`$(AWS) sts get-caller-identity\` failed: $$answer"; \
	  elif [ -n "$$AWS_ACCESS_KEY_ID" ] || [ -n "$$AWS_PROFILE" ] || [ -n "$$AWS_DEFAULT_PROFILE" ] \
	      || [ -n "$$AWS_WEB_IDENTITY_TOKEN_FILE" ] || [ -n "$$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI" ] \
	      || [ -n "$$AWS_CONTAINER_CREDENTIALS_FULL_URI" ] \
	      || [ -s "$${AWS_SHARED_CREDENTIALS_FILE:-$$HOME/.aws/credentials}" ] || [ -s "$${AWS_CONFIG_FILE:-$$HOME/.aws/config}" ]; then \
	    exit 0; \
	  elif [ "$$AWS_EC2_METADATA_DISABLED" != true ] && command -v curl >/dev/null 2>&1 \
	      && curl -fs -m 1 -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 60' http://169.254.169.254/latest/api/token >/dev/null 2>&1; then \
	    exit 0; \
	  else \
	    why="no AWS credentials found (no aws CLI to ask; checked AWS_ACCESS_KEY_ID, AWS_PROFILE, ~/.aws/credentials, ~/.aws/config, AWS_WEB_IDENTITY_TOKEN_FILE, AWS_CONTAINER_CREDENTIALS_*, the EC2 instance metadata service)"; \
	  fi; \
	  { echo "TARGET=aws needs AWS credentials: $$why"; \
	    echo "Give them in one of the usual ways, then run make again:"; \
	    echo "  export AWS_PROFILE=my-profile                                   (a profile in ~/.aws/config; aws sso login for SSO)"; \
	    echo "  export AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=... [AWS_SESSION_TOKEN=...]"; \
	    echo "  or a web identity token (AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN), container or instance role credentials"; \
	    echo "Or deploy without an AWS account:"; \
	    echo "  make deploy TARGET=local        the project's own local AWS endpoint (make run ARGS=--empty in another terminal)"; \
	    echo "  make deploy TARGET=localstack   a LocalStack-compatible endpoint (LOCALSTACK_ENDPOINT=$(LOCALSTACK_ENDPOINT))"; \
	  } >&2; \
	  exit 2; \
	fi

# An emulated target must answer before Terraform runs: against a closed port the provider retries each
# call with back-off for many minutes instead of failing. Any HTTP answer will do (curl without -f).
tf-endpoint: tf-target
	@endpoint="$(TF_ENDPOINT_$(TARGET))"; \
	if [ -n "$$endpoint" ] && command -v curl >/dev/null 2>&1 && ! curl -s -o /dev/null -m 5 "$$endpoint"; then \
	  { echo "TARGET=$(TARGET): nothing answers at $$endpoint (Terraform would retry every call there for many minutes)."; \
	    case "$(TARGET)" in \
	      local) echo "Start the project's local AWS endpoint first, in another terminal: make run ARGS=--empty"; \
	             echo "(or set LOCAL_ENDPOINT=http://host:port to where it listens)" ;; \
	      *) echo "Start LocalStack first (terraform/README.md, \"Deploy to LocalStack\"), or set LOCALSTACK_ENDPOINT=http://host:port" ;; \
	    esac; } >&2; \
	  exit 2; \
	fi

tf-init: tf-target
	$(TF_RUN) init -input=false $(TF_INIT_FLAGS)

plan: tf-target tf-credentials tf-endpoint build tf-init ## Build, then terraform plan into terraform/tfplan (TARGET=aws|local|localstack)
	$(TF_RUN) plan -input=false $(TF_VARS) -out=$(TF_PLAN)

deploy: plan ## Build, terraform init, plan to terraform/tfplan, apply that plan (TARGET=aws|local|localstack; LOCAL_ENDPOINT, LOCALSTACK_ENDPOINT)
	$(TF_RUN) apply -input=false $(TF_PLAN)

destroy: tf-target tf-credentials tf-endpoint tf-init ## terraform destroy, no build needed (TARGET=aws|local|localstack; AUTO_APPROVE=1 skips the prompt)
	$(TF_RUN) destroy -input=false $(TF_VARS)$(if $(AUTO_APPROVE), -auto-approve,)

tf-check: ## Offline terraform fmt -check and validate (tfcheck), plus terraform fmt -check where installed
	$(TFCHECK) fmt -check -diff $(TF_DIR)
	$(TFCHECK) validate $(TF_DIR)
	@if command -v $(TERRAFORM) >/dev/null 2>&1; then echo "$(TERRAFORM) fmt -check -recursive $(TF_DIR)"; $(TERRAFORM) fmt -check -recursive $(TF_DIR); fi
# ---- end of Terraform section ----------------------------------------------------------------------
