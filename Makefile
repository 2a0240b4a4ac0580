# DynamoDB Streams pipelines: build, test, run locally, deploy with Terraform.
# `make help` lists the targets. Every target works from a fresh clone with a JDK 17+ and Maven.

MVN        ?= mvn
MVN_FLAGS  ?= -B -ntp
TFCHECK    ?= ../shared/tools/tfcheck/tfcheck

.DEFAULT_GOAL := help
.PHONY: help build test unit-test

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

build: ## Build every function jar (<module>/target/<module>.jar), tests skipped
	$(MVN) $(MVN_FLAGS) -DskipTests package

test: ## Unit tests, integration tests on embedded emulators, Terraform checks
	$(MVN) $(MVN_FLAGS) verify

unit-test: ## Unit tests only (no emulators), for a quick loop
	$(MVN) $(MVN_FLAGS) -DskipITs verify
